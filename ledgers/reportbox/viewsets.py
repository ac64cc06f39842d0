"""Admin viewsets of the reportbox module (registered in wagtail_hooks.py)."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from ledgers.models import ProblemCategory, Unit
from ledgers.permissions import UnitScopedViewSetMixin, require_office
from ledgers.redaction import RedactedSearchMixin
from ledgers.reportbox import rules, views
from ledgers.reportbox.handover import CaseUnitScope, ForwardedScope, link, unit_q
from ledgers.reportbox.models import AssignedReport, ForwardedReport, Report, Source, Status
from ledgers.roles import is_office


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label="状态", choices=Status.choices)
    category = django_filters.ModelChoiceFilter(
        label="问题类型", queryset=ProblemCategory.objects.all()
    )
    concerned_unit = django_filters.ModelChoiceFilter(
        label="被反映单位", queryset=Unit.objects.all()
    )
    assigned_unit = django_filters.ModelChoiceFilter(
        label="责任单位", queryset=Unit.objects.all(), method="filter_assigned_unit"
    )
    source = django_filters.ChoiceFilter(label="来源", choices=Source.choices)
    created_at = django_filters.DateFromToRangeFilter(
        label="提交日期", widget=DateRangePickerWidget
    )
    overdue = django_filters.BooleanFilter(label="已超时限", method="filter_overdue")

    class Meta:
        model = Report
        fields = ["status", "category", "concerned_unit", "source", "created_at"]

    def filter_assigned_unit(self, queryset, name, value):
        """The case's current responsible unit (the case owns it after hand-over)."""
        return queryset.filter(unit_q(value.pk)) if value else queryset

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


def moderation_links(report, case=None):
    """(label, url) of each triage action the report's state allows."""
    return [
        (
            views.ACTIONS[name][0],
            reverse("reportbox_reports:action", args=[report.pk, name]),
        )
        for name in rules.allowed_actions(report.status, case)
    ]


def _code_opens_item(view, columns):
    """Replace the plain receipt-code column by one that links to the item's inspect page and
    carries the row's action menu."""
    columns = list(columns)
    title_class = view._get_title_column_class(TitleColumn)
    columns[0] = title_class(
        "formatted_code",
        label="回执码",
        accessor="formatted_code",
        get_url=lambda item: reverse(view.inspect_url_name, args=[item.pk]),
    )
    return columns


class ReportIndexView(IndexView):
    """The moderation queue and its export: the case's current unit and deadline come with the
    page (annotations, no query per row)."""

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(**link().annotations())

    @cached_property
    def columns(self):
        """The receipt code opens the report; the row's menu offers what its state allows."""
        return _code_opens_item(self, super().columns)

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        case = link().info_from_annotations(instance)
        buttons += [
            MenuItem(label, url=url, priority=20 + i)
            for i, (label, url) in enumerate(moderation_links(instance, case))
        ]
        buttons.append(
            MenuItem(
                "历史记录",
                url=reverse("reportbox_reports:history", args=[instance.pk]),
                priority=90,
            )
        )
        return buttons

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


CASE_FIELD_LABELS = {
    "case": "整改问题(签收、办理、报结果)",
    "case_deadline": "办理期限",
    "attachments": "附件",
}


class CaseFieldsMixin:
    """Inspect views show the case's fields (``case``, ``case_deadline``) read through the case
    link; they are not fields of the report."""

    def get_field_label(self, field_name, field):
        if field_name in CASE_FIELD_LABELS:
            return CASE_FIELD_LABELS[field_name]
        return super().get_field_label(field_name, field)


class ReportInspectView(CaseFieldsMixin, InspectView):
    """The office's full view of one report, with the moderation actions as header buttons."""

    template_name = "reportbox/admin/inspect.html"

    def get_object(self, queryset=None):
        return Report.objects.select_related("category", "concerned_unit", "duplicate_of").get(
            pk=self.pk
        )

    @cached_property
    def header_buttons(self):
        if not is_office(self.request.user):
            return []
        case = link().case_of(self.object)
        forward = []
        if rules.forward_refusal(self.object.status, self.object.forwarded_at) is None:
            forward = [
                HeaderButton(
                    "移送纪委", url=reverse("reportbox_reports:forward", args=[self.object.pk])
                )
            ]
        return (
            [HeaderButton(label, url=url) for label, url in moderation_links(self.object, case)]
            + forward
            + [
                HeaderButton(
                    "历史记录", url=reverse("reportbox_reports:history", args=[self.object.pk])
                )
            ]
        )

    def get_receipt_code_display_value(self):
        return self.object.formatted_code

    def get_attachments_display_value(self):
        return _attachments_html(self.object, show_original=True)

    def get_case_display_value(self):
        return case_link(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = case = link().case_of(self.object)
        context["overdue"] = rules.is_overdue(case, timezone.localdate())
        return context


class ReportViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """The office's moderation queue. Clerks have no permission on ``Report`` at all; they use
    :class:`AssignedReportViewSet`, which shows the same items without the reporter."""

    model = Report
    unit_scope = CaseUnitScope()
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
        Column("case_unit", label="责任单位"),
        Column("case_deadline", label="办理期限"),
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
        "contact_consent",
        "get_status_display",
        "case_unit",
        "case_deadline",
        "public_reply",
        "created_at",
    ]
    export_headings = {
        "get_status_display": "状态",
        "get_source_display": "来源",
        "case_unit": "责任单位",
        "case_deadline": "办理期限",
    }
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
        "contact_consent",
        "client_ip",
        "duplicate_of",
        "out_of_scope_reason",
        "assigned_at",
        "case",
        "public_reply",
        "replied_at",
        "office_notes",
        "forwarded_at",
        "forward_reason",
        "created_at",
        "status_changed_at",
    ]

    def get_queryset(self, request):
        return Report.objects.select_related("category", "concerned_unit")

    @property
    def add_view(self):
        return views.PaperEntryView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/forward/", views.ForwardView.as_view(), name="forward"),
            path(
                "<int:pk>/action/<str:action>/",
                views.ReportActionView.as_view(),
                name="action",
            ),
        ]


def case_link(report):
    """Link to the case workbench where the unit signs, returns, handles and reports: slip
    number, state and deadline only — nothing about the reporter. Listings read the case from
    the queryset's annotations (no query per row); a single report asks the case link."""
    if hasattr(report, "case_pk"):
        case = link().info_from_annotations(report)
    else:
        case = link().case_of(report)
    if case is None:
        return "—"
    label = case.slip_number or f"整改问题 #{case.pk}"
    return format_html('<a href="{}">{}</a>({})', case.url, label, case.state_label)


class AssignedReportInspectView(CaseFieldsMixin, InspectView):
    """What a unit sees of an item assigned to it: the problem, never the reporter; the work
    itself is done on the case workbench it links to."""

    def get_object(self, queryset=None):
        return AssignedReport.objects.select_related("category").get(pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = case = link().case_of(self.object)
        context["overdue"] = rules.is_overdue(case, timezone.localdate())
        return context

    def get_case_display_value(self):
        return case_link(self.object)

    def get_case_deadline_display_value(self):
        case = link().case_of(self.object)
        return case.deadline if case and case.deadline else "—"

    def get_receipt_code_display_value(self):
        return self.object.formatted_code

    def get_attachments_display_value(self):
        return _attachments_html(self.object, show_original=False)

    def get_content_display_value(self):
        return self.object.unit_content

    def get_place_display_value(self):
        return self.object.unit_place


class AssignedReportIndexView(RedactedSearchMixin, IndexView):
    """Category and the linked case fetched with the page (no query per row). Content and place
    are shown, exported and searched redacted (a hidden number is never found)."""

    def shown_search_texts(self, report):
        return [report.receipt_code, report.unit_content, report.unit_place]

    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("category").annotate(**link().annotations())
        )

    @cached_property
    def columns(self):
        return _code_opens_item(self, super().columns)


class AssignedReportViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Items assigned to the user's unit (the office sees all of them). No name, phone or
    address anywhere here — not in the list, the detail or the export."""

    model = AssignedReport
    unit_scope = CaseUnitScope()
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
        Column("unit_place", label="发生地点", accessor="unit_place"),
        Column("status", label="状态", accessor="get_status_display"),
        Column("case_deadline", label="办理期限"),
        "assigned_at",
        Column("case", label="整改问题", accessor=case_link),
    ]
    list_export = [
        "receipt_code",
        "category",
        "unit_place",
        "unit_content",
        "get_status_display",
        "case_deadline",
    ]
    export_headings = {
        "get_status_display": "状态",
        "case_deadline": "办理期限",
        "unit_place": "发生地点",
        "unit_content": "举报内容",
    }
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
        "case_deadline",
        "assigned_at",
        "case",
    ]

    def get_queryset(self, request):
        return AssignedReport.objects.handed_over().select_related("category")

    # The history holds the office's notes, override reasons and staff names: office only.
    @property
    def history_view(self):
        return _office_only(super().history_view)

    @property
    def history_results_view(self):
        return _office_only(super().history_results_view)


def _office_only(view):
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated:
            require_office(request.user)
        return view(request, *args, **kwargs)

    return guarded


class ForwardedReportIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category", "concerned_unit")


class ForwardedReportInspectView(CaseFieldsMixin, InspectView):
    """纪委's view of a forwarded report: the whole text, the attachments and the reporter."""

    def get_object(self, queryset=None):
        return ForwardedReport.objects.select_related(
            "category", "concerned_unit", "forwarded_by"
        ).get(pk=self.pk)

    def get_receipt_code_display_value(self):
        return self.object.formatted_code

    def get_attachments_display_value(self):
        return _attachments_html(self.object, show_original=True)


class ForwardedReportViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """移送纪委的举报: the reports the office forwarded, for 纪委 (and the office) to read —
    reporter identity included. Units have no permission on this proxy at all."""

    model = ForwardedReport
    unit_scope = ForwardedScope()
    icon = "mail"
    menu_label = "移送纪委的举报"
    add_to_admin_menu = False
    index_view_class = ForwardedReportIndexView
    inspect_view_class = ForwardedReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "formatted_code",
            label="回执码",
            get_url=lambda obj: reverse("reportbox_forwarded:inspect", args=[obj.pk]),
        ),
        "category",
        "concerned_unit",
        Column("status", label="状态", accessor="get_status_display"),
        "forwarded_at",
        "created_at",
    ]
    list_filter = ["category", "concerned_unit", "status"]
    list_export = [
        "receipt_code",
        "category",
        "concerned_unit",
        "place",
        "content",
        "is_anonymous",
        "reporter_name",
        "reporter_phone",
        "get_status_display",
        "forwarded_at",
        "forward_reason",
        "created_at",
    ]
    export_headings = {"get_status_display": "状态"}
    export_filename = "移送纪委的举报"
    form_fields = ["office_notes"]  # nobody has add/change permission on this proxy
    search_fields = ["receipt_code", "content", "place"]
    search_backend_name = None
    inspect_view_fields = [
        "receipt_code",
        "status",
        "category",
        "concerned_unit",
        "place",
        "content",
        "attachments",
        "is_anonymous",
        "reporter_name",
        "reporter_phone",
        "contact_consent",
        "forwarded_at",
        "forwarded_by",
        "forward_reason",
        "created_at",
    ]

    def get_queryset(self, request):
        return ForwardedReport.objects.select_related("category", "concerned_unit").order_by(
            "-forwarded_at", "-pk"
        )


class ReportBoxGroup(ViewSetGroup):
    menu_label = "举报箱"
    menu_icon = "mail"
    menu_order = 300
    items = (
        ReportViewSet("reportbox_reports"),
        AssignedReportViewSet("reportbox_assigned"),
        ForwardedReportViewSet("reportbox_forwarded"),
    )
