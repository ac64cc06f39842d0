"""Admin of the service points, under 便民服务: a town's clerks keep their own town's points, the
office all of them; the "需关注" filter and column flag points without items or 代办员."""

import django_filters
from django.db.models import Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.permissions import UnitScopedViewSetMixin
from ledgers.servicepoints.access import SERVICE_POINT_SCOPE, register_policy
from ledgers.servicepoints.forms import ServicePointForm
from ledgers.servicepoints.models import PointKind, ServicePoint

OFFICE_ONLY = "ledgers.add_unit"  # the office's permission: only it picks the town


class ServicePointFilterSet(WagtailFilterSet):
    attention = django_filters.BooleanFilter(
        label="需关注(无事项或无代办员)", method="filter_attention"
    )
    kind = django_filters.ChoiceFilter(label="类别", choices=PointKind.choices)

    class Meta:
        model = ServicePoint
        fields = ["town", "kind", "is_active"]

    def filter_attention(self, queryset, name, value):
        if value is None:
            return queryset
        flagged = Q(has_items=False) | Q(has_agents=False)
        return queryset.filter(flagged) if value else queryset.exclude(flagged)


class ServicePointIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("town", "village").with_flags()


class ServicePointViewSet(UnitScopedViewSetMixin, ModelViewSet):
    model = ServicePoint
    unit_scope = SERVICE_POINT_SCOPE
    icon = "site"
    menu_label = "便民服务点"
    add_to_admin_menu = False
    index_view_class = ServicePointIndexView
    copy_view_enabled = False  # a point is a place: add it, never copy over one
    inspect_view_enabled = True
    filterset_class = ServicePointFilterSet
    list_display = [
        TitleColumn("name", label="名称", url_name="servicepoints_admin:edit"),
        Column("kind", label="类别", accessor="get_kind_display"),
        "town",
        Column("village", label="村(社区)", accessor="village_name"),
        Column("is_active", label="正在运行", accessor="is_active"),
        Column("attention", label="需关注", accessor="attention_label"),
    ]
    list_export = [
        "town",
        "get_kind_display",
        "village_name",
        "name",
        "address",
        "hours",
        "phone",
        "is_active",
        "attention_label",
    ]
    export_headings = {
        "get_kind_display": "类别",
        "village_name": "村(社区)",
        "attention_label": "需关注",
    }
    export_filename = "便民服务点"
    search_fields = ["name", "address", "village__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("town", permission=OFFICE_ONLY),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("village")]),
            FieldPanel("name"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("phone")]),
            FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
            InlinePanel("agents", heading="代办员", label="代办员"),
            InlinePanel("items", heading="可受理或代办的审批服务事项", label="事项"),
        ],
        base_form_class=ServicePointForm,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # towns and the office only (departments hold the clerks' model permissions too)
        self.permission_policy = register_policy(self.model)

    def get_queryset(self, request):
        return ServicePoint.objects.select_related("town", "village")


class ServicePointsGroup(ViewSetGroup):
    menu_label = "便民服务"
    menu_icon = "site"
    menu_order = 340
    items = (ServicePointViewSet("servicepoints_admin", url_prefix="servicepoints"),)
