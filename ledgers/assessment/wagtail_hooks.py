"""The 年终考核 menu group and the Chinese labels of the assessment log actions."""

from wagtail import hooks

from ledgers.assessment.services import ACTION_LABELS
from ledgers.assessment.viewsets import AssessmentGroup
from ledgers.history import register_labelled_actions


def describe_action(action, data):
    d = data or {}
    if action == "adjust":
        return f"{d.get('unit', '')} {d.get('points', '')}分:{d.get('reason', '')}"
    if action == "freeze":
        return f"数据截至 {d.get('as_of', '')},校验值 {d.get('hash', '')}…"
    if action == "copy":
        return f"复制自{d.get('source', '')}年度方案"
    return ""


@hooks.register("register_log_actions")
def register_assessment_log_actions(actions):
    register_labelled_actions(actions, "assessment", ACTION_LABELS, describe_action)


@hooks.register("register_admin_viewset")
def register_assessment():
    return AssessmentGroup()
