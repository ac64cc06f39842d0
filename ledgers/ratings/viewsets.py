"""Admin viewsets of 好差评 (registered in wagtail_hooks.py): the ratings (unit-scoped; units
never see who rated), the figures and the counter QR codes, grouped under 好差评."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.menu_links import LinkViewSet
from ledgers.models import Unit
from ledgers.permissions import UnitScope, UnitScopedViewSetMixin
from ledgers.ratings import rules, views
from ledgers.ratings.models import Rating
from ledgers.roles import is_office, unit_of
from ledgers.satisfaction import Satisfaction

# Office: every unit's ratings. A unit's clerk: their own unit's. 纪委: none (no permission).
RATING_SCOPE = UnitScope("unit")
IDENTITY_FIELDS = ("name", "phone")


class RatingFilterSet(WagtailFilterSet):
    level = django_filters.MultipleChoiceFilter(label="评价等级", choices=Satisfaction.choices)
    unit = django_filters.ModelChoiceFilter(
        label="窗口单位", queryset=Unit.objects.filter(is_window=True)
    )
    created_at = django_filters.DateFromToRangeFilter(
        label="评价日期", widget=DateRangePickerWidget
    )
    has_case = django_filters.BooleanFilter(
        label="已转整改问题", field_name="case", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Rating
        fields = ["level", "unit", "created_at"]


class UnitRatingFilterSet(RatingFilterSet):
    """A unit's filters: no choice of unit (it sees its own only)."""

    class Meta:
        model = Rating
        fields = ["level", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("unit", None)


class RatingIndexView(IndexView):
    """The listing and its export: related rows in the same query; name and phone only in the
    office's export (a unit's export has no such columns at all)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not rules.sees_identity(user):
            self.list_export = [f for f in self.list_export if f not in IDENTITY_FIELDS]
        if user is not None and not is_office(user):
            self.filterset_class = UnitRatingFilterSet

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit", "approval_item", "case")


class RatingInspectView(InspectView):
    """One rating; name and phone are shown to the office only (absent for a unit)."""

    def get_fields(self):
        fields = super().get_fields()
        if not rules.sees_identity(self.request.user):
            fields = [f for f in fields if f not in IDENTITY_FIELDS]
        return fields

    def get_field_display_value(self, field_name, field):
        if field_name == "aspects":
            return self.object.aspects_display or "—"
        if field_name == "case":
            case = self.object.case
            if case is None:
                return "—"
            return format_html(
                '<a href="{}">{}</a>',
                reverse("rectification_admin:detail", args=[case.pk]),
                case.slip_number or f"#{case.pk}",
            )
        return super().get_field_display_value(field_name, field)


class RefusedCreateView(CreateView):
    """Ratings come from citizens only: nobody adds one in the admin."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class RefusedEditView(EditView):
    """A rating is kept as the citizen typed it: nobody edits one."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


def _case_link(rating):
    if rating.case_id is None:
        return "—"
    return rating.case.slip_number or f"#{rating.case_id}"


class RatingViewSet(UnitScopedViewSetMixin, ModelViewSet):
    model = Rating
    unit_scope = RATING_SCOPE
    icon = "pick"
    menu_label = "评价明细"
    index_view_class = RatingIndexView
    inspect_view_class = RatingInspectView
    add_view_class = RefusedCreateView
    edit_view_class = RefusedEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = RatingFilterSet
    list_display = [
        TitleColumn(
            "level",
            label="评价等级",
            accessor="get_level_display",
            get_url=lambda obj: reverse("ratings_admin:inspect", args=[obj.pk]),
        ),
        "unit",
        Column("item_name", label="事项", accessor="item_name"),
        Column("aspects_display", label="评价方面", accessor="aspects_display"),
        Column("case", label="整改问题", accessor=_case_link),
        DateColumn("created_at", label="评价时间"),
    ]
    list_export = [
        "created_at",
        "unit",
        "item_name",
        "level",
        "aspects_display",
        "comment",
        "name",
        "phone",
        "case",
    ]
    export_headings = {
        "created_at": "评价时间",
        "unit": "窗口单位",
        "item_name": "事项",
        "level": "评价等级",
        "aspects_display": "评价方面",
        "comment": "意见建议",
        "name": "姓名",
        "phone": "联系电话",
        "case": "整改问题",
    }
    export_filename = "窗口评价明细"
    inspect_view_fields = [
        "unit",
        "approval_item",
        "level",
        "aspects",
        "comment",
        "name",
        "phone",
        "case",
        "created_at",
    ]
    form_fields = ["level"]
    search_fields = ["comment"]
    search_backend_name = None

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("figures/", views.figures_view, name="figures"),
            path("qr/", views.qr_list, name="qr_list"),
            path("qr/<int:pk>/", views.qr_print, name="qr_print"),
        ]


def _office(user):
    return is_office(user)


def _office_or_unit(user):
    return is_office(user) or unit_of(user) is not None


class FiguresLink(LinkViewSet):
    menu_label = "好差评统计"
    icon = "table"
    url_name = "ratings_admin:figures"
    visible = staticmethod(_office_or_unit)


class QRLink(LinkViewSet):
    menu_label = "窗口评价二维码"
    icon = "doc-full"
    url_name = "ratings_admin:qr_list"
    visible = staticmethod(_office)


class SettingsLink(LinkViewSet):
    menu_label = "好差评设置"
    icon = "cog"
    visible = staticmethod(_office)

    @property
    def menu_url(self):
        return reverse("wagtailsettings:edit", args=["ratings", "ratingsettings"])


class RatingsGroup(ViewSetGroup):
    menu_label = "好差评"
    menu_icon = "pick"
    menu_order = 320
    items = (
        FiguresLink("ratings_figures_link"),
        RatingViewSet("ratings_admin", url_prefix="ratings"),
        QRLink("ratings_qr_link"),
        SettingsLink("ratings_settings_link"),
    )
