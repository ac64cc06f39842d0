"""The case workbench by state: which actions lead, which are folded, which need confirming.

A case page used to stack every allowed form (退回 first, 签收 below the fold). Now the one or two
actions the current state is waiting for lead; the rest are folded away; actions that undo work
or cannot be undone (退回, 退回重办, 销号, 取消督办) stand apart and need an explicit tick.
"""

from ledgers.rectification.models import CaseState
from ledgers.roles import is_office, unit_of

S = CaseState

# The state's main actions, per role, in order (at most two are shown open).
PRIMARY = {
    "office": {
        S.NEW: ["assign"],
        S.RETURNED: ["assign"],
        S.IN_PROGRESS: ["decide_extension"],
        S.SUBMITTED: ["close", "decide_extension"],
        S.REOPENED: ["close"],
    },
    "unit": {
        S.ASSIGNED: ["sign"],
        S.IN_PROGRESS: ["submit", "handle"],
    },
    # The unit that entered the case (the 89000 centre): the 回访 once the result is reported.
    "centre": {
        S.SUBMITTED: ["callback"],
        S.REOPENED: ["callback"],
    },
}
# Actions that send work back or withdraw something: shown apart, never as the main action.
DESTRUCTIVE = frozenset({"return", "send_back", "unflag"})
# Actions the user must confirm with a tick (destructive ones and the irreversible 销号).
CONFIRM = DESTRUCTIVE | {"close"}
CONFIRM_LABELS = {
    "return": "确认退回作风办(退回后本单位不再办理此件)",
    "send_back": "确认退回责任单位重办",
    "unflag": "确认取消挂牌督办",
    "close": "确认审核通过并销号(销号后不能撤回)",
}
MAX_PRIMARY = 2


def role_of(case, user):
    """The user's part on this case: "office", "unit" (the assigned unit) or "centre" (the unit
    that entered it, not handling it)."""
    if is_office(user):
        return "office"
    unit = unit_of(user)
    if unit is not None and unit.pk != case.assigned_unit_id and unit.pk == case.entered_by_unit_id:
        return "centre"
    return "unit"


def main_actions(case, role, allowed):
    """The one or two actions the case is waiting for, among ``allowed`` action names."""
    wanted = list(PRIMARY.get(role, {}).get(case.state, []))
    if role == "unit" and case.state == S.IN_PROGRESS and not case.responsible_person:
        wanted = ["handle", "submit"]  # name the section and person first
    return [name for name in wanted if name in allowed][:MAX_PRIMARY]


def arrange(case, role, allowed):
    """(main, other, destructive) lists of action names, each in the order given."""
    main = main_actions(case, role, allowed)
    destructive = [n for n in allowed if n in DESTRUCTIVE and n not in main]
    other = [n for n in allowed if n not in main and n not in destructive]
    return main, other, destructive


def needs_confirmation(name):
    return name in CONFIRM


def confirmed(name, data):
    """Whether the POSTed ``data`` carries the tick for action ``name`` (or none is needed)."""
    return not needs_confirmation(name) or data.get(f"{name}-confirm") == "1"
