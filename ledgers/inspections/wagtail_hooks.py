"""The 纪委监督 menu group, the publication queue's URLs and the Chinese labels of the
inspections' log actions."""

from django.urls import path
from wagtail import hooks

from ledgers.history import register_labelled_actions
from ledgers.inspections import views
from ledgers.inspections.models import Decision
from ledgers.inspections.services import ACTION_LABELS
from ledgers.inspections.viewsets import InspectionGroup


def describe_action(action, data):
    """The note of a log entry in Chinese (never the finding's text)."""
    d = data or {}
    if action == "decide":
        return "处理决定:" + dict(Decision.choices).get(d.get("decision"), "")
    if action == "hand_over":
        return f"交办整改,整改问题 #{d.get('case', '')},时限 {d.get('days', '')} 个工作日"
    if action == "evidence":
        return f"上传佐证材料 {d.get('files', 0)} 个"
    return ""


@hooks.register("register_log_actions")
def register_inspection_log_actions(actions):
    register_labelled_actions(actions, "inspections", ACTION_LABELS, describe_action)


@hooks.register("register_admin_urls")
def register_publication_urls():
    return [
        path("inspections/publications/", views.publications, name="inspection_publications"),
        path(
            "inspections/publications/<int:pk>/approve/",
            views.approve,
            name="inspection_publication_approve",
        ),
        path(
            "inspections/publications/<int:pk>/withdraw/",
            views.withdraw,
            name="inspection_publication_withdraw",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_inspections():
    return InspectionGroup()
