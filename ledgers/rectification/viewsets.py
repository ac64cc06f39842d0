"""Admin viewsets of the rectification module (registered in wagtail_hooks.py)."""

import django_filters
from django.urls import path, reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.menu_links import LinkViewSet
from ledgers.permissions import UnitScopedViewSetMixin
from ledgers.rectification import services, views
from ledgers.rectification.access import (
    CASE_SCOPE,
    case_in_town_q,
    case_raised_by_q,
    may_enter_hotline_items,
    own_q,
)
from ledgers.rectification.models import CalendarOverride, Case
from ledgers.redaction import RedactedSearchMixin
from ledgers.roles import is_office, unit_of


class CaseCreateView(CreateView):
    """Direct entry by the office goes through services.create_case (source row + log)."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        fields = {
            f.name: getattr(instance, f.name)
            for f in Case._meta.concrete_fields
            if f.name in self.form.cleaned_data and f.name not in ("source", "received_on")
        }
        return services.create_case(
            user=self.request.user,
            on=self.form.cleaned_data["received_on"],
            source=self.form.cleaned_data["source"],
            **fields,
        )

    def get_success_url(self):
        return reverse("rectification_admin:detail", args=[self.object.pk])


REACH_CHOICES = [
    ("own", "本单位承办"),
    ("town", "本镇辖区(只读)"),
    ("raised", "本单位台账反映(只读)"),
]


class CaseFilterSet(WagtailFilterSet):
    """The case filters (``list_filter``) and, for a unit's clerk, 范围: the cases it handles or
    entered, and — read-only, so without its own — the ones in its town and the ones its ledger
    raised."""

    reach = django_filters.ChoiceFilter(label="范围", choices=REACH_CHOICES, method="filter_reach")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit_of(getattr(self.request, "user", None))
        if self.unit is None:
            self.filters.pop("reach", None)

    def filter_reach(self, queryset, name, value):
        own = own_q(self.unit)
        if value == "own":
            return queryset.filter(own)
        read = {"town": case_in_town_q, "raised": case_raised_by_q}.get(value)
        # The read-only ones: what the unit reads there and does not handle itself.
        return queryset.filter(read(self.unit)).exclude(own) if read else queryset


class CaseIndexView(RedactedSearchMixin, IndexView):
    """The listing and its export: related rows fetched in the same query (no N+1). Titles are
    shown redacted; a unit's search matches only what it is shown."""

    base_filterset_class = CaseFilterSet

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category", "assigned_unit")

    def shown_search_texts(self, case):
        return [
            case.safe_title,
            case.text_for(self.request.user, case.content),
            case.slip_number,
            *(
                case.text_for(self.request.user, t)
                for t in (case.town, case.village, case.compound)
            ),
        ]


class CaseViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Office: every case. A unit clerk: the cases assigned to or entered by their unit (read here;
    they act on the workbench), and, read-only, the cases in their town and the ones their ledger
    raised (the 范围 filter tells them apart). Editing the case record itself is the office's."""

    model = Case
    unit_scope = CASE_SCOPE
    icon = "clipboard-list"
    menu_label = "整改问题"
    add_view_class = CaseCreateView
    index_view_class = CaseIndexView
    inspect_view_enabled = False
    copy_view_enabled = False  # a case has one source and one history
    list_display = [
        TitleColumn(
            "safe_title",
            label="问题摘要",
            get_url=lambda obj: reverse("rectification_admin:detail", args=[obj.pk]),
        ),
        "slip_number",
        "category",
        "assigned_unit",
        Column("state", label="状态", accessor="get_state_display"),
        "deadline",
        "flagged",
    ]
    list_filter = [
        "state",
        "source",
        "appeal_type",
        "category",
        "assigned_unit",
        "flagged",
        "outcome",
    ]
    list_export = [
        "pk",
        "slip_number",
        "safe_title",
        "category",
        "town",
        "village",
        "compound",
        "source",
        "get_appeal_type_display",
        "entered_by_unit",
        "assigned_unit",
        "state",
        "deadline",
        "outcome",
        "closed_on",
    ]
    export_headings = {
        "pk": "编号",
        "safe_title": "问题摘要",
        "get_appeal_type_display": "诉求类型",
    }
    export_filename = "整改问题"
    search_fields = ["title", "content", "slip_number", "compound", "village", "town"]
    search_backend_name = None
    form_fields = [
        "title",
        "category",
        "content",
        "town",
        "village",
        "compound",
        "address_detail",
        "source",
        "appeal_type",
        "received_on",
        "reporter_name",
        "reporter_phone",
        "reporter_anonymous",
        "show_identity_to_unit",
        "concerned_unit",
    ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "show_identity_to_unit":
            # What the box means since issue 12: the reporter's own consent, nothing else.
            kwargs["label"] = "反映人同意承办单位直接联系"
            kwargs["help_text"] = (
                "仅在反映人本人同意时勾选(举报箱来件由举报人在表单上选择)。勾选后承办单位可看到"
                "反映人姓名和电话,每次查看记入日志;不勾选则承办单位看不到任何身份信息。"
                "交办单从不载明反映人。"
            )
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/work/", views.case_detail, name="detail"),
            path("<int:pk>/do/<str:name>/", views.case_action, name="action"),
            path("<int:pk>/slip/", views.slip, name="slip"),
            path(
                "<int:pk>/evidence/<int:evidence_pk>/",
                views.evidence_download,
                name="evidence",
            ),
            path("dashboard/", views.office_dashboard, name="dashboard"),
            path("queue/", views.my_queue, name="queue"),
            path("overdue/", views.overdue_list, name="overdue"),
            path("lookback/", views.lookback_view, name="lookback"),
            path("clusters/", views.clusters_view, name="clusters"),
            path("export/ledger/", views.ledger_export, name="ledger_export"),
            path("export/att5/", views.att5_export, name="att5_export"),
            path("calendar/", views.calendar_preview, name="calendar"),
            path("handover/", views.handover_queue, name="handover"),
            path("handover/<str:kind>/<int:pk>/", views.hand_over, name="hand_over"),
            path("hotline/", views.hotline_list, name="hotline"),
            path("hotline/new/", views.hotline_entry, name="hotline_entry"),
        ]


def _office(user):
    return is_office(user)


def _unit_or_office(user):
    return is_office(user) or unit_of(user) is not None


def _unit(user):
    return unit_of(user) is not None


class DashboardLink(LinkViewSet):
    menu_label = "整改统计"
    icon = "table"
    url_name = "rectification_admin:dashboard"
    visible = staticmethod(_office)


class QueueLink(LinkViewSet):
    menu_label = "本单位待办"
    icon = "tasks"
    url_name = "rectification_admin:queue"
    visible = staticmethod(_unit)


class OverdueLink(LinkViewSet):
    menu_label = "逾期问题"
    icon = "warning"
    url_name = "rectification_admin:overdue"
    visible = staticmethod(_unit_or_office)


class LookbackLink(LinkViewSet):
    menu_label = "回头看"
    icon = "history"
    url_name = "rectification_admin:lookback"
    visible = staticmethod(_unit_or_office)


class HotlineEntryLink(LinkViewSet):
    menu_label = "热线诉求录入"
    icon = "mail"
    url_name = "rectification_admin:hotline_entry"
    visible = staticmethod(may_enter_hotline_items)


class HotlineListLink(LinkViewSet):
    menu_label = "热线诉求"
    icon = "list-ul"
    url_name = "rectification_admin:hotline"
    visible = staticmethod(may_enter_hotline_items)


class HandoverLink(LinkViewSet):
    menu_label = "待移交问题"
    icon = "download"
    url_name = "rectification_admin:handover"
    visible = staticmethod(_office)


class ClustersLink(LinkViewSet):
    menu_label = "同类问题聚集"
    icon = "group"
    url_name = "rectification_admin:clusters"
    visible = staticmethod(_office)


class CalendarOverrideViewSet(ModelViewSet):
    """The office corrects or extends China's working-day calendar (next year's 调休)."""

    model = CalendarOverride
    icon = "date"
    menu_label = "节假日调整"
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    list_export = ["date", "kind", "note"]
    form_fields = ["date", "kind", "note"]
    search_fields = ["note"]
    search_backend_name = None


class RectificationGroup(ViewSetGroup):
    menu_label = "问题整改"
    menu_icon = "clipboard-list"
    menu_order = 300
    items = (
        CaseViewSet("rectification_admin", url_prefix="rectification"),
        DashboardLink("case_dashboard_link"),
        HandoverLink("case_handover_link"),
        QueueLink("case_queue_link"),
        HotlineEntryLink("case_hotline_entry_link"),
        HotlineListLink("case_hotline_link"),
        OverdueLink("case_overdue_link"),
        LookbackLink("case_lookback_link"),
        ClustersLink("case_clusters_link"),
        CalendarOverrideViewSet("case_calendar", url_prefix="case-calendar"),
    )
