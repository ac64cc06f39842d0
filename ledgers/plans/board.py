"""The filing board: for a year and a plan type, every unit that must file and where it stands.

Built from three queries (plan type, obligated units, their plans) whatever the number of units.
"""

from dataclasses import dataclass

from django.db import models

from ledgers.plans.models import Plan, PlanStatus
from ledgers.plans.rules import is_late, to_local_date


class BoardState(models.TextChoices):
    MISSING = "missing", "未提交"
    DRAFT = PlanStatus.DRAFT.value, PlanStatus.DRAFT.label
    PENDING = PlanStatus.PENDING.value, PlanStatus.PENDING.label
    RETURNED = PlanStatus.RETURNED.value, PlanStatus.RETURNED.label
    FILED = PlanStatus.FILED.value, PlanStatus.FILED.label


STATE_ORDER = {s.value: i for i, s in enumerate(BoardState)}


@dataclass
class BoardRow:
    unit: object
    plan: object
    state: str
    deadline: object
    submitted_on: object
    last_submitted_on: object
    filed_on: object
    late: bool

    @property
    def state_label(self):
        return BoardState(self.state).label

    @property
    def filing_number(self):
        return self.plan.filing_number if self.plan else ""


def plan_state(plan):
    if plan is None:
        return BoardState.MISSING
    if plan.filing_number:
        return BoardState.FILED
    return BoardState(plan.status)


def board_rows(plan_type, year, today):
    """One :class:`BoardRow` per obligated unit, in the units' own order."""
    deadline = plan_type.deadline_for(year)
    units = list(plan_type.obligated_units())
    plans = {
        p.unit_id: p
        for p in Plan.objects.filter(
            plan_type=plan_type, year=year, unit__in=[u.pk for u in units]
        ).only(
            "pk",
            "unit_id",
            "title",
            "status",
            "first_submitted_at",
            "last_submitted_at",
            "filed_at",
            "filing_number",
        )
    }
    rows = []
    for unit in units:
        plan = plans.get(unit.pk)
        submitted_on = to_local_date(plan.first_submitted_at) if plan else None
        rows.append(
            BoardRow(
                unit=unit,
                plan=plan,
                state=plan_state(plan),
                deadline=deadline,
                submitted_on=submitted_on,
                last_submitted_on=to_local_date(plan.last_submitted_at) if plan else None,
                filed_on=to_local_date(plan.filed_at) if plan else None,
                late=is_late(deadline, submitted_on, today),
            )
        )
    return rows


SORT_KEYS = {
    "unit": lambda r: (r.unit.sort_order, r.unit.name),
    "state": lambda r: STATE_ORDER[r.state],
    "submitted": lambda r: r.submitted_on,
    "filed": lambda r: r.filed_on,
    "late": lambda r: not r.late,
}


def sort_rows(rows, key):
    """Sort by ``key`` (one of SORT_KEYS, ``-`` prefix for descending); rows without a value
    (no date yet) come last either way; unknown keys keep the order."""
    descending = key.startswith("-")
    func = SORT_KEYS.get(key.lstrip("-"))
    if func is None:
        return rows
    with_value = [r for r in rows if func(r) is not None]
    without = [r for r in rows if func(r) is None]
    return sorted(with_value, key=func, reverse=descending) + without


def filter_rows(rows, state=None, late=None, kind=None):
    if state:
        rows = [r for r in rows if r.state == state]
    if late in ("1", "0"):
        rows = [r for r in rows if r.late == (late == "1")]
    if kind:
        rows = [r for r in rows if r.unit.kind == kind]
    return rows
