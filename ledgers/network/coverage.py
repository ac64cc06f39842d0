"""一户不漏: households on the roster, visited at least once, not yet visited — per compound,
community, town, unit and cadre, for a half-year or the whole year.

Every figure comes from a fixed number of queries whatever the size of the ground (asserted in
tests/ledgers/network/test_coverage.py, timed in benchmarks/network_coverage.py): compounds with
their household counts; visited households per compound; visited households per (unit, compound);
per cadre; the responsibilities of the period; the units. The sums are made in Python over the
compounds (thousands, not households).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from ledgers.models import Unit
from ledgers.network import rules
from ledgers.network.models import Compound, MatchState, Responsibility, VisitMatch

COUNTED = (MatchState.MATCHED, MatchState.RESOLVED)


@dataclass
class Figures:
    label: str
    on_roster: int = 0
    visited: int = 0
    key: object = None
    extra: dict = field(default_factory=dict)

    @property
    def not_visited(self):
        return max(self.on_roster - self.visited, 0)

    @property
    def rate(self):
        return rules.coverage_rate(self.on_roster, self.visited)

    @property
    def covered(self):
        return rules.is_fully_covered(self.on_roster, self.visited)

    @property
    def band(self):
        """A heat band 0–4 for the table-heatmap (None without a roster)."""
        rate = self.rate
        if rate is None:
            return None
        return min(int(rate // 25), 4) if rate < 100 else 4

    def add(self, other):
        self.on_roster += other.on_roster
        self.visited += other.visited


@dataclass
class CadreFigures:
    unit: str
    cadre: str
    households: int
    visits: int
    four_complete: int
    four_stated: int

    @property
    def meets_quota(self):
        return rules.cadre_meets_quota(self.households)

    @property
    def four_rate(self):
        return round(100 * self.four_complete / self.four_stated, 1) if self.four_stated else None


@dataclass
class Coverage:
    year: int
    half: object
    compounds: list
    communities: list
    towns: list
    units: list
    cadres: list
    total: Figures

    @property
    def period_label(self):
        return f"{self.year}年" + {1: "上半年", 2: "下半年"}.get(self.half, "全年")


def visits(year, half=None):
    """Counted visits of a period: matched or resolved, of a confirmed (current) upload."""
    from ledgers.sheets.models import UploadStatus

    qs = VisitMatch.objects.filter(
        year=year,
        state__in=COUNTED,
        household__isnull=False,
        ledger_row__upload__status=UploadStatus.CONFIRMED,
    )
    return qs.filter(half=half) if half else qs


def compute(year, half=None, compounds=None, unit=None):
    """The coverage of the period. ``compounds`` (a queryset) limits the ground (a town's area, a
    unit's compounds); ``unit`` limits the visits and cadres to that unit's own."""
    start, end = rules.period_bounds(year, half)
    ground = (compounds if compounds is not None else Compound.objects.all()).select_related(
        "community__town"
    )
    ground = ground.annotate(household_count=Count("households", distinct=True)).order_by(
        "community__town__sort_order",
        "community__town__name",
        "community__sort_order",
        "community__name",
        "sort_order",
        "name",
    )
    compound_rows = list(ground)
    ids = [c.pk for c in compound_rows]
    counted = visits(year, half).filter(household__compound_id__in=ground.values("pk"))
    if unit is not None:
        counted = counted.filter(unit=unit)
    visited = dict(
        counted.values_list("household__compound_id").annotate(
            n=Count("household_id", distinct=True)
        )
    )
    # who answered for each compound during the period (compound-level first, then village-level)
    responsibilities = (
        Responsibility.objects.filter(start_on__lte=end)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .filter(Q(compound_id__in=ids) | Q(compound__isnull=True, community__compounds__in=ids))
        .distinct()
    )
    own, whole = defaultdict(list), defaultdict(list)
    for r in responsibilities.order_by("start_on").values("compound_id", "community_id", "unit_id"):
        (own[r["compound_id"]] if r["compound_id"] else whole[r["community_id"]]).append(
            r["unit_id"]
        )
    per_unit_visited = defaultdict(int)
    for unit_id, compound_id, n in counted.values_list(
        "unit_id", "household__compound_id"
    ).annotate(n=Count("household_id", distinct=True)):
        per_unit_visited[(unit_id, compound_id)] = n
    unit_names = {u.pk: str(u) for u in Unit.objects.only("pk", "name", "short_name")}

    compounds_out, communities, towns, units = [], {}, {}, {}
    total = Figures("合计")
    for c in compound_rows:
        f = Figures(c.name, c.household_count, min(visited.get(c.pk, 0), c.household_count), key=c)
        responsible = list(dict.fromkeys(own.get(c.pk) or whole.get(c.community_id) or []))
        f.extra["units"] = [unit_names.get(u, "") for u in responsible]
        compounds_out.append(f)
        community = communities.setdefault(
            c.community_id,
            Figures(c.community.name, key=c.community, extra={"town": str(c.community.town)}),
        )
        community.add(f)
        communities[c.community_id].extra.setdefault("compounds", []).append(f)
        towns.setdefault(
            c.community.town_id, Figures(str(c.community.town), key=c.community.town)
        ).add(f)
        total.add(f)
        for unit_id in responsible:
            u = units.setdefault(unit_id, Figures(unit_names.get(unit_id, ""), key=unit_id))
            u.on_roster += c.household_count
            u.visited += min(per_unit_visited.get((unit_id, c.pk), 0), c.household_count)

    cadre_rows = (
        counted.values("unit_id", "ledger_row__cadre")
        .annotate(
            households=Count("household_id", distinct=True),
            visits=Count("pk"),
            four_complete=Count(
                "pk",
                filter=Q(
                    ledger_row__four_card=True,
                    ledger_row__four_survey=True,
                    ledger_row__four_solved=True,
                    ledger_row__four_leaflet=True,
                ),
            ),
            four_stated=Count(
                "pk",
                filter=Q(ledger_row__four_card__isnull=False)
                | Q(ledger_row__four_survey__isnull=False)
                | Q(ledger_row__four_solved__isnull=False)
                | Q(ledger_row__four_leaflet__isnull=False),
            ),
        )
        .order_by("unit_id", "ledger_row__cadre")
    )
    cadres = [
        CadreFigures(
            unit_names.get(r["unit_id"], ""),
            r["ledger_row__cadre"] or "(未填写走访干部)",
            r["households"],
            r["visits"],
            r["four_complete"],
            r["four_stated"],
        )
        for r in cadre_rows
    ]
    return Coverage(
        year=year,
        half=half,
        compounds=compounds_out,
        communities=list(communities.values()),
        towns=list(towns.values()),
        units=sorted(units.values(), key=lambda f: (f.rate is None, -(f.rate or 0), f.label)),
        cadres=cadres,
        total=total,
    )


def not_visited(year, half=None, compounds=None):
    """Households of ``compounds`` with no counted visit in the period (for the second round)."""
    from ledgers.network.models import Household

    seen = visits(year, half).values("household_id")
    qs = (
        Household.objects.filter(compound__in=compounds)
        if compounds is not None
        else Household.objects.all()
    )
    return (
        qs.exclude(pk__in=seen)
        .select_related("compound__community__town")
        .order_by("compound__community__name", "compound__name", "address_key", "pk")
    )
