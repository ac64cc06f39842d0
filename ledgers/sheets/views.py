"""Clerk and office pages of the semiannual ledgers (mounted at /admin/sheets/).

Every view that touches one upload goes through ``require_unit_scope`` (ledgers/permissions.py):
a clerk reaches only their own unit's uploads, the office reaches all; office-only views refuse
everyone else.
"""

import io
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.db.models import Value as V
from django.db.models.functions import Coalesce, NullIf
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from ledgers.excel import safe_row, xlsx_response
from ledgers.models import ProblemCategory, Unit, UnitKind
from ledgers.permissions import UnitScope, get_in_scope, require_office
from ledgers.roles import is_office, unit_of
from ledgers.sheets import handover as row_handover
from ledgers.sheets import service, workbooks
from ledgers.sheets.forms import UploadForm
from ledgers.sheets.layouts import LAYOUTS, Attachment
from ledgers.sheets.models import (
    FindingCode,
    FindingDecision,
    LedgerRow,
    LedgerUpload,
    Obligation,
    Period,
    ReviewState,
    UploadStatus,
)
from ledgers.sheets.tasks import confirm_upload_task, parse_upload_task

SCOPE = UnitScope("unit")


def _actor(request):
    """Office staff, or a clerk with a unit; anyone else is refused."""
    office = is_office(request.user)
    unit = unit_of(request.user)
    if not office and unit is None:
        raise PermissionDenied
    return office, unit


def _scoped_upload(request, pk, action="view"):
    _actor(request)
    uploads = LedgerUpload.objects.select_related("unit", "period")
    return get_in_scope(SCOPE, request.user, uploads, action, pk=pk)


def _selected_period(request):
    periods = Period.objects.all()
    chosen = request.GET.get("period")
    period = periods.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    return period or periods.first(), periods


@login_required
def index(request):
    office, unit = _actor(request)
    period, periods = _selected_period(request)
    uploads = SCOPE.scope_queryset(request.user, LedgerUpload.objects.all()).select_related(
        "unit", "period", "uploaded_by"
    )
    if period:
        uploads = uploads.filter(period=period)
    if office and request.GET.get("unit", "").isdigit():
        uploads = uploads.filter(unit_id=int(request.GET["unit"]))
    owed = []
    if period and unit:
        obligations = {o.attachment for o in period.obligations.filter(unit=unit)}
        for number, label in Attachment.choices:
            if number in obligations:
                owed.append({"number": number, "label": label, "due": period.due_date(number)})
    form = UploadForm(office=office, unit=unit, initial={"period": period})
    return render(
        request,
        "sheets/index.html",
        {
            "office": office,
            "unit": unit,
            "period": period,
            "periods": periods,
            "uploads": uploads[:200],
            "owed": owed,
            "form": form,
            "attachments": Attachment.choices,
            "units": Unit.objects.active() if office else [],
        },
    )


@login_required
def template_download(request, period_pk, attachment):
    office, unit = _actor(request)
    period = get_object_or_404(Period, pk=period_pk)
    if attachment not in LAYOUTS:
        raise PermissionDenied
    if office and request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(Unit, pk=int(request.GET["unit"]))
    content = workbooks.template_workbook(attachment, unit=unit, period=period)
    name = f"附件{attachment}-{LAYOUTS[attachment].title}-{unit.name if unit else '模板'}.xlsx"
    return xlsx_response(content, name)


@login_required
def upload(request):
    office, unit = _actor(request)
    if request.method != "POST":
        return redirect("sheets:index")
    form = UploadForm(request.POST, request.FILES, office=office, unit=unit)
    if not form.is_valid():
        period, periods = _selected_period(request)
        return render(
            request,
            "sheets/index.html",
            {
                "office": office,
                "unit": unit,
                "period": period,
                "periods": periods,
                "uploads": [],
                "form": form,
                "attachments": Attachment.choices,
            },
            status=400,
        )
    target = form.target_unit()
    uploaded = form.cleaned_data["file"]
    record = service.create_upload(
        unit=target,
        period=form.cleaned_data["period"],
        attachment=form.cleaned_data["attachment"],
        file=uploaded,
        name=uploaded.name,
        file_kind=form.kind,
        uploaded_by=request.user,
    )
    parse_upload_task.enqueue(record.pk)
    return redirect("sheets:detail", pk=record.pk)


@login_required
def detail(request, pk):
    upload = _scoped_upload(request, pk)
    report = upload.report or {}
    issues = report.get("issues", [])
    current = (
        LedgerUpload.objects.current()
        .filter(unit=upload.unit, period=upload.period, attachment=upload.attachment)
        .exclude(pk=upload.pk)
        .first()
    )
    return render(
        request,
        "sheets/detail.html",
        {
            "upload": upload,
            "report": report,
            "errors": [i for i in issues if i["level"] == "error"][:500],
            "row_findings": [i for i in issues if i["level"] == "finding"][:500],
            "warnings": [i for i in issues if i["level"] == "warning"][:500],
            "findings": report.get("findings", []),
            "current": current,
            "office": is_office(request.user),
        },
    )


@login_required
def progress(request, pk):
    upload = _scoped_upload(request, pk)
    return JsonResponse(
        {
            "status": upload.status,
            "status_label": upload.get_status_display(),
            "progress": upload.progress,
            "running": upload.is_running,
        }
    )


@login_required
@require_POST
def confirm(request, pk):
    upload = _scoped_upload(request, pk, "change")
    if not upload.can_confirm:
        messages.error(request, "这份台账现在不能确认(没有可保存的行,或不是待确认状态)。")
        return redirect("sheets:detail", pk=upload.pk)
    skip_errors = request.POST.get("skip_errors") == "1"
    if upload.error_count and not skip_errors:
        messages.error(
            request,
            f"本文件有 {upload.error_count} 行错误。如要只保存其余的行,"
            "请勾选“跳过错误行”后再点“确认保存”;否则请修改后重新上传。",
        )
        return redirect("sheets:detail", pk=upload.pk)
    LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.SAVING, progress=0)
    upload.status = UploadStatus.SAVING
    confirm_upload_task.enqueue(upload.pk, request.user.pk, skip_errors)
    upload.refresh_from_db()
    if upload.status == UploadStatus.CONFIRMED:
        text = f"已确认,保存 {upload.row_count} 行"
        if upload.finding_count:
            text += f"(其中 {upload.finding_count} 行标记为待核实)"
        if upload.skipped_count:
            text += f",跳过错误行 {upload.skipped_count} 行"
        messages.success(request, text + "。")
    elif upload.status == UploadStatus.SAVING:
        messages.info(request, "正在后台保存,请稍候刷新本页。")
    else:
        messages.error(request, upload.message or "保存失败,数据未改变。")
    return redirect("sheets:detail", pk=upload.pk)


@login_required
@require_POST
def discard(request, pk):
    upload = _scoped_upload(request, pk, "change")
    try:
        service.discard_upload(upload)
    except service.LedgerRejected as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已放弃本次上传,原有数据不变。")
    return redirect("sheets:detail", pk=upload.pk)


@login_required
@require_POST
def restore(request, pk):
    upload = _scoped_upload(request, pk, "change")
    try:
        service.restore_upload(upload, request.user)
    except service.LedgerRejected as exc:
        messages.error(request, exc.message)
    else:
        log(upload, "sheets.restore", user=request.user)
        messages.success(request, "已恢复为当前版本,原当前版本转入历史。")
    return redirect("sheets:detail", pk=upload.pk)


@login_required
@require_POST
def accept_categories(request, pk):
    """Office: add the unknown problem types found in an upload, then check it again."""
    upload = _scoped_upload(request, pk, "change")
    require_office(request.user)
    names = [n for n in request.POST.getlist("category") if n.strip()]
    known = set(upload.report.get("unknown_categories", {}))
    added = []
    for name in names:
        if name in known:
            _cat, created = ProblemCategory.objects.get_or_create(name=name.strip()[:40])
            if created:
                added.append(name)
    text = f"已新增问题类型:{'、'.join(added) or '无'}。"
    if upload.status == UploadStatus.PREVIEW:
        LedgerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.QUEUED, progress=0)
        parse_upload_task.enqueue(upload.pk)
        upload.refresh_from_db()
        if upload.is_running:
            text += "正在后台重新检查,本页会自动刷新。"
        else:
            text += "已重新检查,结果见下方。"
    messages.success(request, text)
    return redirect("sheets:detail", pk=upload.pk)


@login_required
def original(request, pk):
    upload = _scoped_upload(request, pk)
    from ledgers.uploads import private_file_response

    return private_file_response(upload.original, upload.original_name, request=request)


@login_required
def annotated(request, pk):
    upload = _scoped_upload(request, pk)
    issues = (upload.report or {}).get("issues", [])
    with upload.original.open("rb") as handle:
        data = io.BytesIO(handle.read())
    content = workbooks.annotated_workbook(
        data, upload.original_name, upload.file_kind or "xlsx", issues
    )
    stem = upload.original_name.rsplit(".", 1)[0] or "台账"
    return xlsx_response(content, f"{stem}-检查结果.xlsx")


@login_required
def history(request, period_pk, attachment, unit_pk):
    office, _unit = _actor(request)
    unit = get_in_scope(UnitScope("pk"), request.user, Unit.objects.all(), pk=unit_pk)
    period = get_object_or_404(Period, pk=period_pk)
    uploads = (
        LedgerUpload.objects.filter(unit=unit, period=period, attachment=attachment)
        .select_related("uploaded_by", "confirmed_by")
        .order_by("-uploaded_at")
    )
    return render(
        request,
        "sheets/history.html",
        {
            "unit": unit,
            "period": period,
            "attachment": attachment,
            "layout": LAYOUTS.get(attachment),
            "uploads": uploads,
        },
    )


# -- office ---------------------------------------------------------------------------------
def board_cells(period, kind=""):
    """Units × attachments: one dict per obligation with state on_time/late/missing/pending."""
    obligations = period.obligations.select_related("unit").order_by(
        "unit__sort_order", "unit__name", "attachment"
    )
    if kind:
        obligations = obligations.filter(unit__kind=kind)
    confirmed = {
        (u.unit_id, u.attachment): u
        for u in LedgerUpload.objects.current().filter(period=period).defer("skipped_rows")
    }
    pending = set(
        LedgerUpload.objects.filter(
            period=period,
            status__in=[UploadStatus.PREVIEW, UploadStatus.QUEUED, UploadStatus.PARSING],
        ).values_list("unit_id", "attachment")
    )
    first_confirmed = {
        (r["unit_id"], r["attachment"]): r["first"]
        for r in LedgerUpload.objects.filter(period=period, confirmed_at__isnull=False)
        .values("unit_id", "attachment")
        .annotate(first=Min("confirmed_at"))
    }
    rows = {}
    for ob in obligations:
        key = (ob.unit_id, ob.attachment)
        upload = confirmed.get(key)
        if upload:
            # first confirmation counts: a later correction does not make a unit late
            when = timezone.localdate(first_confirmed.get(key) or upload.confirmed_at)
            state = "on_time" if when <= period.due_date(ob.attachment) else "late"
        else:
            state = "pending" if key in pending else "missing"
        rows.setdefault(ob.unit, {})[ob.attachment] = {
            "state": state,
            "upload": upload,
            "count": upload.row_count if upload else 0,
            "findings": len((upload.report or {}).get("findings", [])) if upload else 0,
            "to_check": upload.finding_count if upload else 0,
            "skipped": upload.skipped_count if upload else 0,
        }
    return rows


STATE_LABELS = {"on_time": "按时", "late": "逾期", "missing": "未报", "pending": "待确认"}


@login_required
def board(request):
    require_office(request.user)
    period, periods = _selected_period(request)
    kind = request.GET.get("kind", "")
    state_filter = request.GET.get("state", "")
    cells = board_cells(period, kind) if period else {}
    table = []
    totals = Counter()
    for unit, by_att in cells.items():
        row = []
        for number in Attachment.values:
            cell = by_att.get(number)
            if cell:
                totals[cell["state"]] += 1
            row.append(cell)
        if state_filter and not any(c and c["state"] == state_filter for c in row):
            continue
        table.append((unit, row))
    if request.GET.get("export") == "xlsx" and period:
        return _board_export(period, table)
    return render(
        request,
        "sheets/board.html",
        {
            "period": period,
            "periods": periods,
            "table": table,
            "attachments": Attachment.choices,
            "totals": {STATE_LABELS[k]: v for k, v in totals.items()},
            "kinds": UnitKind.choices,
            "kind": kind,
            "state": state_filter,
            "states": STATE_LABELS,
            "several": _several_units(period) if period else [],
        },
    )


def _several_units(period):
    """Persons (name+phone) reported by more than one unit in 附件1/附件3 of the period."""
    from ledgers.sheets.rules import reported_by_several_units

    keys = (
        LedgerRow.objects.current()
        .filter(upload__period=period, upload__attachment__in=[1, 3])
        .exclude(person_key="")
        .values("person_key")
        .annotate(units=Count("upload__unit", distinct=True))
        .filter(units__gt=1)
        .values_list("person_key", flat=True)[:500]
    )
    by_unit = {}
    for name, key in (
        LedgerRow.objects.current()
        .filter(upload__period=period, upload__attachment__in=[1, 3], person_key__in=list(keys))
        .values_list("upload__unit__name", "person_key")
    ):
        by_unit.setdefault(name, set()).add(key)
    return [f.as_dict() for f in reported_by_several_units(by_unit)]


def _board_export(period, table):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("报送情况")
    ws.append([f"{period} 台账报送情况"])
    ws.append(["单位", *[f"附件{n}" for n in Attachment.values]])
    for unit, row in table:
        ws.append(
            safe_row(
                [unit.name]
                + [
                    (
                        f"{STATE_LABELS[c['state']]}({c['count']}行)"
                        if c and c["upload"]
                        else (STATE_LABELS[c["state"]] if c else "—")
                    )
                    for c in row
                ]
            )
        )
    out = io.BytesIO()
    wb.save(out)
    return xlsx_response(out.getvalue(), f"{period}台账报送情况.xlsx")


def current_rows(period, attachment):
    return (
        LedgerRow.objects.current()
        .filter(upload__period=period, upload__attachment=attachment)
        .select_related("upload__unit", "category", "trade_category")
        .order_by("upload__unit__sort_order", "upload__unit__name", "sheet_name", "row_number")
    )


@login_required
def export(request, period_pk, attachment):
    require_office(request.user)
    period = get_object_or_404(Period, pk=period_pk)
    if attachment not in LAYOUTS:
        raise PermissionDenied
    out = io.BytesIO()
    workbooks.consolidated_workbook(
        attachment,
        current_rows(period, attachment).iterator(chunk_size=2000),
        out,
        title_suffix=f"({period}汇总)",
    )
    return xlsx_response(out.getvalue(), f"{period}附件{attachment}汇总.xlsx")


@login_required
def counts(request):
    require_office(request.user)
    period, periods = _selected_period(request)
    rows = (
        LedgerRow.objects.current().filter(upload__period=period)
        if period
        else LedgerRow.objects.none()
    )
    # public types by the office's list; 附件4 行业领域 rows by the unit's own (kept) type name;
    # an unlisted type as typed
    problems = rows.filter(upload__attachment__in=[2, 4]).annotate(
        type_name=Coalesce("category__name", "trade_category__name", NullIf("category_text", V("")))
    )
    by_type = problems.values("type_name").annotate(n=Count("pk")).order_by("-n")
    by_unit = (
        rows.values("upload__unit__name", "upload__attachment")
        .annotate(n=Count("pk"))
        .order_by("upload__unit__name", "upload__attachment")
    )
    by_town = (
        problems.filter(upload__unit__kind=UnitKind.TOWN)
        .values("upload__unit__name", "type_name")
        .annotate(n=Count("pk"))
        .order_by("upload__unit__name", "-n")
    )
    unit_table = {}
    for r in by_unit:
        unit_table.setdefault(r["upload__unit__name"], [0] * 5)[r["upload__attachment"] - 1] = r[
            "n"
        ]
    return render(
        request,
        "sheets/counts.html",
        {
            "period": period,
            "periods": periods,
            "by_type": by_type,
            "unit_table": sorted(unit_table.items()),
            "by_town": by_town,
        },
    )


def handover_rows(period):
    """Rows ready to hand on to the rectification ledger (one definition:
    :mod:`ledgers.sheets.handover`), each with the case it became, if any."""
    return (
        LedgerRow.objects.to_hand_over()
        .filter(upload__period=period)
        .annotate(**row_handover.link().annotations())
        .select_related("upload__unit", "category")
        .order_by("upload__attachment", "upload__unit__name", "row_number")
    )


@login_required
def handover(request):
    require_office(request.user)
    period, periods = _selected_period(request)
    rows = handover_rows(period) if period else LedgerRow.objects.none()
    if request.GET.get("export") == "xlsx" and period:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("待交办问题")
        ws.append(
            [
                "来源",
                "报送单位",
                "姓名",
                "联系电话",
                "问题类型",
                "问题内容",
                "办理情况",
                "责任单位",
                "备注",
            ]
        )
        for r in rows.iterator(chunk_size=2000):
            ws.append(
                safe_row(
                    [
                        f"附件{r.upload.attachment}",
                        r.upload.unit.name,
                        r.person_name,
                        r.phone,
                        r.category.name if r.category_id else r.category_text,
                        r.problem_content,
                        r.handling,
                        r.responsible_unit,
                        r.remarks,
                    ]
                )
            )
        out = io.BytesIO()
        wb.save(out)
        return xlsx_response(out.getvalue(), f"{period}待交办问题.xlsx")
    shown = list(rows[:500])
    link = row_handover.link()
    for row in shown:
        row.hand_over_url = link.hand_over_url(row.pk) if row.case_pk is None else ""
        row.case_url = link.case_url(row.case_pk) if row.case_pk else ""
    return render(
        request,
        "sheets/handover.html",
        {
            "period": period,
            "periods": periods,
            "rows": shown,
            "total": rows.count(),
            "waiting": rows.filter(link.not_handed_over_q()).count(),
            "next_url": request.get_full_path(),
        },
    )


# -- findings: the office clears or confirms each one ------------------------------------------
REVIEW_ACTIONS = {"clear": FindingDecision.CLEARED, "confirm": FindingDecision.CONFIRMED}


@login_required
def review(request):
    """Office: rows stored 待核实, filterable by period, attachment, unit and reason code."""
    require_office(request.user)
    period, periods = _selected_period(request)
    rows = LedgerRow.objects.current().select_related("upload__unit", "category", "trade_category")
    if period:
        rows = rows.filter(upload__period=period)
    state = request.GET.get("state", ReviewState.PENDING)
    if state in ReviewState.values and state:
        rows = rows.filter(review_state=state)
    else:
        rows = rows.exclude(review_state=ReviewState.CLEAN)
    code = request.GET.get("code", "")
    if code in FindingCode.values:
        rows = rows.filter(review_codes__contains=f",{code},")
    attachment = request.GET.get("attachment", "")
    if attachment.isdigit():
        rows = rows.filter(upload__attachment=int(attachment))
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        rows = rows.filter(upload__unit_id=int(unit))
    rows = rows.order_by(
        "upload__unit__sort_order", "upload__unit__name", "sheet_name", "row_number"
    )
    return render(
        request,
        "sheets/review.html",
        {
            "period": period,
            "periods": periods,
            "rows": [(row, _labelled_findings(row)) for row in rows[:300]],
            "total": rows.count(),
            "codes": FindingCode.choices,
            "code": code,
            "states": [c for c in ReviewState.choices if c[0]],
            "state": state,
            "attachment": attachment,
            "attachments": Attachment.choices,
            "query": request.GET.urlencode(),
        },
    )


def _labelled_findings(row):
    codes, decisions = dict(FindingCode.choices), dict(FindingDecision.choices)
    return [
        dict(
            f,
            index=i,
            label=codes.get(f.get("code"), f.get("code")),
            state_label=decisions.get(f.get("state"), ""),
        )
        for i, f in enumerate(row.findings or [])
    ]


@login_required
@require_POST
def review_decide(request, pk, index):
    """Office: clear (核实无误) or confirm (确认有误) one finding of one row; logged."""
    require_office(request.user)
    row = get_in_scope(
        UnitScope("upload__unit"),
        request.user,
        LedgerRow.objects.select_related("upload__unit"),
        "change",
        pk=pk,
    )
    decision = REVIEW_ACTIONS.get(request.POST.get("decision", ""))
    try:
        if decision is None:
            raise service.LedgerRejected("请选择“核实无误”或“确认有误”。")
        row, entry = service.decide_finding(row, index, decision, request.user)
    except service.LedgerRejected as exc:
        messages.error(request, exc.message)
    else:
        log(
            row,
            f"sheets.finding_{'clear' if decision == FindingDecision.CLEARED else 'confirm'}",
            user=request.user,
            data={"code": entry["code"], "message": entry["message"]},
        )
        messages.success(
            request,
            f"{row.upload.unit.name} 工作表“{row.sheet_name}”第{row.row_number}行:"
            f"“{FindingCode(entry['code']).label}”已标为{FindingDecision(decision).label}。",
        )
    back = request.POST.get("next", "")
    if back.startswith("?"):
        return redirect(reverse("sheets:review") + back)
    return redirect("sheets:review")


def obligation_units(period):
    return Obligation.objects.filter(period=period).values_list("unit_id", flat=True)


def detail_url(upload):
    return reverse("sheets:detail", args=[upload.pk])
