"""回头看: the history of a place, and clusters of the same problem in one compound."""

from django.db.models import Count, Q

from ledgers.places import format_place
from ledgers.rectification import rules
from ledgers.rectification.models import Case, CaseSource, CaseState


def period_of(day):
    """The ledger half-year a date belongs to: 2026年上半年 / 2026年下半年."""
    return f"{day.year}年{'上' if day.month <= 6 else '下'}半年"


def place_history(qs, town="", village="", compound=""):
    """Cases raised at a place, newest first, grouped by half-year: ``[(period, [case…])]``."""
    filters = Q()
    for field, value in (("town", town), ("village", village), ("compound", compound)):
        if value:
            filters &= Q(**{f"{field}__icontains": value.strip()})
    cases = (
        qs.filter(filters)
        .exclude(state=CaseState.MERGED)
        .select_related("category", "assigned_unit")
        .order_by("-received_on", "-pk")
    )
    groups = []
    for case in cases:
        period = period_of(case.received_on)
        if not groups or groups[-1][0] != period:
            groups.append((period, []))
        groups[-1][1].append(case)
    return groups


def find_clusters(qs, start, end, threshold=rules.CLUSTER_MIN_RESIDENTS):
    """The same category raised by at least ``threshold`` different residents of one compound
    between ``start`` and ``end`` (inclusive). Two queries: the groups, then their cases."""
    sources = CaseSource.objects.filter(
        case__in=qs.exclude(state=CaseState.MERGED).exclude(compound=""),
        case__received_on__gte=start,
        case__received_on__lte=end,
    ).exclude(resident_key="")
    groups = list(
        sources.values(
            "case__category_id",
            "case__category__name",
            "case__town",
            "case__village",
            "case__compound",
        )
        .annotate(
            residents=Count("resident_key", distinct=True), cases=Count("case_id", distinct=True)
        )
        .order_by("-residents")
    )
    groups = [g for g in groups if rules.is_cluster(g["residents"], threshold)]
    if not groups:
        return []
    match = Q()
    for g in groups:
        match |= Q(
            category_id=g["case__category_id"],
            town=g["case__town"],
            village=g["case__village"],
            compound=g["case__compound"],
        )
    members = {}
    for case in (
        qs.filter(match, received_on__gte=start, received_on__lte=end)
        .exclude(state=CaseState.MERGED)
        .select_related("category", "assigned_unit")
        .order_by("pk")
    ):
        key = (case.category_id, case.town, case.village, case.compound)
        members.setdefault(key, []).append(case)
    clusters = []
    for g in groups:
        key = (g["case__category_id"], g["case__town"], g["case__village"], g["case__compound"])
        clusters.append(
            {
                "category": g["case__category__name"],
                "place": format_place(*key[1:]),
                "residents": g["residents"],
                "cases": members.get(key, []),
            }
        )
    return clusters


def open_cases_at(qs, case):
    """Other cases at the same compound (shown on a case for look-back)."""
    if not case.compound:
        return Case.objects.none()
    return (
        qs.filter(compound=case.compound, town=case.town)
        .exclude(pk=case.pk)
        .exclude(state=CaseState.MERGED)
        .select_related("category")
        .order_by("-received_on")[:20]
    )


def ledger_history(user, town="", village="", compound="", limit=500):
    """Problems raised in the semiannual ledgers (att. 2/4/5 rows with content) at a place, by
    period: ``[(period, [row…])]``. Units see the rows of their own uploads; the office sees all.
    Empty until the sheets module is installed."""
    from django.apps import apps

    from ledgers.permissions import UnitScope

    try:
        LedgerRow = apps.get_model("sheets", "LedgerRow")
    except LookupError:
        return []
    manager = LedgerRow.objects
    qs = manager.current() if hasattr(manager, "current") else manager.all()
    qs = qs.exclude(problem_content="")
    for value in (town, village, compound):
        if value:
            qs = qs.filter(address__icontains=value.strip())
    qs = UnitScope("upload__unit").scope_queryset(user, qs)
    rows = qs.select_related("upload__period", "upload__unit", "category").order_by(
        "-upload__period__year", "-upload__period__half", "pk"
    )[:limit]
    groups = []
    for row in rows:
        period = str(row.upload.period)
        if not groups or groups[-1][0] != period:
            groups.append((period, []))
        groups[-1][1].append(row)
    return groups
