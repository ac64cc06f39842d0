"""Admin menus for units and unit membership (office only, by model permissions)."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.lockout import UNLOCK_ACTION, LoginLockoutViewSet
from ledgers.models import ProblemCategory, Unit, UnitMembership
from ledgers.permissions import UnitScope, UnitScopedViewSetMixin
from ledgers.users import GUARDED_USER_BULK_ACTIONS

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
    copy_view_enabled = False  # a unit is unique; copying one makes no sense


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
    copy_view_enabled = False

    def get_queryset(self, request):
        return UnitMembership.objects.select_related("user", "unit")


class ProblemCategoryViewSet(ModelViewSet):
    """The office adds and retires problem types (the policy's list ends with "等")."""

    model = ProblemCategory
    inspect_view_enabled = True  # read-only roles open rows here
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
        LoginLockoutViewSet("login_lockouts"),
    )


@hooks.register("register_admin_viewset")
def register_units():
    return UnitsGroup()


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    """The work waiting for the user today, first on the home screen (ledgers.waiting)."""
    from ledgers.panels import waiting_panel_for

    panel = waiting_panel_for(request.user)
    if panel is not None:
        panels.insert(0, panel)


# Replace wagtail.users' bulk actions (same action types, registered later by the higher order)
# with ones that leave superusers alone unless a superuser acts.
for _action in GUARDED_USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)


@hooks.register("register_log_actions")
def register_lockout_log_actions(actions):
    actions.register_action(UNLOCK_ACTION, "解锁登录", "解锁了登录(清除失败次数)")


# --- Two-factor login (TOTP, django-otp; issue 11) ----------------------------------------------
@hooks.register("register_admin_urls")
def register_two_factor_urls():
    from django.urls import path

    from ledgers import two_factor

    return [
        path("two-factor/", two_factor.enrol, name="portal_two_factor"),
        path("two-factor/remove/", two_factor.remove, name="portal_two_factor_remove"),
        path("two-factor/verify/", two_factor.verify, name="portal_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    from django.urls import reverse

    from ledgers.two_factor import may_enrol

    if not may_enrol(request.user):
        return None
    return {
        "url": reverse("portal_two_factor"),
        "label": "两步验证",
        "help_text": "登录时除密码外再输入手机验证器上的 6 位数字。",
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    from ledgers.two_factor import ENROL_ACTION, REMOVE_ACTION

    actions.register_action(ENROL_ACTION, "启用两步验证", "启用了两步验证")
    actions.register_action(REMOVE_ACTION, "关闭两步验证", "关闭了两步验证")
