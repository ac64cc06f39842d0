"""The clerk's dashboard panel: this year's plan obligations of the clerk's unit."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ledgers.plans.board import BoardState, plan_state
from ledgers.plans.models import Plan, plan_types_for_unit
from ledgers.plans.rules import days_until, is_late, to_local_date


def obligations(unit, year, today):
    """Each plan type ``unit`` must file in ``year`` with its plan (or None), state and deadline."""
    plans = {
        p.plan_type_id: p for p in Plan.objects.filter(unit=unit, year=year).select_related(None)
    }
    items = []
    for plan_type in plan_types_for_unit(unit):
        plan = plans.get(plan_type.pk)
        deadline = plan_type.deadline_for(year)
        state = plan_state(plan)
        submitted_on = to_local_date(plan.first_submitted_at) if plan else None
        items.append(
            {
                "plan_type": plan_type,
                "plan": plan,
                "state": state,
                "state_label": BoardState(state).label,
                "deadline": deadline,
                "days_left": days_until(deadline, today),
                "late": is_late(deadline, submitted_on, today),
                "filing_number": plan.filing_number if plan else "",
            }
        )
    return items


class ObligationsPanel(Component):
    name = "plan_obligations"
    template_name = "plans/dashboard_panel.html"
    order = 50

    def __init__(self, unit):
        self.unit = unit

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        items = obligations(self.unit, today.year, today)
        for item in items:
            if item["plan"] is not None:
                item["url"] = reverse("wagtailsnippets_plans_plan:edit", args=[item["plan"].pk])
            else:
                item["url"] = reverse("wagtailsnippets_plans_plan:add") + (
                    f"?plan_type={item['plan_type'].pk}"
                )
        return {"unit": self.unit, "year": today.year, "items": items}
