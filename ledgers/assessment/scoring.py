"""Scorecards: a scheme's indicators applied to every unit, then weights, adjustments and ranks.

:func:`compute_results` runs each indicator of the scheme once over all the units (a constant
number of queries whatever their number) and returns plain data — the same shape a
:class:`~ledgers.assessment.models.Freeze` stores — so live and frozen cards render alike.
:func:`ranked` adds the office's adjustments, the totals and the rank within each unit type.
"""

from decimal import Decimal

from ledgers.assessment import rules
from ledgers.assessment.indicators import Context, compute
from ledgers.assessment.models import Adjustment, NoData, RuleKind
from ledgers.models import Unit, UnitKind

KIND_ORDER = [UnitKind.TOWN, UnitKind.DEPARTMENT]

# A new scheme starts from these (weights add up to 100); the office changes them freely.
DEFAULT_INDICATORS = [
    # code, weight, rule, full_at, zero_at, per_occurrence, windows only
    ("plans_on_time", 10, RuleKind.DEDUCTION, None, None, 2, False),
    ("ledgers_on_time", 10, RuleKind.DEDUCTION, None, None, 1.5, False),
    ("ledger_findings", 10, RuleKind.LINEAR, 0, 20, None, False),
    ("rect_on_time", 20, RuleKind.LINEAR, 100, 60, None, False),
    ("rect_send_backs", 5, RuleKind.DEDUCTION, None, None, 1, False),
    ("rect_reopened", 5, RuleKind.DEDUCTION, None, None, 1, False),
    ("rect_dissatisfied", 5, RuleKind.DEDUCTION, None, None, 1, False),
    ("spot_confirmed", 10, RuleKind.LINEAR, 100, 70, None, False),
    ("spot_false", 5, RuleKind.DEDUCTION, None, None, 1, False),
    ("spot_satisfaction", 5, RuleKind.LINEAR, 100, 60, None, False),
    ("rating_satisfaction", 5, RuleKind.LINEAR, 100, 60, None, True),
    ("time_cut", 5, RuleKind.LINEAR, 100, 50, None, True),
    ("inspection_findings", 5, RuleKind.DEDUCTION, None, None, 1, False),
]


def points_for(indicator, value):
    """Points of one indicator (a :class:`SchemeIndicator` or its ``definition()`` dict) for a
    figure, and a note when the figure was missing."""
    get = indicator.get if isinstance(indicator, dict) else lambda k: getattr(indicator, k)
    weight = Decimal(str(get("weight")))
    if value is None:
        full = get("no_data") == NoData.FULL
        return rules.no_data_points(weight, full), "无数据," + ("计满分" if full else "计零分")
    if get("rule") == RuleKind.DEDUCTION:
        return (
            rules.deduction_points(
                value,
                weight,
                Decimal(str(get("per_occurrence") or 0)),
                Decimal(str(get("floor") or 0)),
            ),
            "",
        )
    return rules.linear_points(
        value, weight, Decimal(str(get("full_at"))), Decimal(str(get("zero_at")))
    ), ""


def is_scored(unit):
    """Whether ``unit`` is scored: an active unit that files ledgers (not the 89000 centre or the
    organs committee, which report 附件5 for others)."""
    return unit is not None and unit.is_active and not unit.special_function


def scored_units():
    """The units a year is scored for (see :func:`is_scored`)."""
    return list(
        Unit.objects.active().filter(special_function="").order_by("kind", "sort_order", "name")
    )


def compute_results(scheme, on, units=None):
    """Every unit's figures and points under ``scheme``, taken on ``on`` (plain data)."""
    units = scored_units() if units is None else list(units)
    indicators = list(scheme.indicators.all())
    ctx = Context(year=scheme.year, on=on, units=units)
    figures = {code: compute(code, ctx) for code in dict.fromkeys(i.code for i in indicators)}
    rows = []
    for unit in units:
        lines, points, applicable = [], [], Decimal("0")
        for indicator in indicators:
            line = indicator.definition()
            line["applies"] = indicator.applies_to(unit)
            figure = figures[indicator.code][unit.pk]
            line.update(figure.as_data())
            if line["applies"]:
                score, note = points_for(indicator, figure.value)
                line["points"], line["note"] = str(score), note
                points.append(score)
                applicable += indicator.weight
            else:
                line["points"], line["note"] = None, "不适用"
            lines.append(line)
        rows.append(
            {
                "id": unit.pk,
                "name": unit.name,
                "kind": unit.kind,
                "is_window": unit.is_window,
                "lines": lines,
                "raw": str(rules.quantize(sum(points, Decimal("0")))),
                "applicable_weight": str(applicable),
                "scaled": str(rules.scaled_total(points, applicable)),
            }
        )
    return {"year": scheme.year, "as_of": on.isoformat(), "units": rows}


def adjustments_by_unit(year):
    found = {}
    for adj in (
        Adjustment.objects.filter(year=year)
        .select_related("created_by")
        .order_by("created_at", "pk")
    ):
        found.setdefault(adj.unit_id, []).append(adj)
    return found


def ranked(results, adjustments):
    """Rows of ``results`` with ``adjustments`` (``{unit_id: [Adjustment…]}``), ``total`` and
    ``rank`` within the unit's type, grouped ``[(kind, label, rows)]`` in rank order."""
    groups = []
    for kind in KIND_ORDER:
        rows = [dict(r) for r in results["units"] if r["kind"] == kind]
        for row in rows:
            row["adjustments"] = adjustments.get(row["id"], [])
            row["adjustment"] = rules.quantize(
                sum((a.points for a in row["adjustments"]), Decimal("0"))
            )
            row["total"] = rules.final_score(row["scaled"], [a.points for a in row["adjustments"]])
        ranks = rules.competition_ranks({r["id"]: r["total"] for r in rows})
        for row in rows:
            row["rank"] = ranks[row["id"]]
        rows.sort(key=lambda r: (r["rank"], r["name"]))
        if rows:
            groups.append((kind, UnitKind(kind).label, rows))
    return groups


def card_for(groups, unit_id):
    """One unit's ranked row (with its kind's size), or None."""
    for _kind, _label, rows in groups:
        for row in rows:
            if row["id"] == unit_id:
                return row, len(rows)
    return None, 0
