"""Admin of the inspections, grouped under 纪委监督: the inspections (纪委 records and edits; the
office reads), the findings (纪委 and the office: all; a unit: its own released findings) and
the publication queue (纪委)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import path, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.inspections import services, views
from ledgers.inspections.access import FINDING_SCOPE, INSPECTION_SCOPE, is_inspecting
from ledgers.inspections.models import Finding, Inspection
from ledgers.permissions import UnitScopedViewSetMixin


class InspectionIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("unit")
            .annotate(finding_count=Count("findings"))
        )


class InspectionCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.record_inspection(instance, user=self.request.user)
        return instance

    def get_success_url(self):
        return reverse("inspections:detail", args=[self.object.pk])


class InspectionEditView(EditView):
    def get_success_url(self):
        return reverse("inspections:detail", args=[self.object.pk])


class InspectionViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """纪委 records an inspection with its findings in one form; the office reads the list."""

    model = Inspection
    unit_scope = INSPECTION_SCOPE
    icon = "view"
    menu_label = "明察暗访"
    add_view_class = InspectionCreateView
    edit_view_class = InspectionEditView
    index_view_class = InspectionIndexView
    inspect_view_enabled = False
    copy_view_enabled = False  # an inspection is a record of one visit
    list_display = [
        TitleColumn(
            "__str__",
            label="明察暗访",
            get_url=lambda obj: reverse("inspections:detail", args=[obj.pk]),
        ),
        "unit",
        Column("mode", label="方式", accessor="get_mode_display"),
        Column("finding_count", label="发现问题"),
    ]
    list_filter = ["mode", "unit", "inspected_on"]
    list_export = ["inspected_on", "unit", "window", "get_mode_display", "checked"]
    export_headings = {"get_mode_display": "方式"}
    export_filename = "明察暗访"
    search_fields = ["window", "checked"]
    search_backend_name = None

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/detail/", views.inspection_detail, name="detail"),
        ]


class FindingIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("inspection__unit", "category", "case")


class FindingHistoryView(HistoryView):
    """The log names the 纪委 members who acted: 纪委 only, never the unit."""

    def dispatch(self, request, *args, **kwargs):
        if not is_inspecting(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FindingEditView(EditView):
    def get_success_url(self):
        return reverse("inspection_findings:detail", args=[self.object.pk])


class FindingViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """The findings. A unit's clerks see here what 纪委 released about their unit (no inspectors,
    no working notes: those live on the inspection, which units never reach)."""

    model = Finding
    unit_scope = FINDING_SCOPE
    icon = "warning"
    menu_label = "明察暗访发现"
    index_view_class = FindingIndexView
    edit_view_class = FindingEditView
    history_view_class = FindingHistoryView
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["category", "description"]
    list_display = [
        TitleColumn(
            "description",
            label="问题描述",
            get_url=lambda obj: reverse("inspection_findings:detail", args=[obj.pk]),
        ),
        Column("inspected_on", label="检查日期", accessor="inspection.inspected_on"),
        Column("unit", label="被检查单位", accessor="inspection.unit"),
        "category",
        Column("decision", label="处理决定", accessor="get_decision_display"),
        Column("released", label="已告知单位", accessor="released_label"),
        Column("case", label="整改状态", accessor="case_state_label"),
    ]
    list_filter = ["decision", "category"]
    list_export = [
        "pk",
        "inspection.inspected_on",
        "inspection.unit",
        "inspection.window",
        "category",
        "description",
        "get_decision_display",
        "released_label",
        "case_state_label",
    ]
    export_headings = {
        "pk": "编号",
        "inspection.inspected_on": "检查日期",
        "inspection.unit": "被检查单位",
        "inspection.window": "窗口/科室",
        "get_decision_display": "处理决定",
        "released_label": "已告知单位",
        "case_state_label": "整改状态",
    }
    export_filename = "明察暗访发现的问题"
    search_fields = ["description"]
    search_backend_name = None

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/detail/", views.finding_detail, name="detail"),
            path("<int:pk>/decide/", views.decide, name="decide"),
            path("<int:pk>/hand-over/", views.hand_over, name="hand_over"),
            path("<int:pk>/release/", views.release, name="release"),
            path("<int:pk>/evidence/", views.add_evidence, name="add_evidence"),
            path(
                "<int:pk>/evidence/<int:evidence_pk>/",
                views.evidence_download,
                name="evidence",
            ),
            path("<int:pk>/publish/", views.propose, name="propose"),
        ]


class PublicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_inspecting(request.user)


class PublicationsViewSet(ViewSet):
    """曝光审核: the queue of proposed publications and the four-eyes approval (纪委)."""

    menu_label = "曝光审核"
    icon = "doc-full"
    name = "inspection_publications_menu"

    @property
    def menu_url(self):
        return reverse("inspection_publications")

    @property
    def menu_item_class(self):
        return PublicationsMenuItem

    def get_urlpatterns(self):
        return []


class InspectionGroup(ViewSetGroup):
    menu_label = "纪委监督"
    menu_icon = "view"
    menu_order = 320
    items = (
        InspectionViewSet("inspections", url_prefix="inspections/records"),
        FindingViewSet("inspection_findings", url_prefix="inspections/findings"),
        PublicationsViewSet("inspection_publications_menu"),
    )
