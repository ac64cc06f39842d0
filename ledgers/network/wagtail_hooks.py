"""The 包村联户 menu group and the Chinese labels of the network's log actions."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from ledgers.network.services import ACTION_LABELS


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
    for action, label in ACTION_LABELS.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, _action=action, _label=label):
                return describe_action(_action, log_entry.data) or _label

        Formatter.label = label
        actions.register_action(f"network.{action}")(Formatter)
