"""What the public sees of the service points: the directory by town and village, and, for one
approval item, the active points that accept or forward it, grouped by town. Only public fields
leave here (a 代办员's phone only where the unit chose to publish it)."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from ledgers.servicepoints.models import Agent, ItemMode, PointItem, PointKind, ServicePoint


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


@dataclass
class Town:
    pk: int
    name: str

    def __str__(self):
        return self.name


@dataclass
class ItemPoint:
    """A point that takes the item, as its page and notice show it (public fields only)."""

    pk: int
    name: str
    kind_label: str
    village_name: str
    address: str
    hours: str
    phone: str
    mode_label: str
    agents: list = field(default_factory=list)


def points_for_item(item, town_id=None):
    """(groups, towns, chosen): the active points that take ``item`` (:class:`ItemPoint`, with
    their agents) grouped by town; every town that has one (for the "my town" picker); and the
    chosen town's id when it is among them. One query: the points joined to their agents."""
    rows = (
        PointItem.objects.filter(item=item, point__is_active=True)
        .order_by(*point_order("point__"), "point__agents__sort_order", "point__agents__pk")
        .values_list(
            "point_id",
            "mode",
            "point__town_id",
            "point__town__name",
            "point__town__short_name",
            "point__name",
            "point__kind",
            "point__village__name",
            "point__address",
            "point__hours",
            "point__phone",
            "point__agents__name",
            "point__agents__phone",
            "point__agents__public",
        )
    )
    kinds, modes = dict(PointKind.choices), dict(ItemMode.choices)
    groups, points = {}, {}
    for (pk, mode, town, town_name, town_short, name, kind, village, address, hours, phone,
         agent, agent_phone, public) in rows:  # fmt: skip
        point = points.get(pk)
        if point is None:
            point = points[pk] = ItemPoint(
                pk,
                name,
                kinds.get(kind, ""),
                village or "",
                address,
                hours,
                phone,
                modes.get(mode, ""),
            )
            group = groups.setdefault(town, TownGroup(Town(town, town_short or town_name)))
            group.entries.append(point)
        if agent is not None:
            point.agents.append({"name": agent, "phone": agent_phone if public else ""})
    groups = list(groups.values())
    towns = [group.town for group in groups]
    chosen = town_id if town_id in {town.pk for town in towns} else None
    if chosen is not None:
        groups = [group for group in groups if group.town.pk == chosen]
    return groups, towns, chosen


def directory_points():
    """Every active point with its town, village, agents and items (three queries whatever the
    number of points; the directory is small enough to filter in Python)."""
    return list(
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


def directory(town_id=None, village_id=None):
    """The directory: (towns, villages, town_id, village_id, groups) — the towns and villages that
    have an active point ([(id, name)]; villages of the chosen town only), the filter values
    (None when not one of them) and the matching points grouped by town."""
    points = directory_points()
    towns = list({p.town_id: str(p.town) for p in points}.items())
    if town_id not in dict(towns):
        town_id = None
    villages = list(
        {
            p.village_id: p.village.name
            for p in points
            if p.village_id and (town_id is None or p.town_id == town_id)
        }.items()
    )
    if village_id not in dict(villages):
        village_id = None
    shown = [
        p
        for p in points
        if (town_id is None or p.town_id == town_id)
        and (village_id is None or p.village_id == village_id)
    ]
    return towns, villages, town_id, village_id, group_by_town(shown, lambda point: point.town)
