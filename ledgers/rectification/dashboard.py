"""Dashboard figures computed in a constant number of queries, whatever the number of cases.

:func:`office_figures` answers: open / overdue / closed by unit, category and town, the median
number of days from receipt to close-out and the on-time rate (:func:`rules.on_time_rate`: closed
on time ÷ (all closed + open past deadline)) overall and per unit, category and town — five
queries in all. A 咨询 the 89000 centre answered in the call (``answered_on_spot``) was never a
problem to rectify: it is left out of these figures and counted by :func:`appeal_figures`.

:func:`appeal_figures` answers, in one query, how many cases of each 诉求类型 (咨询 / 求助 / 建议 /
投诉) there are, open, closed, answered on the spot and waiting for their 回访.
"""

import statistics

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)

from ledgers.rectification.models import (
    CLOCK_STATES,
    OPEN_STATES,
    AppealType,
    Case,
    CaseNote,
    CaseState,
    NoteKind,
)
from ledgers.rectification.rules import on_time_rate


class Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5) — the median in the database."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class DateDiffDays(Func):
    """``a - b`` in days for two DATE columns (PostgreSQL yields an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


def counted(today):
    return {
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "overdue": Count("pk", filter=Q(state__in=CLOCK_STATES, deadline__lt=today)),
        "closed": Count("pk", filter=Q(state=CaseState.CLOSED)),
        "on_time": Count("pk", filter=Q(state=CaseState.CLOSED, closed_on_time=True)),
    }


def with_rate(row):
    row["on_time_rate"] = on_time_rate(row["on_time"], row["closed"], row["overdue"])
    return row


def breakdown(qs, fields, today):
    """Rows of ``{fields…, open, overdue, closed, on_time, on_time_rate}``, one per distinct
    value of ``fields``."""
    rows = qs.values(*fields).annotate(**counted(today)).order_by(*fields)
    return [with_rate(row) for row in rows]


def median_days_to_close(qs):
    closed = qs.filter(state=CaseState.CLOSED, closed_on__isnull=False)
    if connection.vendor == "postgresql":
        value = closed.aggregate(m=Median(DateDiffDays(F("closed_on"), F("received_on"))))["m"]
        return None if value is None else round(value, 1)
    days = [(c - r).days for c, r in closed.values_list("closed_on", "received_on")]
    return round(statistics.median(days), 1) if days else None


def office_figures(today, qs=None):
    qs = (
        (qs if qs is not None else Case.objects.all())
        .exclude(state=CaseState.MERGED)
        .exclude(answered_on_spot=True)
    )
    totals = qs.aggregate(
        **counted(today),
        flagged_overdue=Count(
            "pk", filter=Q(flagged=True, state__in=CLOCK_STATES, deadline__lt=today)
        ),
    )
    with_rate(totals)
    totals["median_days"] = median_days_to_close(qs)
    by_unit = breakdown(qs, ["assigned_unit_id", "assigned_unit__name"], today)
    for row in by_unit:
        row["label"] = row["assigned_unit__name"] or "未交办"
    by_category = breakdown(qs, ["category__name"], today)
    for row in by_category:
        row["label"] = row["category__name"]
    by_town = breakdown(qs, ["town"], today)
    for row in by_town:
        row["label"] = row["town"] or "未填写"
    return {"totals": totals, "by_unit": by_unit, "by_category": by_category, "by_town": by_town}


def naive_office_figures(today, units, categories):
    """The obvious way (three count queries per unit and per category): the benchmark baseline."""
    qs = Case.objects.exclude(state=CaseState.MERGED)
    by_unit = []
    for unit in units:
        unit_qs = qs.filter(assigned_unit=unit)
        by_unit.append(
            {
                "label": unit.name,
                "open": unit_qs.filter(state__in=OPEN_STATES).count(),
                "overdue": unit_qs.filter(state__in=CLOCK_STATES, deadline__lt=today).count(),
                "closed": unit_qs.filter(state=CaseState.CLOSED).count(),
            }
        )
    by_category = []
    for category in categories:
        cat_qs = qs.filter(category=category)
        by_category.append(
            {
                "label": category.name,
                "open": cat_qs.filter(state__in=OPEN_STATES).count(),
                "overdue": cat_qs.filter(state__in=CLOCK_STATES, deadline__lt=today).count(),
                "closed": cat_qs.filter(state=CaseState.CLOSED).count(),
            }
        )
    days = [
        (c.closed_on - c.received_on).days
        for c in qs.filter(state=CaseState.CLOSED, closed_on__isnull=False)
    ]
    return {
        "by_unit": by_unit,
        "by_category": by_category,
        "median_days": statistics.median(days) if days else None,
    }


def unit_queue(unit, today):
    """A unit's own open cases, most urgent first, with its counts (2 queries)."""
    qs = Case.objects.filter(assigned_unit=unit).exclude(state=CaseState.MERGED)
    counts = qs.aggregate(**counted(today))
    rows = list(
        qs.filter(state__in=(CaseState.ASSIGNED, CaseState.IN_PROGRESS, CaseState.SUBMITTED))
        .select_related("category", "assigned_unit")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    for case in rows:
        case.overdue = case.is_overdue(today)
    return counts, rows


# States in which the citizen is called back (the unit has reported, or an objection is reviewed).
CALLBACK_STATES = (CaseState.SUBMITTED, CaseState.REOPENED)


def with_callback(qs):
    """Annotate ``callback_done`` (a 回访记录 exists) and ``callback_satisfaction`` (the latest
    回访's five-level rating) in the same query."""
    callbacks = CaseNote.objects.filter(case=OuterRef("pk"), kind=NoteKind.CALLBACK)
    return qs.annotate(
        callback_done=Exists(callbacks),
        callback_satisfaction=Subquery(
            callbacks.order_by("-written_on", "-pk").values("satisfaction")[:1]
        ),
    )


def appeal_figures(qs):
    """One row per 诉求类型 (all four, in order, zero rows included; then 未分类 if any case of
    ``qs`` has none): ``total``, ``open``, ``closed``, ``on_spot`` (咨询当场办结) and
    ``callback_pending`` (result reported, 回访 not yet written). One query."""
    callbacks = CaseNote.objects.filter(case=OuterRef("pk"), kind=NoteKind.CALLBACK)
    rows = (
        qs.exclude(state=CaseState.MERGED)
        .annotate(_called_back=Exists(callbacks))
        .values("appeal_type")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            closed=Count("pk", filter=Q(state=CaseState.CLOSED)),
            on_spot=Count("pk", filter=Q(answered_on_spot=True)),
            callback_pending=Count(
                "pk",
                filter=Q(needs_callback=True, state__in=CALLBACK_STATES, _called_back=False),
            ),
        )
        .order_by("appeal_type")
    )
    found = {row["appeal_type"]: row for row in rows}
    zero = {"total": 0, "open": 0, "closed": 0, "on_spot": 0, "callback_pending": 0}
    result = []
    for value, label in AppealType.choices:
        result.append({**zero, **found.get(value, {}), "appeal_type": value, "label": label})
    if "" in found:
        result.append({**found[""], "label": "未分类"})
    return result
