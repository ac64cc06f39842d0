"""Preview, confirm and restore ledger uploads; the rule checks fed from the database.

Views, the background tasks and the ``import_ledger`` command all go through here, so the
clerk's browser, the office's command line and the benchmark run the same code.
"""

from django.db import transaction
from django.utils import timezone

from ledgers.models import Unit
from ledgers.sheets import rules
from ledgers.sheets.layouts import Attachment
from ledgers.sheets.models import LedgerRow, LedgerUpload, UploadStatus
from ledgers.sheets.parser import LedgerParser
from ledgers.sheets.reader import LedgerFileError


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
                )
                for f in rules.targets_among_visited(visited_records, targets)
            ]
    if attachment in (Attachment.VISITS, Attachment.VISIT_PROBLEMS):
        sample = people if attachment == Attachment.VISITS else parser.area_sample
        findings += rules.urban_rural_separated(sample, parser.area_missing)
    if attachment in (Attachment.VISITS, Attachment.TARGETS):
        mine = {p.key for p in people}
        others = other_units_with(period, attachment, unit, mine)
        if others:
            others[unit.name] = mine
            findings += rules.reported_by_several_units(others)
    return findings


def build_report(parser, unit, period):
    report = parser.report()
    report["findings"] = [f.as_dict() for f in run_rules(parser, unit, period)]
    return report


def parse_upload(upload, progress=None):
    """Parse and check ``upload`` (nothing saved to rows) and store the preview report."""
    LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.PARSING, progress=1)
    parser = LedgerParser(upload.attachment, unit=upload.unit, progress=progress)
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
    upload.error_count = parser.error_count
    upload.warning_count = parser.warning_count
    upload.status = UploadStatus.PREVIEW
    upload.progress = 100
    upload.message = (
        f"有 {parser.error_count} 处错误,请修改后重新上传。" if parser.error_count else ""
    )
    upload.save(
        update_fields=[
            "report",
            "file_kind",
            "row_count",
            "error_count",
            "warning_count",
            "status",
            "progress",
            "message",
        ]
    )
    return upload


def confirm_upload(upload, user, when=None):
    """Save every row of ``upload`` and make it current, all or nothing."""
    if upload.status not in (UploadStatus.PREVIEW, UploadStatus.SAVING) or upload.error_count:
        raise LedgerRejected("只有检查通过(没有错误)的待确认台账才能确认。")
    parser = LedgerParser(upload.attachment, unit=upload.unit)
    try:
        with upload.original.open("rb") as handle, transaction.atomic():
            upload.make_current(user, rows=parser.rows(handle, upload.original_name), when=when)
            if parser.error_count:
                raise LedgerRejected("文件内容与预览时不一致,未保存。")
    except LedgerFileError as exc:
        LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.PREVIEW)
        raise LedgerRejected(exc.message) from exc
    except LedgerRejected:
        LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.PREVIEW)
        raise
    upload.row_count = parser.row_count
    upload.save(update_fields=["row_count"])
    return upload


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
