"""The 电话抽查 menu group and the Chinese labels of the spot-check log actions."""

from wagtail import hooks

from ledgers.history import register_labelled_actions
from ledgers.spotchecks.models import Outcome
from ledgers.spotchecks.services import ACTION_LABELS
from ledgers.spotchecks.viewsets import SpotCheckGroup


def describe_action(action, data):
    """The note of a spot-check log entry in Chinese (never a name or a phone number)."""
    d = data or {}
    if action == "draw":
        return "随机种子 {},候选 {} 人,排除近期已抽查 {} 人,抽取 {} 人".format(
            d.get("seed", ""), d.get("population", 0), d.get("excluded", 0), d.get("calls", 0)
        )
    if action == "verify":
        text = "按记录的种子重新抽样,结果一致" if d.get("matches") else "重新抽样结果不一致"
        if "frame_unchanged" in d and not d["frame_unchanged"]:
            text += "(台账等来源在抽样后有变动)"
        return text
    if action == "record":
        outcome = dict(Outcome.choices).get(d.get("outcome"), "")
        return f"{outcome},第 {d.get('attempts', '')} 次拨打" if outcome else ""
    if action == "raise_case":
        return f"整改问题 #{d['case']}" if d.get("case") else ""
    return ""


@hooks.register("register_log_actions")
def register_spotcheck_log_actions(actions):
    register_labelled_actions(actions, "spotchecks", ACTION_LABELS, describe_action)


@hooks.register("register_admin_viewset")
def register_spotchecks():
    return SpotCheckGroup()
