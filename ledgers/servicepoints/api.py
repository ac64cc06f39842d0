"""``/api/v2/servicepoints/``: the active service points, read-only, public fields only (a
代办员's phone only where the unit publishes it). Filters: ``?town=<unit id>``,
``?village=<community id>``, ``?item=<approval item id>`` (points that take that item) and
``?search=`` (name, village, town or address contains every word)."""

from django.db.models import Prefetch, Q
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from home import segment
from ledgers.servicepoints.models import Agent, PointItem, ServicePoint
from ledgers.servicepoints.public import parse_id, point_order


def text_filter(query):
    """Every word of ``query`` in the point's name, village, town or address (the table is
    small: the ORM finds Chinese words inside longer names, which the full-text index would not)."""
    q = Q()
    for word in segment.query_words(query):
        q &= (
            Q(name__icontains=word)
            | Q(address__icontains=word)
            | Q(village__name__icontains=word)
            | Q(town__name__icontains=word)
        )
    return q


class ServicePointsAPIViewSet(BaseAPIViewSet):
    model = ServicePoint
    name = "servicepoints"
    filter_backends = [OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        ["town", "village", "item"]
    )
    body_fields = BaseAPIViewSet.body_fields + [
        "kind",
        "kind_label",
        "name",
        "town_name",
        "village_name",
        "address",
        "hours",
        "phone",
        "public_agents",
        "accepted_items",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "kind",
        "name",
        "town_name",
        "village_name",
        "address",
        "hours",
        "phone",
        "public_agents",
    ]

    def get_queryset(self):
        points = (
            ServicePoint.objects.public()
            .select_related("town", "village")
            .prefetch_related(
                Prefetch("agents", queryset=Agent.objects.order_by("sort_order", "pk")),
                Prefetch(
                    "items",
                    queryset=PointItem.objects.select_related("item__page__unit").order_by(
                        "sort_order", "pk"
                    ),
                ),
            )
            .order_by(*point_order(), "pk")
        )
        params = self.request.GET
        for name, lookup in (
            ("town", "town_id"),
            ("village", "village_id"),
            ("item", "items__item_id"),
        ):
            if name in params:
                value = parse_id(params[name])
                if value is None:
                    raise BadRequestError(f"{name} 必须是数字编号")
                points = points.filter(**{lookup: value})
        if "search" in params:
            if not segment.query_words(params["search"]):
                return points.none()
            points = points.filter(text_filter(params["search"]))
        return points.distinct()
