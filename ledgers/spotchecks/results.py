"""Round results per unit and task: calls made, reached, 核实属实率, false reports, satisfaction.

One grouped query per round; no names or phones ever enter these figures, so the same rows can
be shown to the unit itself (its own rows), 纪委 and the office.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from ledgers.models import Unit
from ledgers.satisfaction import Satisfaction, satisfaction_rate
from ledgers.spotchecks import rules
from ledgers.spotchecks.models import Call, Outcome, Task


@dataclass
class Row:
    unit_id: int
    unit: str
    task: str
    drawn: int = 0
    made: int = 0
    reached: int = 0
    confirmed: int = 0
    false: int = 0
    unreachable: int = 0
    refused: int = 0
    satisfaction: dict = field(default_factory=dict)

    @property
    def task_label(self):
        return Task(self.task).label if self.task else "合计"

    @property
    def confirmed_rate(self):
        return rules.confirmed_rate(self.confirmed, self.reached)

    @property
    def satisfaction_rate(self):
        return satisfaction_rate(self.satisfaction)

    @property
    def answered(self):
        return sum(self.satisfaction.values())

    def add(self, outcome, level, count):
        self.drawn += count
        if outcome:
            self.made += count
        if rules.is_reached(outcome):
            self.reached += count
        if outcome == Outcome.CONFIRMED:
            self.confirmed += count
        elif outcome == Outcome.FALSE:
            self.false += count
        elif outcome == Outcome.UNREACHABLE:
            self.unreachable += count
        elif outcome == Outcome.REFUSED:
            self.refused += count
        if level:
            self.satisfaction[level] = self.satisfaction.get(level, 0) + count


def round_results(round_, unit=None):
    """``(rows, totals)``: one :class:`Row` per unit and task (sorted by unit order, then task),
    and one total Row per task plus the grand total (``task=""``). ``unit`` limits to one unit."""
    calls = Call.objects.filter(round=round_)
    if unit is not None:
        calls = calls.filter(unit=unit)
    grouped = (
        calls.values("unit_id", "task", "outcome", "satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped = list(grouped)
    units = Unit.objects.in_bulk({g["unit_id"] for g in grouped})
    rows, per_task = {}, {}
    grand = Row(0, "全部单位", "")
    task_order = list(Task.values)
    for g in grouped:
        key = (g["unit_id"], g["task"])
        if key not in rows:
            rows[key] = Row(g["unit_id"], str(units[g["unit_id"]]), g["task"])
        rows[key].add(g["outcome"], g["satisfaction"], g["n"])
        per_task.setdefault(g["task"], Row(0, "全部单位", g["task"])).add(
            g["outcome"], g["satisfaction"], g["n"]
        )
        grand.add(g["outcome"], g["satisfaction"], g["n"])

    def unit_sort(row):
        u = units[row.unit_id]
        return (u.sort_order, u.kind, u.name, task_order.index(row.task))

    ordered = sorted(rows.values(), key=unit_sort)
    totals = [per_task[t] for t in task_order if t in per_task] + [grand]
    return ordered, totals


def chart_rows(rows):
    """Per unit (all tasks together), for the charts."""
    per_unit = {}
    for row in rows:
        total = per_unit.setdefault(row.unit_id, Row(row.unit_id, row.unit, ""))
        for name in ("drawn", "made", "reached", "confirmed", "false", "unreachable", "refused"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for level, count in row.satisfaction.items():
            total.satisfaction[level] = total.satisfaction.get(level, 0) + count
    return list(per_unit.values())


SATISFACTION_LEVELS = list(Satisfaction.choices)
