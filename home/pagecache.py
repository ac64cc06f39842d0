"""Anonymous full-page cache for the public Wagtail pages, always correct.

Where: the shared Django cache (``PORTAL_PAGE_CACHE_ALIAS``; Redis in production, the database
cache on the embedded default), so every app server sees the same pages and the same purges.

What is cached: a ``GET`` to Wagtail's page-serving view by a visitor who carries no session
cookie (a logged-in user always does), when the response is a plain 200 that set no cookie, used
no CSRF token (so no form with CSRF or captcha), is not a preview and is not marked private or
no-cache, and the page type allows it (``page_cache_enabled``; the report box — form, receipt
and status lookup — does not). Search and every other Django view are never cached.

Key: scheme, host, path and query string (only the parameters pages use, see
``_known_query``; other requests are rendered, not cached), and the active language. 大字模式 (large type) is
applied in the browser from ``localStorage`` (``portal.js`` adds a class to ``<html>``); the
server's HTML is the same either way, so it is not part of the key.

Correctness: each entry records the version token of every tag it depends on — ``site`` (menu,
site settings), its own page, and the snippet models its page type shows
(``cache_snippet_models``). A hit whose recorded tokens differ from the current ones is a miss.
Purging a tag writes a new random token (no increments to lose between processes). The tokens
are read before the page is rendered, so a purge that lands during rendering still invalidates
the entry being written. Purges happen at once and again after the transaction commits:

- a page published, unpublished or deleted: the page and every ancestor (its listing, the home
  page); a child of a site root also changes the menu: ``site``;
- a page moved: ``site`` (every URL under it changes);
- a snippet model saved or deleted (``PORTAL_PAGE_CACHE_SNIPPETS``): that model's tag;
- a site setting or a Site saved: ``site``.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from wagtail import hooks
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger("portal.pagecache")

SITE_TAG = "site"
HEADER = "X-Page-Cache"
SKIPPED_HEADERS = {"set-cookie", HEADER.lower()}


def enabled():
    return settings.PORTAL_PAGE_CACHE


def cache():
    return caches[settings.PORTAL_PAGE_CACHE_ALIAS]


def timeout():
    return settings.PORTAL_PAGE_CACHE_TIMEOUT


def page_tag(path):
    return f"p:{path}"


def model_tag(model):
    return f"m:{model._meta.label_lower}"


def _version_key(tag):
    return f"pcv:{tag}"


def entry_key(request):
    """The entry of this URL for this language (see the module docstring for what is not in
    the key and why)."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = "|".join(
        [request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", "")]
    )
    return f"pc:{language}:{hashlib.sha256(raw.encode()).hexdigest()}"


def current_versions(tags):
    """The current token of each tag (a new token for a tag never purged or evicted)."""
    store = cache()
    keys = {_version_key(tag): tag for tag in tags}
    found = store.get_many(list(keys))
    for key in set(keys) - set(found):
        store.add(key, uuid.uuid4().hex, None)
    if len(found) < len(keys):
        found = store.get_many(list(keys))
    return {keys[key]: token for key, token in found.items()}


def purge_tags(*tags):
    """Invalidate every entry that depends on any of ``tags``: now, and again once the current
    transaction commits (a render that read the old rows in between is not kept)."""
    tags = [tag for tag in dict.fromkeys(tags) if tag]
    if not tags:
        return

    def bump():
        cache().set_many({_version_key(tag): uuid.uuid4().hex for tag in tags}, None)

    bump()
    transaction.on_commit(bump)


def purge_all():
    purge_tags(SITE_TAG)


def page_tags(page):
    """The page's own tag and those of its ancestors (listings), from its tree path."""
    step = page.steplen
    return [page_tag(page.path[:n]) for n in range(step, len(page.path) + 1, step)]


def purge_page(page):
    from wagtail.models import Site

    tags = page_tags(page)
    parent_path = page.path[: -page.steplen]
    if Site.objects.filter(root_page__path__in=[page.path, parent_path]).exists():
        tags.append(SITE_TAG)  # a site root or one of its children: the menu changes
    purge_tags(*tags)


def snippet_models():
    """Lower-case labels of the models whose change purges pages (a label of an app that is not
    installed, e.g. in a settings variant without it, simply never matches)."""
    return {label.lower() for label in settings.PORTAL_PAGE_CACHE_SNIPPETS}


# --- events ------------------------------------------------------------------------------------


def _on_page_published(sender, instance, **kwargs):
    purge_page(instance)


def _on_page_unpublished(sender, instance, **kwargs):
    purge_page(instance)


def _on_page_moved(sender, instance, **kwargs):
    purge_all()


def _on_model_changed(sender, instance, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page, Site

    if isinstance(instance, Page):
        if kwargs.get("signal") is post_delete:
            purge_page(instance)
        return
    if isinstance(instance, Site | BaseSiteSetting | BaseGenericSetting):
        purge_all()
    elif sender._meta.label_lower in snippet_models():
        purge_tags(model_tag(sender))


def connect():
    page_published.connect(_on_page_published, dispatch_uid="pagecache_published")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_on_page_moved, dispatch_uid="pagecache_moved")
    post_save.connect(_on_model_changed, dispatch_uid="pagecache_saved")
    post_delete.connect(_on_model_changed, dispatch_uid="pagecache_deleted")


# --- serving -----------------------------------------------------------------------------------


def _known_query(request):
    """Only query parameters the pages use (``PORTAL_PAGE_CACHE_QUERY_PARAMS``) are cached:
    made-up ones cannot fill the shared cache (which also holds rate limits) with variants."""
    allowed = settings.PORTAL_PAGE_CACHE_QUERY_PARAMS
    return all(name in allowed for name in request.GET)


def _may_use(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and _known_query(request)
    )


@hooks.register("before_serve_page")
def _learn_page(page, request, serve_args, serve_kwargs):
    """The page is known: read the tokens of what it depends on before it renders."""
    state = getattr(request, "_page_cache", None)
    if state is None:
        return None
    if not getattr(page, "page_cache_enabled", True) or getattr(request, "is_preview", False):
        request._page_cache = None
        return None
    models = getattr(page, "cache_snippet_models", ())
    tags = [SITE_TAG, page_tag(page.path)]
    tags += [f"m:{label.lower()}" for label in models]
    try:
        state["versions"] = current_versions(tags)
    except Exception:  # the cache is down: serve the page uncached
        logger.exception("page cache unavailable")
    return None


def _storable(request, response):
    control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not any(word in control for word in ("private", "no-cache", "no-store"))
        and not getattr(request, "is_preview", False)
    )


class PageCacheMiddleware:
    """Serves and stores anonymous public pages (place it after LocaleMiddleware).

    Only responses of Wagtail's ``serve`` view are stored (the ``before_serve_page`` hook marks
    them), so an entry exists only for a page URL: other views cost one cache read, and a hit
    needs no URL resolution."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _may_use(request):
            return self.get_response(request)
        key = entry_key(request)
        try:
            hit = self._fetch(key)
        except Exception:  # the cache is down: render the page as if uncached
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if hit is not None:
            return hit
        request._page_cache = {"key": key}
        response = self.get_response(request)
        state = getattr(request, "_page_cache", None)
        if state and "versions" in state and _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
            try:
                cache().set(
                    key,
                    (state["versions"], response.status_code, headers, response.content),
                    timeout(),
                )
                response[HEADER] = "miss"
            except Exception:
                logger.exception("page cache unavailable")
        return response

    def _fetch(self, key):
        entry = cache().get(key)
        if entry is None:
            return None
        versions, status, headers, content = entry
        if current_versions(versions) != versions:
            return None
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
