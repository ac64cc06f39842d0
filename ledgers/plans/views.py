"""Private downloads of plan files (checked, logged) and the office's filing board."""

import os

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.log_actions import log

from ledgers.excel import safe_row, xlsx_response
from ledgers.models import UnitKind
from ledgers.permissions import UnitScope, get_in_scope
from ledgers.plans.board import BoardState, board_rows, filter_rows, sort_rows
from ledgers.plans.models import Plan, PlanType
from ledgers.uploads import private_file_response

SCOPE = UnitScope("unit")


def _checked_plan(request, pk):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not request.user.has_perm("plans.view_plan"):
        raise PermissionDenied
    return get_in_scope(SCOPE, request.user, Plan.objects.select_related("unit"), pk=pk)


def _serve(request, plan, field_file, what, revision_id=None):
    if not field_file or not field_file.name:
        raise Http404("没有文件")
    storage = field_file.storage
    if not storage.exists(field_file.name):
        raise Http404("文件不存在")
    name = os.path.basename(field_file.name)
    log(
        instance=plan,
        action="plans.download",
        user=request.user,
        data={"file": name, "what": what, "revision": revision_id},
    )
    return private_file_response(field_file, name, request=request)


def _login_or_refuse(view):
    """Anonymous users go to the admin login; signed-in users without access get 403."""
    from django.contrib.auth.views import redirect_to_login

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_login_or_refuse
def download(request, pk):
    """The current plan document."""
    plan = _checked_plan(request, pk)
    return _serve(request, plan, plan.document, "document")


@_login_or_refuse
def download_attachment(request, pk, attachment_id):
    plan = _checked_plan(request, pk)
    attachment = get_object_or_404(plan.attachments, pk=attachment_id)
    return _serve(request, plan, attachment.file, f"attachment {attachment_id}")


def _revision_object(plan, revision_id):
    revision = get_object_or_404(plan.revisions, pk=revision_id)
    return revision, revision.as_object()


@_login_or_refuse
def download_revision(request, pk, revision_id):
    """The plan document as it was in an earlier revision (old files are never deleted)."""
    plan = _checked_plan(request, pk)
    revision, snapshot = _revision_object(plan, revision_id)
    return _serve(request, plan, snapshot.document, "document", revision.pk)


@_login_or_refuse
def download_revision_attachment(request, pk, revision_id, index):
    plan = _checked_plan(request, pk)
    revision, snapshot = _revision_object(plan, revision_id)
    attachments = list(snapshot.attachments.all())
    if not 0 <= index < len(attachments):
        raise Http404("没有该附件")
    return _serve(request, plan, attachments[index].file, f"attachment #{index}", revision.pk)


# Rendering helpers for the admin inspect view.


def document_link(plan):
    if not plan.document:
        return "-"
    return format_html(
        '<a href="{}">{}</a>', reverse("plans:download", args=[plan.pk]), plan.document_name
    )


def attachment_links(plan):
    items = [
        (reverse("plans:download_attachment", args=[plan.pk, a.pk]), str(a))
        for a in plan.attachments.all()
    ]
    if not items:
        return "-"
    return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', items)


def version_links(plan):
    """Every revision, newest first, with the document and attachments it held (links to the
    checked download views)."""
    items = []
    for revision in plan.revisions.select_related("user").order_by("-created_at", "-pk"):
        snapshot = revision.as_object()
        when = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
        who = ""
        if revision.user:
            who = revision.user.get_full_name() or revision.user.get_username()
        links = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("plans:download_revision", args=[plan.pk, revision.pk]),
                snapshot.document_name or "-",
            )
        ]
        for index, attachment in enumerate(snapshot.attachments.all()):
            links.append(
                format_html(
                    '附件 <a href="{}">{}</a>',
                    reverse(
                        "plans:download_revision_attachment", args=[plan.pk, revision.pk, index]
                    ),
                    attachment.file_name,
                )
            )
        items.append(format_html("{} {}:{}", when, who, mark_safe("、".join(links))))  # noqa: S308
    if not items:
        return "-"
    return mark_safe("<br>".join(items))  # noqa: S308 - every part built with format_html


# The filing board.

SORTABLE = [
    ("unit", "单位"),
    ("state", "状态"),
    ("submitted", "首次提交"),
    ("filed", "备案日期"),
    ("late", "逾期"),
]
EXPORT_HEADINGS = [
    "单位",
    "单位类别",
    "方案类型",
    "年度",
    "截止日期",
    "状态",
    "首次提交日期",
    "最近提交日期",
    "备案日期",
    "备案号",
    "是否逾期",
]


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def filing_board(request):
    """Office only: every obligated unit's state for a year and plan type."""
    if not request.user.has_perm("plans.view_filing_board"):
        raise PermissionDenied
    today = timezone.localdate()
    types = list(PlanType.objects.filter(is_active=True))
    plan_type = None
    type_id = _int(request.GET.get("type"), None)
    if type_id is not None:
        plan_type = next((t for t in types if t.pk == type_id), None)
    if plan_type is None and types:
        plan_type = types[0]
    year = _int(request.GET.get("year"), today.year)
    state = request.GET.get("state") or ""
    late = request.GET.get("late") or ""
    kind = request.GET.get("kind") or ""
    sort = request.GET.get("sort") or "unit"

    rows = []
    if plan_type is not None:
        all_rows = board_rows(plan_type, year, today)
        rows = sort_rows(filter_rows(all_rows, state=state, late=late, kind=kind), sort)
    else:
        all_rows = []

    if request.GET.get("export") == "xlsx" and plan_type is not None:
        log(
            instance=plan_type,
            action="plans.board_export",
            user=request.user,
            data={"year": year, "rows": len(rows)},
        )
        return _export_xlsx(plan_type, year, rows)

    counts = {s.value: 0 for s in BoardState}
    for row in all_rows:
        counts[row.state] += 1
    query = request.GET.copy()
    query.pop("sort", None)
    sort_links = []
    for key, label in SORTABLE:
        query["sort"] = f"-{key}" if sort == key else key
        aria = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        sort_links.append({"label": label, "url": "?" + query.urlencode(), "aria_sort": aria})
    export_query = request.GET.copy()
    export_query["export"] = "xlsx"
    return TemplateResponse(
        request,
        "plans/board.html",
        {
            "types": types,
            "plan_type": plan_type,
            "year": year,
            "years": range(today.year + 1, today.year - 6, -1),
            "rows": rows,
            "state": state,
            "late": late,
            "kind": kind,
            "states": list(BoardState),
            "kinds": list(UnitKind),
            "counts": [(s.label, counts[s.value]) for s in BoardState],
            "late_count": sum(1 for r in all_rows if r.late),
            "total": len(all_rows),
            "sort_links": sort_links,
            "today": today,
            "deadline": plan_type.deadline_for(year) if plan_type else None,
            "export_url": "?" + export_query.urlencode(),
        },
    )


def _export_xlsx(plan_type, year, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "备案进度"
    sheet.append([f"{year}年度 {plan_type} 报送备案进度"])
    sheet.append(EXPORT_HEADINGS)
    for row in rows:
        sheet.append(
            safe_row(
                [
                    row.unit.name,
                    row.unit.get_kind_display(),
                    plan_type.name,
                    year,
                    row.deadline,
                    row.state_label,
                    row.submitted_on,
                    row.last_submitted_on,
                    row.filed_on,
                    row.filing_number or "",
                    "是" if row.late else "否",
                ]
            )
        )
    for column, width in zip(
        "ABCDEFGHIJK", (30, 10, 24, 6, 12, 10, 14, 14, 12, 20, 8), strict=True
    ):
        sheet.column_dimensions[column].width = width
    return xlsx_response(workbook, f"{year}年{plan_type.name}备案进度.xlsx")
