"""Admin menus for units and unit membership (office only, by model permissions)."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.models import ProblemCategory, Unit, UnitMembership
from ledgers.permissions import UnitScope, UnitScopedViewSetMixin

OFFICE_ONLY = "ledgers.add_unit"


class UnitViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Office: every unit. A clerk: only their own unit, and only its contact data and cadre
    count (the fields guarded by ``permission=`` are shown to the office only)."""

    model = Unit
    unit_scope = UnitScope("pk", inspectors_read=True)
    icon = "site"
    menu_label = "单位"
    list_display = ["name", "kind", "is_window", "special_function", "cadre_count", "is_active"]
    list_filter = ["kind", "is_window", "special_function", "is_active"]
    list_export = [
        "name",
        "short_name",
        "kind",
        "is_window",
        "special_function",
        "cadre_count",
        "contact_email",
        "contact_phone",
        "is_active",
    ]
    export_filename = "单位名单"
    search_fields = ["name", "short_name"]
    search_backend_name = None
    panels = [
        FieldPanel("name", permission=OFFICE_ONLY),
        FieldPanel("short_name", permission=OFFICE_ONLY),
        FieldRowPanel(
            [
                FieldPanel("kind", permission=OFFICE_ONLY),
                FieldPanel("special_function", permission=OFFICE_ONLY),
            ]
        ),
        FieldPanel("is_window", permission=OFFICE_ONLY),
        FieldPanel("cadre_count"),
        FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
        FieldPanel("is_active", permission=OFFICE_ONLY),
        FieldPanel("sort_order", permission=OFFICE_ONLY),
    ]
    inspect_view_enabled = True


class UnitMembershipViewSet(ModelViewSet):
    model = UnitMembership
    icon = "user"
    menu_label = "单位人员"
    list_display = ["user", "unit", "phone"]
    list_filter = ["unit"]
    list_export = ["user", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    search_backend_name = None
    form_fields = ["user", "unit", "phone"]

    def get_queryset(self, request):
        return UnitMembership.objects.select_related("user", "unit")


class ProblemCategoryViewSet(ModelViewSet):
    """The office adds and retires problem types (the policy's list ends with "等")."""

    model = ProblemCategory
    icon = "tag"
    menu_label = "问题类型"
    list_display = ["name", "area", "in_report_box", "is_active", "sort_order"]
    list_filter = ["area", "in_report_box", "is_active"]
    list_export = ["name", "area", "in_report_box", "is_active"]
    form_fields = ["name", "area", "in_report_box", "is_active", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None


class UnitsGroup(ViewSetGroup):
    menu_label = "单位与人员"
    menu_icon = "group"
    menu_order = 900
    items = (
        UnitViewSet("units"),
        UnitMembershipViewSet("unit_members"),
        ProblemCategoryViewSet("problem_categories"),
    )


@hooks.register("register_admin_viewset")
def register_units():
    return UnitsGroup()
