"""The admin home screen's 待办 panel: the work waiting for the user today (ledgers.waiting)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from ledgers import waiting
from ledgers.roles import is_inspector, is_office, unit_of


class WaitingPanel(Component):
    name = "portal_waiting"
    template_name = "ledgers/waiting_panel.html"
    order = 10  # first on the home screen

    def __init__(self, heading, groups, today):
        self.heading = heading
        self.groups = groups
        self.today = today

    def get_context_data(self, parent_context):
        return {
            "heading": self.heading,
            "groups": self.groups,
            "today": self.today,
        }


def waiting_panel_for(user, today=None):
    """The panel for ``user``'s role, or None (a user with no portal role)."""
    today = today or timezone.localdate()
    if is_office(user):
        return WaitingPanel("作风办今日待办", waiting.office_waiting(today), today)
    unit = unit_of(user)
    if unit is not None:
        return WaitingPanel(f"{unit.name} 今日待办", waiting.clerk_waiting(unit, today), today)
    if is_inspector(user):
        return WaitingPanel("纪委 明察暗访", waiting.inspector_waiting(today), today)
    return None
