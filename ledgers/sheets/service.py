"""Preview, confirm and restore ledger uploads; the rule checks fed from the database.

Views, the background tasks and the ``import_ledger`` command all go through here, so the
clerk's browser, the office's command line and the benchmark run the same code.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from ledgers.models import Unit
from ledgers.sheets import rules
from ledgers.sheets.layouts import Area, Attachment
from ledgers.sheets.models import (
    FindingDecision,
    LedgerRow,
    LedgerUpload,
    ReviewState,
    UploadStatus,
)
from ledgers.sheets.parser import LedgerParser, codes_text, finding_entry
from ledgers.sheets.reader import LedgerFileError
from ledgers.sheets.signals import upload_confirmed


class LedgerRejected(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def confirmed_keys(period, attachment, unit=None, exclude_unit=None, keys=None):
    qs = (
        LedgerRow.objects.current()
        .filter(upload__period=period, upload__attachment=attachment)
        .exclude(person_key="")
    )
    if unit is not None:
        qs = qs.filter(upload__unit=unit)
    if exclude_unit is not None:
        qs = qs.exclude(upload__unit=exclude_unit)
    if keys is not None:
        qs = qs.filter(person_key__in=keys)
    return qs


def other_units_with(period, attachment, unit, keys, chunk=900):
    """{unit name: set of keys} for confirmed rows of other units sharing any of ``keys``."""
    found = {}
    keys = list(keys)
    for start in range(0, len(keys), chunk):
        part = keys[start : start + chunk]
        for name, key in confirmed_keys(
            period, attachment, exclude_unit=unit, keys=part
        ).values_list("upload__unit__name", "person_key"):
            found.setdefault(name, set()).add(key)
    return found


def run_rules(parser, unit, period):
    """Rule findings for a parsed upload of ``unit`` (list of Finding)."""
    attachment = parser.attachment
    findings = []
    people = parser.people
    if attachment == Attachment.TARGETS:
        findings += rules.cadre_target_shortfall(people, unit.cadre_count)
        findings += rules.repeated_targets(people)
        visited = set(
            confirmed_keys(period, Attachment.VISITS, unit=unit).values_list(
                "person_key", flat=True
            )
        )
        findings += rules.targets_among_visited(people, visited)
    if attachment == Attachment.VISITS:
        findings += rules.households_per_cadre(people, unit.cadre_count)
        targets = set(
            confirmed_keys(period, Attachment.TARGETS, unit=unit).values_list(
                "person_key", flat=True
            )
        )
        visited_records = [p for p in people if p.key in targets]
        if visited_records:
            findings += [
                rules.Finding(
                    "targets_among_visited",
                    "warning",
                    f.message.replace(
                        "服务对象与本单位走访的村(居)民", "走访的村(居)民与本单位服务对象"
                    ),
                    f.rows,
                    f.code,
                )
                for f in rules.targets_among_visited(visited_records, targets)
            ]
    if attachment in (Attachment.VISITS, Attachment.VISIT_PROBLEMS):
        sample = people if attachment == Attachment.VISITS else parser.area_sample
        findings += rules.urban_rural_separated(
            sample, parser.area_missing, unit_areas(parser, unit, period)
        )
    if attachment in (Attachment.VISITS, Attachment.TARGETS):
        mine = {p.key for p in people}
        others = other_units_with(period, attachment, unit, mine)
        if others:
            others[unit.name] = mine
            findings += rules.reported_by_several_units(others)
    return findings


def unit_areas(parser, unit, period):
    """城市/农村 known for the unit: what this upload places plus its confirmed 附件1/2 rows of
    the period (the urban/rural rule applies only to a unit that has both)."""
    areas = set(parser.areas_seen)
    if len(areas) < 2:
        areas |= set(
            LedgerRow.objects.current()
            .filter(upload__unit=unit, upload__period=period, upload__attachment__in=[1, 2])
            .exclude(area="")
            .values_list("area", flat=True)
            .distinct()
        )
    return areas & {Area.URBAN, Area.RURAL}


def rule_row_findings(findings):
    """{(sheet, row): [finding entry, …]} for the rule findings that mark rows 待核实."""
    marks = defaultdict(list)
    for finding in findings:
        if not finding.code:
            continue
        for sheet, row in finding.rows:
            marks[(sheet[:100], row)].append(finding_entry(finding.code, "", "", finding.message))
    return marks


def build_report(parser, unit, period):
    report = parser.report()
    findings = run_rules(parser, unit, period)
    report["findings"] = [f.as_dict() for f in findings]
    marked = set(rule_row_findings(findings)) - parser.finding_places
    report["finding_rows"] = parser.finding_rows + len(marked)
    return report


def create_upload(*, unit, period, attachment, file, name, file_kind="", uploaded_by=None):
    """Store an uploaded ledger file (private storage) and its record, queued for parsing.

    The one way an upload comes in: the upload page and ``import_ledger`` both call it."""
    upload = LedgerUpload(
        unit=unit,
        period=period,
        attachment=attachment,
        original_name=name[:255],
        file_kind=file_kind,
        uploaded_by=uploaded_by,
    )
    upload.original.save(name, file, save=False)
    upload.save()
    return upload


def _period_end(upload):
    """The upload's period end (its attachment's due date), for checking 附件1 visit dates."""
    period = upload.period if upload.period_id else None
    return period.due_date(upload.attachment) if period else None


def parse_upload(upload, progress=None):
    """Parse and check ``upload`` (nothing saved to rows) and store the preview report."""
    LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.PARSING, progress=1)
    parser = LedgerParser(
        upload.attachment,
        unit=upload.unit,
        progress=progress,
        period_end=_period_end(upload),
    )
    try:
        with upload.original.open("rb") as handle:
            parser.parse(handle, upload.original_name or upload.original.name)
    except LedgerFileError as exc:
        upload.status = UploadStatus.REFUSED
        upload.message = exc.message
        upload.report = {"refused": exc.code, "sheets": [s.as_dict() for s in parser.sheets]}
        upload.progress = 100
        upload.save(update_fields=["status", "message", "report", "progress"])
        return upload
    upload.report = build_report(parser, upload.unit, upload.period)
    upload.file_kind = parser.kind
    upload.row_count = parser.row_count
    upload.error_count = parser.error_rows
    upload.finding_count = upload.report["finding_rows"]
    upload.warning_count = parser.warning_count
    upload.status = UploadStatus.PREVIEW
    upload.progress = 100
    upload.message = preview_message(parser.row_count, parser.error_rows)
    upload.save(
        update_fields=[
            "report",
            "file_kind",
            "row_count",
            "error_count",
            "finding_count",
            "warning_count",
            "status",
            "progress",
            "message",
        ]
    )
    return upload


def preview_message(rows, error_rows):
    if not error_rows:
        return ""
    if error_rows >= rows:
        return f"全部 {rows} 行都有错误(见下表),请修改后重新上传。"
    return (
        f"有 {error_rows} 行错误(见下表),这些行无法保存。可修改后重新上传;"
        f"或勾选“跳过错误行”后确认,只保存其余 {rows - error_rows} 行,跳过的行及原因随本次上传保留。"
    )


def confirm_upload(upload, user, when=None, skip_errors=False):
    """Save the rows of ``upload`` and make it current, all or nothing (one transaction).

    Clean rows are stored clean, rows with findings are stored 待核实 with their reason codes,
    rows with errors are refused unless ``skip_errors`` (the clerk's explicit tick): then they
    are left out and recorded, with why, in ``upload.skipped_rows``.
    """
    if upload.status not in (UploadStatus.PREVIEW, UploadStatus.SAVING):
        raise LedgerRejected("只有待确认的台账才能确认。")
    if upload.error_count and not skip_errors:
        raise LedgerRejected(
            f"本文件有 {upload.error_count} 行错误,未保存。请修改后重新上传;"
            "或勾选“跳过错误行”后再确认,只保存其余的行。"
        )
    if upload.error_count >= upload.row_count:
        raise LedgerRejected("所有行都有错误,没有可保存的行。请修改后重新上传。")
    parser = LedgerParser(
        upload.attachment,
        unit=upload.unit,
        skip_errors=skip_errors,
        create_trade_types=True,
        period_end=_period_end(upload),
    )
    try:
        with upload.original.open("rb") as handle, transaction.atomic():
            upload.make_current(user, rows=parser.rows(handle, upload.original_name), when=when)
            if parser.error_rows and not skip_errors:
                raise LedgerRejected("文件内容与预览时不一致,未保存。请重新上传。")
            mark_rule_findings(upload, run_rules(parser, upload.unit, upload.period))
            upload.row_count = parser.row_count - (parser.error_rows if skip_errors else 0)
            upload.skipped_count = parser.error_rows if skip_errors else 0
            upload.skipped_rows = parser.skipped if skip_errors else []
            upload.finding_count = upload.rows.exclude(review_state=ReviewState.CLEAN).count()
            upload.message = (
                f"已跳过 {upload.skipped_count} 行错误行(原因见“跳过的行”)。"
                if upload.skipped_count
                else ""
            )
            upload.save(
                update_fields=[
                    "row_count",
                    "skipped_count",
                    "skipped_rows",
                    "finding_count",
                    "message",
                ]
            )
    except LedgerFileError as exc:
        LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.PREVIEW)
        raise LedgerRejected(exc.message) from exc
    except LedgerRejected:
        LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.PREVIEW)
        raise
    transaction.on_commit(lambda: upload_confirmed.send(sender=LedgerUpload, upload=upload))
    return upload


def mark_rule_findings(upload, findings, chunk=500):
    """Mark the rows a rule finding names (duplicate, overlap, cadre below 10) as 待核实."""
    marks = rule_row_findings(findings)
    by_sheet = defaultdict(list)
    for sheet, number in marks:
        by_sheet[sheet].append(number)
    changed = []
    for sheet, numbers in by_sheet.items():
        for start in range(0, len(numbers), chunk):
            part = numbers[start : start + chunk]
            for row in upload.rows.filter(sheet_name=sheet, row_number__in=part).only(
                "pk", "sheet_name", "row_number", "findings", "review_codes", "review_state"
            ):
                row.findings = list(row.findings) + marks[(row.sheet_name, row.row_number)]
                row.review_codes = codes_text(f["code"] for f in row.findings)
                row.review_state = ReviewState.PENDING
                changed.append(row)
    LedgerRow.objects.bulk_update(
        changed, ["findings", "review_codes", "review_state"], batch_size=500
    )
    return len(changed)


def decide_finding(row, index, decision, user, when=None):
    """The office clears (核实无误) or confirms (确认有误) finding ``index`` of ``row``; the row
    becomes 已核实 once no finding is pending. Returns the finding entry."""
    if decision not in (FindingDecision.CLEARED, FindingDecision.CONFIRMED):
        raise LedgerRejected("请选择“核实无误”或“确认有误”。")
    with transaction.atomic():
        row = LedgerRow.objects.select_for_update().get(pk=row.pk)
        findings = list(row.findings)
        if not 0 <= index < len(findings):
            raise LedgerRejected("没有这条发现,可能已被处理,请刷新页面。")
        entry = dict(findings[index])
        entry["state"] = str(decision)
        entry["decided_by"] = user.get_username() if user else ""
        entry["decided_at"] = (when or timezone.now()).isoformat()
        findings[index] = entry
        row.findings = findings
        pending = any(f.get("state") == FindingDecision.PENDING for f in findings)
        row.review_state = ReviewState.PENDING if pending else ReviewState.CHECKED
        row.save(update_fields=["findings", "review_state"])
    return row, entry


def restore_upload(upload, user, when=None):
    """Make a superseded upload current again (its rows were kept)."""
    if upload.status != UploadStatus.SUPERSEDED:
        raise LedgerRejected("只有“已被替换”的历史版本可以恢复。")
    return upload.make_current(user, rows=None, when=when or timezone.now())


def discard_upload(upload):
    if upload.status not in (UploadStatus.PREVIEW, UploadStatus.REFUSED):
        raise LedgerRejected("只能放弃尚未确认的上传。")
    upload.status = UploadStatus.DISCARDED
    upload.save(update_fields=["status"])
    return upload


def resolve_unit(value):
    """A unit by pk, full name or short name (command line)."""
    qs = Unit.objects.all()
    if str(value).isdigit():
        unit = qs.filter(pk=int(value)).first()
        if unit:
            return unit
    return qs.filter(name=value).first() or qs.filter(short_name=value).first()
