"""Admin menus: periods and obligations (office), uploads and rows (unit-scoped), the upload and
board pages at /admin/sheets/ (with a menu link), and the log action types of this module."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ledgers.sheets.viewsets import SheetsGroup


@hooks.register("register_admin_viewset")
def register_sheets():
    return SheetsGroup()


@hooks.register("register_admin_urls")
def register_sheets_pages_urls():
    """The clerk/office ledger pages, behind the admin login (namespace ``sheets``)."""
    from ledgers.sheets import urls

    return [path("sheets/", include((urls.urlpatterns, "sheets"), namespace="sheets"))]


class SheetsPagesMenuItem(MenuItem):
    def is_shown(self, request):
        from ledgers.roles import is_office, unit_of

        return is_office(request.user) or unit_of(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_sheets_pages():
    return SheetsPagesMenuItem(
        "台账报送与看板", reverse("sheets:index"), icon_name="upload", order=401
    )


@hooks.register("register_log_actions")
def register_sheets_actions(actions):
    actions.register_action("sheets.confirm", "确认台账", "确认台账并替换旧版本")
    actions.register_action("sheets.restore", "恢复台账", "恢复台账历史版本")
    actions.register_action("sheets.finding_clear", "核实无误", "台账行的发现核实无误")
    actions.register_action("sheets.finding_confirm", "确认有误", "台账行的发现确认有误")
    actions.register_action("sheets.trade_merge", "合并行业领域类型", "合并行业领域问题类型的写法")
