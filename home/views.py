"""Site search across pages and approval items, with Chinese words found inside longer text."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from home import lean, segment
from home.highlight import excerpt
from home.models import ApprovalItem, ServiceGuidePage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


class Result:
    """One search hit, page or approval item, as the template shows it."""

    def __init__(self, title, url, kind, text, words):
        self.title = title
        self.url = url
        self.kind = kind
        self.title_html = excerpt(title, words, width=200)
        self.excerpt_html = excerpt(text, words)


def search_results(query, request=None):
    """All hits for ``query``: approval items first (most specific), then pages."""
    segmented = segment.query_text(query)
    if not segmented:
        return []
    words = segment.query_words(query)
    live_guides = lean.public(ServiceGuidePage.objects.live(), request).values("pk")
    items = get_search_backend().search(
        segmented,
        ApprovalItem.objects.filter(page__in=live_guides).select_related("page"),
        operator="and",
    )
    pages = list(lean.public(Page.objects.live(), request).search(segmented, operator="and"))
    texts = lean.page_texts(pages)  # one query for every page type's text
    results = [
        Result(
            item.name,
            item.get_url(),
            f"审批服务事项 · {item.page.title}",
            " ".join([item.conditions, item.legal_basis]),
            words,
        )
        for item in items
    ]
    results += service_point_results(query, words, request)
    results += [
        Result(
            page.title,
            page.get_url(),
            page.specific_class._meta.verbose_name,
            " ".join(strip_tags(texts.get(page.pk, "")).split()),
            words,
        )
        for page in pages
    ]
    return rank_exact_titles_first(results, query)


def service_point_results(query, words, request=None):
    """Active service points whose name, village, town or address holds every word, each linking
    to its entry in the directory (none when the directory page is not published)."""
    from ledgers.servicepoints.api import text_filter
    from ledgers.servicepoints.models import ServicePoint, ServicePointIndexPage
    from ledgers.servicepoints.public import point_order

    directory = lean.first_section(request, ServicePointIndexPage)
    if directory is None or not words:
        return []
    points = (
        ServicePoint.objects.public()
        .filter(text_filter(query))
        .select_related("town", "village")
        .order_by(*point_order(), "pk")
    )
    results = []
    for point in points:
        place = " ".join(filter(None, [point.town.name, point.village_name]))
        url = f"{directory.url}?town={point.town_id}"
        if point.village_id:
            url += f"&village={point.village_id}"
        results.append(
            Result(
                point.name,
                f"{url}#point-{point.pk}",
                f"{point.get_kind_display()} · {place}",
                f"{place} {point.address} {point.hours}",
                words,
            )
        )
    return results


def rank_exact_titles_first(results, query):
    """Results whose title is exactly the query first, then titles containing it, then the rest;
    the backend's order is kept inside each group (the sort is stable)."""
    wanted = segment.normalise(query).strip()

    def rank(result):
        title = segment.normalise(result.title).strip()
        if title == wanted:
            return 0
        return 1 if wanted and wanted in title else 2

    return sorted(results, key=rank)


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = search_results(query, request) if query else []
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "home/search.html",
        {"search_query": query, "results": page, "result_count": len(results)},
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""
    return redirect(static("favicon.ico"), permanent=True)
