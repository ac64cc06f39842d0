"""Counting ratings: per level, 满意率, per unit and per approval item (one query each)."""

from django.db.models import Count, Q

from ledgers.ratings.models import Aspect, Rating
from ledgers.satisfaction import BAD_LEVELS, Satisfaction, satisfaction_rate


class Figures:
    """The counts of one row (a unit, an item or all of them) and what follows from them."""

    def __init__(self, counts, cases=0, aspects=None):
        self.counts = {level: counts.get(level, 0) or 0 for level in Satisfaction.values}
        self.cases = cases or 0
        self.aspects = aspects or {}

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def bad(self):
        return sum(self.counts[level] for level in BAD_LEVELS)

    @property
    def rate(self):
        return satisfaction_rate(self.counts)

    @property
    def rate_text(self):
        return "—" if self.rate is None else f"{self.rate}%"

    def level_rows(self):
        return [(label, self.counts[value]) for value, label in Satisfaction.choices]

    def level_counts(self):
        return [self.counts[value] for value in Satisfaction.values]

    def aspect_counts(self):
        return [self.aspects.get(value, 0) for value in Aspect.values]


def _aggregates():
    fields = {f"n_{level}": Count("pk", filter=Q(level=level)) for level in Satisfaction.values}
    fields["n_cases"] = Count("case", distinct=True)
    return fields


def _figures(row):
    counts = {level: row.get(f"n_{level}", 0) for level in Satisfaction.values}
    return Figures(counts, cases=row.get("n_cases", 0))


def summary_for_unit(unit_id):
    """The public summary of one window: counts per level and 满意率 (one query)."""
    row = Rating.objects.filter(unit_id=unit_id).aggregate(**_aggregates())
    return _figures(row)


def by_unit(ratings):
    """``{unit_id: Figures}`` for a queryset of ratings (one query)."""
    rows = ratings.values("unit_id").annotate(**_aggregates()).order_by()
    return {row["unit_id"]: _figures(row) for row in rows}


def by_item(ratings):
    """``{(unit_id, item_id or None): Figures}`` (one query); None = rated as a whole window."""
    rows = ratings.values("unit_id", "approval_item_id").annotate(**_aggregates()).order_by()
    return {(row["unit_id"], row["approval_item_id"]): _figures(row) for row in rows}


def bad_aspects_by_unit(ratings):
    """``{unit_id: {aspect: count}}`` among 差评: which points people were unhappy with. The
    aspects are a JSON list; counted in Python over the bad ratings only (one query)."""
    result = {}
    rows = ratings.filter(level__in=BAD_LEVELS).values_list("unit_id", "aspects")
    for unit_id, aspects in rows:
        bucket = result.setdefault(unit_id, {})
        for code in aspects or []:
            bucket[code] = bucket.get(code, 0) + 1
    return result
