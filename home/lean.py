"""Lean public pages: a fixed, small number of SQL queries per page, whatever its depth.

Wagtail's default routing costs two queries per level of the URL (the child by slug, then its
specific row), its view-restriction check two more, and every ``.public()`` one more (it lists all
view restrictions each time). Here, per request:

- ``resolve_route``: the site (one query, with its root page), every page on the URL's path
  (one query, by depth and slug) and the target's specific row (one query);
- ``view_restrictions``: all page view restrictions, once, shared by the restriction check of
  the page being served and every listing (``public``);
- ``site_children``: the home page's live public children, once, for the menu, the home
  page's entries and the search page.

``LeanRouteMiddleware`` hands the resolved route to Wagtail's own ``serve`` view (which reads
``request._wagtail_route_for_request`` when it is set), so Wagtail's hooks, restriction checks,
previews and routable pages work unchanged.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site


def view_restrictions(request):
    """Every page view restriction (with its page's path), fetched once per request."""
    if request is None:
        return list(PageViewRestriction.objects.select_related("page"))
    if not hasattr(request, "_lean_restrictions"):
        request._lean_restrictions = list(PageViewRestriction.objects.select_related("page"))
    return request._lean_restrictions


def public(queryset, request):
    """``queryset.public()`` with the restrictions of this request (no query of its own)."""
    restrictions = view_restrictions(request)
    if not restrictions:
        return queryset
    private = Q()
    for restriction in restrictions:
        private |= queryset.descendant_of_q(restriction.page, inclusive=True)
    return queryset.exclude(private)


def site_children(request):
    """The site root's live public children (title, URL, type, menu flag), once per request."""
    if request is not None and hasattr(request, "_lean_site_children"):
        return request._lean_site_children
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    children = []
    if site is not None:
        children = list(
            public(site.root_page.get_children().live(), request).only(
                "title", "slug", "url_path", "path", "depth", "content_type", "show_in_menus"
            )
        )
    if request is not None:
        request._lean_site_children = children
    return children


def menu_pages(request):
    """The top navigation: the site root's live public children marked "show in menus"."""
    return [page for page in site_children(request) if page.show_in_menus]


def first_section(request, model):
    """The first live public child of the site root of type ``model`` (an index page)."""
    content_type = ContentType.objects.get_for_model(model)
    for page in site_children(request):
        if page.content_type_id == content_type.pk:
            return page
    return None


def _is_routable(page):
    model = page.specific_class
    return model is not None and issubclass(model, RoutablePageMixin)


def resolve_route(request, path):
    """The same result as ``Page.route_for_request`` in three queries whatever the depth: the
    site with its root page, every page on the path (by depth and slug) with the root's
    ancestors, and the target's specific row. Routing stops, as in Wagtail, at the first
    routable page, which routes the rest of the path itself."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    components = [component for component in path.split("/") if component]
    # Every page that may sit on the path: the n-th component is a page of depth
    # root.depth + n with that slug (slug and path are indexed); plus the root's ancestors.
    on_path = Q()
    for n, slug in enumerate(components, start=1):
        on_path |= Q(depth=root.depth + n, slug=slug)
    ancestor_paths = [root.path[: n * root.steplen] for n in range(1, root.depth)]
    query = Q(path__in=ancestor_paths)
    if components:
        query |= Q(on_path, path__startswith=root.path)
    rows = list(Page.objects.filter(query).order_by("depth", "path")) if query else []
    chain = [page for page in rows if page.path in ancestor_paths]
    node, consumed = root, 0
    for slug in components:
        if _is_routable(node):
            break
        child = next(
            (
                page
                for page in rows
                if page.depth == node.depth + 1
                and page.slug == slug
                and page.path.startswith(node.path)
            ),
            None,
        )
        if child is None:
            break
        chain.append(node)
        child._cached_parent_obj = node
        node, consumed = child, consumed + 1
    specific = node.specific
    specific._lean_chain = chain
    specific._lean_restrictions = view_restrictions(request)
    return specific.route(request, components[consumed:])


class LeanPageMixin:
    """For public page types: the view-restriction check and the breadcrumbs use what
    ``resolve_route`` already fetched. Pages loaded any other way behave as usual.

    Page cache (``home.pagecache``): ``page_cache_enabled`` says whether anonymous visitors'
    copies of the page may be cached; ``cache_snippet_models`` names the snippet models whose
    change must purge it (those the page shows)."""

    page_cache_enabled = True
    cache_snippet_models = ()

    def get_view_restrictions(self):
        chain = getattr(self, "_lean_chain", None)
        restrictions = getattr(self, "_lean_restrictions", None)
        if (
            chain is None
            or restrictions is None
            or self.alias_of_id
            or any(page.alias_of_id for page in chain)
        ):
            return super().get_view_restrictions()
        paths = {page.path for page in chain} | {self.path}
        return [r for r in restrictions if r.page.path in paths]

    def breadcrumb_ancestors(self):
        """The page's ancestors, root first (from the route when it was resolved here)."""
        chain = getattr(self, "_lean_chain", None)
        return chain if chain is not None else list(self.get_ancestors())


class LeanRouteMiddleware:
    """Resolves the route of requests to Wagtail's ``serve`` view with ``resolve_route``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views

        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            request._wagtail_route_for_request = resolve_route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
        return None


TEXT_FIELDS = ("intro", "summary", "body")


def page_texts(pages):
    """{page id: its description and intro/summary/body text as stored} for pages of any type,
    in one query (a join per page type) instead of one ``.specific`` query per type."""
    from django.core.exceptions import FieldDoesNotExist
    from wagtail.models import get_page_models

    ids = [page.pk for page in pages]
    if not ids:
        return {}
    columns = ["search_description"]
    for model in get_page_models():
        for name in TEXT_FIELDS:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.model is model and model is not Page:
                columns.append(f"{model._meta.model_name}__{name}")
    rows = Page.objects.filter(pk__in=ids).values_list("pk", *columns)
    return {row[0]: " ".join(str(value) for value in row[1:] if value) for row in rows}
