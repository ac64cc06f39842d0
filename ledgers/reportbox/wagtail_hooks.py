"""Admin for the report box: the office's moderation queue and the units' view of what was
assigned to them (identity left out), grouped under one menu."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter

from ledgers.excel import safe_cell
from ledgers.models import ProblemCategory, Unit
from ledgers.permissions import UnitScope, UnitScopedViewSetMixin
from ledgers.reportbox import admin_views, rules
from ledgers.reportbox.models import AssignedReport, Report, Source, Status
from ledgers.roles import is_office


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label="状态", choices=Status.choices)
    category = django_filters.ModelChoiceFilter(
        label="问题类型", queryset=ProblemCategory.objects.all()
    )
    concerned_unit = django_filters.ModelChoiceFilter(
        label="被反映单位", queryset=Unit.objects.all()
    )
    assigned_unit = django_filters.ModelChoiceFilter(label="责任单位", queryset=Unit.objects.all())
    source = django_filters.ChoiceFilter(label="来源", choices=Source.choices)
    created_at = django_filters.DateFromToRangeFilter(
        label="提交日期", widget=DateRangePickerWidget
    )
    overdue = django_filters.BooleanFilter(label="已超时限", method="filter_overdue")

    class Meta:
        model = Report
        fields = ["status", "category", "concerned_unit", "assigned_unit", "source", "created_at"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Report.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class UnitReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[
            (Status.ASSIGNED, "办理中"),
            (Status.REPLIED, "已答复"),
            (Status.CLOSED, "已办结"),
        ],
    )
    overdue = django_filters.BooleanFilter(label="已超时限", method="filter_overdue")

    class Meta:
        model = AssignedReport
        fields = ["status", "category"]

    filter_overdue = ReportFilterSet.filter_overdue


class SafeExportMixin:
    """Cells that Excel/WPS would take for formulas are written as text (CSV injection)."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        return row.__class__((key, safe_cell(value)) for key, value in row.items())


class ReportIndexView(SafeExportMixin, IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        for button in buttons:
            button.label = "录入纸质举报"
        return buttons


def _attachments_html(report, show_original):
    rows = [
        (
            reverse("reportbox:attachment", args=[a.pk]),
            a.neutral_name,
            f"(原名:{a.original_name})" if show_original and a.original_name else "",
            f"{a.size // 1024} KB",
        )
        for a in report.attachments.all()
    ]
    if not rows:
        return "无"
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", '<li><a href="{}">{}</a> {} · {}</li>', rows),
    )


class ReportInspectView(InspectView):
    """The office's full view of one report, with the moderation actions as header buttons."""

    template_name = "reportbox/admin/inspect.html"

    def get_object(self, queryset=None):
        return Report.objects.select_related(
            "category", "concerned_unit", "assigned_unit", "duplicate_of"
        ).get(pk=self.pk)

    @cached_property
    def header_buttons(self):
        if not is_office(self.request.user):
            return []
        return [
            HeaderButton(
                label, url=reverse("reportbox_reports:action", args=[self.object.pk, name])
            )
            for name, (label, _form, _help) in admin_views.ACTIONS.items()
        ] + [
            HeaderButton(
                "历史记录", url=reverse("reportbox_reports:history", args=[self.object.pk])
            )
        ]

    def get_receipt_code_display_value(self):
        return self.object.formatted_code

    def get_attachments_display_value(self):
        return _attachments_html(self.object, show_original=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue"] = rules.is_overdue(self.object, timezone.localdate())
        return context


class ReportViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """The office's moderation queue. Clerks have no permission on ``Report`` at all; they use
    :class:`AssignedReportViewSet`, which shows the same items without the reporter."""

    model = Report
    unit_scope = UnitScope("assigned_unit")
    icon = "mail"
    menu_label = "举报审核"
    add_to_admin_menu = False
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ReportFilterSet
    list_display = [
        Column("formatted_code", label="回执码", accessor="formatted_code"),
        "category",
        "concerned_unit",
        "place",
        "source",
        Column("status", label="状态", accessor="get_status_display"),
        "assigned_unit",
        "deadline",
        "created_at",
    ]
    list_export = [
        "receipt_code",
        "get_source_display",
        "category",
        "concerned_unit",
        "place",
        "content",
        "is_anonymous",
        "reporter_name",
        "reporter_phone",
        "get_status_display",
        "assigned_unit",
        "deadline",
        "public_reply",
        "created_at",
    ]
    export_headings = {"get_status_display": "状态", "get_source_display": "来源"}
    export_filename = "举报(作风办)"
    search_fields = ["receipt_code", "content", "place", "reporter_name", "reporter_phone"]
    search_backend_name = None
    form_fields = ["office_notes"]
    inspect_view_fields = [
        "receipt_code",
        "status",
        "source",
        "category",
        "concerned_unit",
        "place",
        "content",
        "attachments",
        "is_anonymous",
        "reporter_name",
        "reporter_phone",
        "client_ip",
        "duplicate_of",
        "out_of_scope_reason",
        "assigned_unit",
        "deadline",
        "conflict_override_reason",
        "public_reply",
        "replied_at",
        "office_notes",
        "created_at",
        "status_changed_at",
    ]

    def get_queryset(self, request):
        return Report.objects.select_related("category", "concerned_unit", "assigned_unit")

    @property
    def add_view(self):
        return admin_views.PaperEntryView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/action/<str:action>/",
                admin_views.ReportActionView.as_view(),
                name="action",
            ),
        ]


def _case_of(report):
    """The case of a report from the prefetched ``case_sources`` (one query for a whole page)."""
    sources = list(report.case_sources.all())
    return sources[0].case if sources else None


def case_link(report):
    """Link to the case workbench where the unit signs, returns, handles and reports: slip
    number, state and deadline only — nothing about the reporter."""
    case = _case_of(report)
    if case is None:
        return "—"
    label = case.slip_number or f"整改问题 #{case.pk}"
    return format_html(
        '<a href="{}">{}</a>({})',
        reverse("case_admin:detail", args=[case.pk]),
        label,
        case.get_state_display(),
    )


class AssignedReportInspectView(InspectView):
    """What a unit sees of an item assigned to it: the problem, never the reporter; the work
    itself is done on the case workbench it links to."""

    def get_object(self, queryset=None):
        return (
            AssignedReport.objects.select_related("category", "assigned_unit")
            .prefetch_related("case_sources__case")
            .get(pk=self.pk)
        )

    def get_field_label(self, field_name, field):
        if field_name == "case_sources":
            return "整改问题(签收、办理、报结果)"
        return super().get_field_label(field_name, field)

    def get_receipt_code_display_value(self):
        return self.object.formatted_code

    def get_attachments_display_value(self):
        return _attachments_html(self.object, show_original=False)

    def get_case_sources_display_value(self):
        return case_link(self.object)


class AssignedReportIndexView(SafeExportMixin, IndexView):
    """Category and the linked case fetched with the page (no query per row)."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("category", "assigned_unit")
            .prefetch_related("case_sources__case")
        )


class AssignedReportViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Items assigned to the user's unit (the office sees all of them). No name, phone or
    address anywhere here — not in the list, the detail or the export."""

    model = AssignedReport
    unit_scope = UnitScope("assigned_unit")
    icon = "tasks"
    menu_label = "交办举报"
    add_to_admin_menu = False
    index_view_class = AssignedReportIndexView
    inspect_view_class = AssignedReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = UnitReportFilterSet
    list_display = [
        Column("formatted_code", label="回执码", accessor="formatted_code"),
        "category",
        "place",
        Column("status", label="状态", accessor="get_status_display"),
        "deadline",
        "assigned_at",
        Column("case", label="整改问题", accessor=case_link),
    ]
    list_export = ["receipt_code", "category", "place", "content", "get_status_display", "deadline"]
    export_headings = {"get_status_display": "状态"}
    export_filename = "交办举报"
    search_fields = ["receipt_code", "content", "place"]
    search_backend_name = None
    form_fields = []
    inspect_view_fields = [
        "receipt_code",
        "status",
        "category",
        "place",
        "content",
        "attachments",
        "deadline",
        "assigned_at",
        "case_sources",
    ]

    def get_queryset(self, request):
        return (
            AssignedReport.objects.filter(assigned_unit__isnull=False)
            .select_related("category", "assigned_unit")
            .prefetch_related("case_sources__case")
        )

    # The history holds the office's notes, override reasons and staff names: office only.
    @property
    def history_view(self):
        return _office_only(super().history_view)

    @property
    def history_results_view(self):
        return _office_only(super().history_results_view)


def _office_only(view):
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated and not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class ReportBoxGroup(ViewSetGroup):
    menu_label = "举报箱"
    menu_icon = "mail"
    menu_order = 300
    items = (ReportViewSet("reportbox_reports"), AssignedReportViewSet("reportbox_assigned"))


@hooks.register("register_admin_viewset")
def register_reportbox():
    return ReportBoxGroup()


# --- log actions: every moderation step shows in the item's history -------------------------


def _register(actions, action, label, build):
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            return build(log_entry.data or {})

    Formatter.label = label
    actions.register_action(action)(Formatter)


@hooks.register("register_log_actions")
def register_reportbox_log_actions(actions):
    def note(data):
        return f"(备注:{data['note']})" if data.get("note") else ""

    _register(actions, "reportbox.submit", "网上提交", lambda d: "通过网上举报箱提交")
    _register(
        actions, "reportbox.paper_entry", "录入纸质举报", lambda d: "录入市民服务大厅举报箱来件"
    )
    _register(actions, "reportbox.accept", "受理", lambda d: "受理" + note(d))
    _register(
        actions,
        "reportbox.duplicate",
        "标记重复",
        lambda d: f"标记为与 {d.get('original', '')} 重复{note(d)}",
    )
    _register(
        actions,
        "reportbox.out_of_scope",
        "不予受理",
        lambda d: f"不予受理,理由:{d.get('reason', '')}{note(d)}",
    )
    _register(actions, "reportbox.spam", "屏蔽", lambda d: "屏蔽为无效举报" + note(d))
    _register(
        actions,
        "reportbox.classify",
        "归类",
        lambda d: "归类:{} → {}{}".format(
            " / ".join(filter(None, (d.get("before") or {}).values())),
            " / ".join(filter(None, (d.get("after") or {}).values())),
            note(d),
        ),
    )
    _register(
        actions,
        "reportbox.assign",
        "交办",
        lambda d: "交办给 {},{}时限 {}{}{}{}".format(
            d.get("unit", ""),
            f"交办单 {d['slip_number']}," if d.get("slip_number") else "",
            f"{d['time_limit_days']}个工作日,截止 " if d.get("time_limit_days") else "",
            d.get("deadline", ""),
            f";特批交由被反映单位办理,理由:{d['override_reason']}"
            if d.get("override_reason")
            else "",
            note(d),
        ),
    )
    _register(
        actions,
        "reportbox.conflict_override",
        "回避特批",
        lambda d: f"特批交由被反映单位 {d.get('unit', '')} 办理,理由:{d.get('reason', '')}",
    )
    _register(
        actions,
        "reportbox.reply",
        "答复",
        lambda d: "答复举报人并办结" if d.get("close") else "答复举报人",
    )
