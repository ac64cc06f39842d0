"""The 包村联户 menu group and the Chinese labels of the network's log actions."""

from django.urls import path
from wagtail import hooks

from ledgers.history import register_labelled_actions
from ledgers.network import views
from ledgers.network.services import ACTION_LABELS
from ledgers.network.viewsets import NetworkGroup


def describe_action(action, data):
    d = data or {}
    if action == "assign":
        before = "、".join(d.get("previous") or []) or "无"
        return f"包联单位:{before} → {d.get('unit', '')},自 {d.get('start_on', '')} 起"
    if action == "roster":
        return f"导入花名册:新增 {d.get('created', 0)} 户,更新 {d.get('updated', 0)} 户,待核实 {d.get('review', 0)} 户"
    if action == "resolve":
        return "人工确认走访住户"
    return ""


@hooks.register("register_log_actions")
def register_network_log_actions(actions):
    register_labelled_actions(actions, "network", ACTION_LABELS, describe_action)


@hooks.register("register_admin_urls")
def register_network_urls():
    return [
        path("network/coverage/", views.coverage_view, name="network_coverage"),
        path("network/roster/import/", views.roster_import, name="network_roster_import"),
        path("network/roster/<int:pk>/", views.roster_result, name="network_roster_result"),
        path(
            "network/roster/<int:pk>/annotated/",
            views.roster_annotated,
            name="network_roster_annotated",
        ),
        path(
            "network/responsibilities/import/",
            views.assignment_import,
            name="network_assignment_import",
        ),
        path("network/visits/", views.unmatched_list, name="network_unmatched"),
        path("network/visits/<int:pk>/resolve/", views.resolve_view, name="network_resolve"),
    ]


@hooks.register("register_admin_viewset")
def register_network():
    return NetworkGroup()
