"""Anonymous page cache (issue 16, point 2): what is cached, for whom, and the purge on every
event — page published, unpublished, moved, deleted; its listing; a snippet it shows; the menu.

Run against the shared caches the portal really uses: the database cache (embedded default)
and Redis (production; skipped only when no Redis answers, e.g. a bare laptop)."""

import os
import uuid

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from home import demo_content, pagecache
from home.models import (
    ArticlePage,
    ColumnIndexPage,
    HomePage,
    ServiceGuidePage,
    StandardPage,
    Task,
)
from ledgers.demo import load_units
from ledgers.reportbox.demo import ensure_page
from tests.factories import office_user

HEADER = "X-Page-Cache"


def _redis_url():
    return os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable():
    try:
        import redis

        redis.Redis.from_url(_redis_url(), socket_connect_timeout=0.5).ping()
        return True
    except Exception:
        return False


DB_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache_test",
    }
}


@override_settings(CACHES=DB_CACHES, PORTAL_PAGE_CACHE=True)
class PageCacheTests(TestCase):
    """On the database cache (the embedded default)."""

    @classmethod
    def setUpTestData(cls):
        call_command("createcachetable", verbosity=0)
        cls.units = load_units()
        cls.home = demo_content.load_site(cls.units)
        cls.box, _ = ensure_page()

    def setUp(self):
        caches["default"].clear()

    def get(self, url, client=None, **extra):
        return (client or self.client).get(url, **extra)

    def assertHit(self, url, **extra):
        response = self.get(url, **extra)
        self.assertEqual(response.get(HEADER), "hit", url)
        return response

    def assertMiss(self, url, **extra):
        response = self.get(url, **extra)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response.get(HEADER), "miss", url)
        return response

    def article(self):
        return ArticlePage.objects.live().filter(unit__isnull=False).first()

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    # --- what is cached ---------------------------------------------------------------------

    def test_anonymous_page_is_stored_then_served_without_rendering(self):
        url = self.article().url
        first = self.assertMiss(url)
        with CaptureQueriesContext(connection) as ctx:
            second = self.assertHit(url)
        self.assertEqual(second.content, first.content)
        # Only the cache's own reads (entry, then the tokens of its tags); no page queries.
        self.assertLessEqual(len(ctx), 2)
        self.assertTrue(all("portal_cache_test" in q["sql"] for q in ctx.captured_queries))
        self.assertEqual(second["X-Frame-Options"], first["X-Frame-Options"])
        self.assertEqual(second["Content-Type"], first["Content-Type"])

    def test_every_cacheable_page_type(self):
        guide = ServiceGuidePage.objects.live().first()
        item = guide.approval_items.first()
        urls = [
            "/",
            ColumnIndexPage.objects.get().url + "?task=windows",
            self.article().url,
            "/cases/",
            "/guides/",
            guide.url,
            item.get_url(),
            item.notice_url(),
            StandardPage.objects.live().first().url,
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertMiss(url)
                self.assertHit(url)

    def test_query_strings_are_separate_entries(self):
        column = ColumnIndexPage.objects.get().url
        windows = self.assertMiss(column + "?task=windows")
        villages = self.assertMiss(column + "?task=villages")
        self.assertNotEqual(windows.content, villages.content)
        self.assertHit(column + "?task=windows")

    def test_made_up_query_parameters_are_not_cached(self):
        column = ColumnIndexPage.objects.get().url
        response = self.get(column + "?utm_source=x123")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(HEADER, response)
        self.assertNotIn(HEADER, self.get(column + "?task=windows&junk=1"))

    def test_never_for_a_logged_in_user(self):
        url = self.article().url
        self.assertMiss(url)
        client = Client()
        client.force_login(office_user())
        response = self.get(url, client=client)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(HEADER, response)  # neither served from nor written to the cache
        self.assertContains(response, "wagtail-userbar")
        self.assertNotContains(self.assertHit(url), "wagtail-userbar")

    def test_never_the_report_box_form_its_status_page_or_search(self):
        for url in [self.box.url, self.box.url + "status/", "/search/?q=营业执照"]:
            with self.subTest(url=url):
                self.assertNotIn(HEADER, self.get(url))
                self.assertNotIn(HEADER, self.get(url))

    def test_never_a_response_that_used_a_csrf_token_or_set_a_cookie(self):
        from django.http import HttpResponse

        request = RequestFactory().get("/")
        self.assertTrue(pagecache._storable(request, HttpResponse("x")))
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        self.assertFalse(pagecache._storable(request, HttpResponse("x")))
        request = RequestFactory().get("/")
        response = HttpResponse("x")
        response.set_cookie("anything", "1")
        self.assertFalse(pagecache._storable(request, response))
        response = HttpResponse("x")
        response["Cache-Control"] = "private"
        self.assertFalse(pagecache._storable(request, response))

    def test_key_respects_the_language(self):
        url = self.article().url
        with override_settings(LANGUAGES=[("zh-hans", "简体中文"), ("en", "English")]):
            self.assertMiss(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            self.assertHit(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            self.assertMiss(url, HTTP_ACCEPT_LANGUAGE="en")

    def test_large_type_is_applied_in_the_browser_not_by_the_server(self):
        """大字模式 lives in localStorage and portal.js sets a class on <html>: the cached HTML
        is the same for everyone and carries the toggle and the script."""
        response = self.assertMiss(self.article().url)
        html = response.content.decode()
        self.assertIn('class="no-js"', html)
        self.assertNotIn("large-type", html)
        self.assertIn("data-type-toggle", html)
        self.assertIn("js/portal.js", html)

    # --- purges -------------------------------------------------------------------------------

    def test_publish_purges_the_page_its_listing_and_the_home_page(self):
        article = self.article()
        column = ColumnIndexPage.objects.get().url
        for url in [article.url, column, "/"]:
            self.assertMiss(url)
        article.title = "更新后的标题:窗口服务再提速"
        self.publish(article)
        for url in [article.url, column, "/"]:
            self.assertContains(self.assertMiss(url), "更新后的标题:窗口服务再提速")
        # Pages that do not show it stay cached.
        self.assertMiss("/guides/")
        self.assertHit("/guides/")

    def test_a_new_child_purges_its_listing(self):
        column = ColumnIndexPage.objects.get()
        self.assertMiss(column.url)
        article = ArticlePage(
            title="新发布的专栏文章", slug="new-one", task=Task.WINDOWS, body="<p>x</p>"
        )
        column.add_child(instance=article)
        self.publish(article)
        self.assertContains(self.assertMiss(column.url), "新发布的专栏文章")

    def test_unpublish_purges_the_page_and_its_listing(self):
        article = self.article()
        column = ColumnIndexPage.objects.get().url
        self.assertMiss(article.url)
        self.assertContains(self.assertMiss(column), article.title)
        with self.captureOnCommitCallbacks(execute=True):
            article.unpublish()
        self.assertEqual(self.get(article.url).status_code, 404)
        self.assertNotContains(self.assertMiss(column), article.title)

    def test_move_purges_old_and_new_places(self):
        article = self.article()
        old_url = article.url
        old_column = ColumnIndexPage.objects.get()
        other = ColumnIndexPage(title="第二专栏", slug="column-two")
        self.home.add_child(instance=other)
        self.publish(other)
        self.assertMiss(old_url)
        self.assertContains(self.assertMiss(old_column.url), article.title)
        self.assertMiss(other.url)
        with self.captureOnCommitCallbacks(execute=True):
            article.move(other, pos="last-child")
        article.refresh_from_db()
        moved = self.get(old_url)  # not the cached page: Wagtail's automatic redirect
        self.assertEqual((moved.status_code, moved["Location"]), (301, article.url))
        self.assertNotContains(self.assertMiss(old_column.url), article.title)
        self.assertContains(self.assertMiss(other.url), article.title)
        self.assertMiss(article.url)

    def test_delete_purges_the_page_and_its_listing(self):
        article = self.article()
        column = ColumnIndexPage.objects.get().url
        self.assertMiss(article.url)
        self.assertMiss(column)
        url, title = article.url, article.title
        with self.captureOnCommitCallbacks(execute=True):
            article.delete()
        self.assertEqual(self.get(url).status_code, 404)
        self.assertNotContains(self.assertMiss(column), title)

    def test_a_snippet_purges_the_pages_that_show_it(self):
        article = self.article()
        standard = StandardPage.objects.live().first().url
        self.assertMiss(article.url)
        self.assertMiss(standard)
        unit = article.unit
        unit.name = unit.short_name = "更名后的单位名称"
        with self.captureOnCommitCallbacks(execute=True):
            unit.save()
        self.assertContains(self.assertMiss(article.url), "更名后的单位名称")
        self.assertHit(standard)  # shows no unit: kept

    def test_a_new_menu_page_purges_every_page(self):
        article = self.article()
        self.assertMiss(article.url)
        self.assertMiss("/guides/")
        page = StandardPage(title="联系我们的新栏目", slug="contact-new", show_in_menus=True)
        HomePage.objects.get().add_child(instance=page)
        self.publish(page)
        self.assertContains(self.assertMiss(article.url), "联系我们的新栏目")
        self.assertContains(self.assertMiss("/guides/"), "联系我们的新栏目")

    def test_site_change_purges_every_page(self):
        from wagtail.models import Site

        self.assertMiss("/")
        site = Site.objects.get(is_default_site=True)
        with self.captureOnCommitCallbacks(execute=True):
            site.save()
        self.assertMiss("/")

    def test_purge_command(self):
        self.assertMiss("/")
        call_command("purge_page_cache", verbosity=0)
        self.assertMiss("/")

    def test_switch_off(self):
        with override_settings(PORTAL_PAGE_CACHE=False):
            self.assertNotIn(HEADER, self.get("/"))
            self.assertNotIn(HEADER, self.get("/"))


REDIS_CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": _redis_url(),
        "KEY_PREFIX": f"pagecache-test-{uuid.uuid4().hex}",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}


@override_settings(CACHES=REDIS_CACHES, PORTAL_PAGE_CACHE=True)
class RedisPageCacheTests(PageCacheTests):
    """The same on Redis (production). A hit there runs no SQL at all."""

    @classmethod
    def setUpClass(cls):
        if not _redis_reachable():
            import unittest

            raise unittest.SkipTest("Redis not reachable")
        super().setUpClass()

    def setUp(self):
        caches["default"].delete_pattern("*")

    @classmethod
    def tearDownClass(cls):
        caches["default"].delete_pattern("*")
        super().tearDownClass()

    def test_anonymous_page_is_stored_then_served_without_rendering(self):
        url = self.article().url
        first = self.assertMiss(url)
        with CaptureQueriesContext(connection) as ctx:
            second = self.assertHit(url)
        self.assertEqual(second.content, first.content)
        self.assertEqual(len(ctx), 0)
