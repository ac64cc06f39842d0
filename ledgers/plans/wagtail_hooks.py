"""Admin for plans: plan types (office), plans (snippet with workflow, unit-scoped), the office's
filing board, the clerks' dashboard panel and the download log action."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ledgers.plans import views
from ledgers.plans.viewsets import PlansGroup


@hooks.register("register_admin_viewset")
def register_plans():
    return PlansGroup()


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("plans.view_filing_board")


@hooks.register("register_admin_urls")
def register_board_urls():
    from ledgers.plans import urls

    return [
        path("plans-board/", views.filing_board, name="plans_board"),
        # checked downloads of plan files (namespace ``plans``)
        path("plans/", include((urls.urlpatterns, "plans"), namespace="plans")),
    ]


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    return OfficeMenuItem("方案备案进度", reverse("plans_board"), icon_name="table", order=310)


@hooks.register("construct_homepage_panels")
def add_obligations_panel(request, panels):
    from ledgers.plans.panels import ObligationsPanel
    from ledgers.roles import unit_of

    unit = unit_of(request.user)
    if unit is not None:
        panels.append(ObligationsPanel(unit))


@hooks.register("register_log_actions")
def register_plan_log_actions(actions):
    actions.register_action("plans.download", "下载方案文件", "下载了方案文件")
    actions.register_action("plans.board_export", "导出备案进度", "导出了备案进度表")


# 取消发布 at the bottom of the plan editor's action menu (registers its own hook).
import ledgers.plans.action_menu  # noqa: E402, F401
