"""Headless API (Wagtail API v2) for the city paper's and TV station's own sites.

``?search=`` goes through the same Chinese segmentation as the site search (``home/segment.py``):
the query becomes its bigrams and words, searched with operator "and" unless
``search_operator=or`` is given. Quotes, brackets and FTS operators never reach the database
(``?search="`` used to raise an SQLite syntax error, a 500).
"""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from home import segment
from ledgers.servicepoints.api import ServicePointsAPIViewSet

SEARCH_OPERATORS = {"and", "or"}


class SegmentedSearchFilter(SearchFilter):
    """Wagtail's API search with the query segmented like the site search."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator") or "and"
        if operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator 只能是 and 或 or")
        query = request.GET.copy()
        query["search"] = segment.query_text(request.GET["search"])
        query["search_operator"] = operator
        if not query["search"]:
            return queryset.none()
        original = request._request.GET
        request._request.GET = query
        try:
            return super().filter_queryset(request, queryset, view)
        finally:
            request._request.GET = original


def with_segmented_search(viewset):
    backends = [
        SegmentedSearchFilter if backend is SearchFilter else backend
        for backend in viewset.filter_backends
    ]
    return type(viewset.__name__, (viewset,), {"filter_backends": backends})


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", with_segmented_search(PagesAPIViewSet))
api_router.register_endpoint("images", with_segmented_search(ImagesAPIViewSet))
api_router.register_endpoint("documents", with_segmented_search(DocumentsAPIViewSet))
api_router.register_endpoint("servicepoints", ServicePointsAPIViewSet)
