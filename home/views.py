"""Site search across pages and approval items, with Chinese words found inside longer text."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from home import segment
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


def _page_text(page):
    specific = page.specific
    parts = [getattr(specific, "search_description", "")]
    for field in ("intro", "summary", "body"):
        value = getattr(specific, field, "")
        if value:
            parts.append(strip_tags(str(value)))
    return " ".join(p for p in parts if p)


def search_results(query):
    """All hits for ``query``: approval items first (most specific), then pages."""
    segmented = segment.query_text(query)
    if not segmented:
        return []
    words = segment.query_words(query)
    live_guides = ServiceGuidePage.objects.live().public().values("pk")
    items = get_search_backend().search(
        segmented,
        ApprovalItem.objects.filter(page__in=live_guides).select_related("page"),
        operator="and",
    )
    pages = Page.objects.live().public().specific().search(segmented, operator="and")
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
    results += [
        Result(
            page.title, page.get_url(), page.specific._meta.verbose_name, _page_text(page), words
        )
        for page in pages
    ]
    return results


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = search_results(query) if query else []
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
