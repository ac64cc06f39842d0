"""What the public sees of the service points: the directory by town and village, and, for one
approval item, the active points that accept or forward it, grouped by town. Only public fields
leave here (a 代办员's phone only where the unit chose to publish it)."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from ledgers.servicepoints.models import Agent, PointItem, ServicePoint


def point_order(prefix=""):
    """Town by town; in a town its 便民服务中心 (no village) first, then the villages' 代办点."""
    return [
        f"{prefix}town__sort_order",
        f"{prefix}town__name",
        F(f"{prefix}village__sort_order").asc(nulls_first=True),
        f"{prefix}village__name",
        f"{prefix}sort_order",
        f"{prefix}name",
    ]


@dataclass
class TownGroup:
    town: object
    entries: list = field(default_factory=list)


def _agents():
    return Prefetch("agents", queryset=Agent.objects.order_by("sort_order", "pk"))


def parse_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def group_by_town(rows, town_of):
    groups = {}
    for row in rows:
        town = town_of(row)
        groups.setdefault(town.pk, TownGroup(town)).entries.append(row)
    return list(groups.values())


def points_for_item(item, town_id=None):
    """(groups, towns, chosen): the active points that take ``item`` — each a :class:`PointItem`
    with its point, town, village and agents — grouped by town; every town that has one (for the
    "my town" picker); and the chosen town's id when it is among them."""
    rows = list(
        PointItem.objects.filter(item=item, point__is_active=True)
        .select_related("point__town", "point__village")
        .prefetch_related(
            Prefetch("point__agents", queryset=Agent.objects.order_by("sort_order", "pk"))
        )
        .order_by(*point_order("point__"))
    )
    groups = group_by_town(rows, lambda row: row.point.town)
    towns = [group.town for group in groups]
    chosen = town_id if town_id in {town.pk for town in towns} else None
    if chosen is not None:
        groups = [group for group in groups if group.town.pk == chosen]
    return groups, towns, chosen


def directory(town_id=None, village_id=None):
    """The active points, filtered by town and village, with their agents and items."""
    points = (
        ServicePoint.objects.public()
        .select_related("town", "village")
        .prefetch_related(
            _agents(),
            Prefetch(
                "items",
                queryset=PointItem.objects.filter(item__page__live=True)
                .select_related("item__page")
                .order_by("item__page__path", "item__sort_order"),
            ),
        )
        .order_by(*point_order())
    )
    if town_id is not None:
        points = points.filter(town_id=town_id)
    if village_id is not None:
        points = points.filter(village_id=village_id)
    return group_by_town(points, lambda point: point.town)


def filter_options(town_id=None):
    """The towns and villages that have an active point (one query), for the directory's
    filter: [(id, name)] of towns, and of villages of the chosen town (or of every town)."""
    rows = (
        ServicePoint.objects.public()
        .order_by("town__sort_order", "town__name", "village__sort_order", "village__name")
        .values_list("town_id", "town__name", "village_id", "village__name")
        .distinct()
    )
    towns, villages = {}, {}
    for town, town_name, village, village_name in rows:
        towns.setdefault(town, town_name)
        if village is not None and (town_id is None or town == town_id):
            villages.setdefault(village, village_name)
    return list(towns.items()), list(villages.items())
