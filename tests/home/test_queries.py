"""Every public page type renders with at most 8 SQL queries, uncached (issue 16, point 1).

Measured with the anonymous page cache switched off, on the demo site; listings keep the same
count when they show more pages (no query per listed page)."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from home import demo_content
from home.models import (
    ArticlePage,
    CaseIndexPage,
    CasePage,
    ColumnIndexPage,
    GuideIndexPage,
    ServiceGuidePage,
    StandardPage,
    Task,
)
from ledgers.demo import load_units
from ledgers.reportbox.demo import ensure_page
from tests.factories import UnitFactory

MAX_QUERIES = 8


@override_settings(PORTAL_PAGE_CACHE=False)
class PublicPageQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.units = load_units()
        cls.home = demo_content.load_site(cls.units)
        cls.box, _ = ensure_page()
        cls.guide = ServiceGuidePage.objects.live().get(unit__name="海阳市行政审批服务局")
        cls.item = cls.guide.approval_items.first()

    def count(self, url, method="get", data=None):
        getattr(self.client, method)(url, data)  # warm per-process caches (content types, URLs)
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(self.client, method)(url, data)
        self.assertEqual(response.status_code, 200, url)
        sql = "\n".join(q["sql"][:160] for q in ctx.captured_queries)
        self.assertLessEqual(len(ctx), MAX_QUERIES, f"{url}: {len(ctx)} queries\n{sql}")
        return len(ctx)

    def test_home(self):
        self.count("/")

    def test_column_index(self):
        column = ColumnIndexPage.objects.get()
        self.count(column.url)
        self.count(column.url + "?task=windows")

    def test_article(self):
        self.count(ArticlePage.objects.live().filter(unit__isnull=False).first().url)

    def test_case_index(self):
        self.count(CaseIndexPage.objects.get().url + "?kind=typical")

    def test_case_page(self):
        self.count(CasePage.objects.live().filter(unit__isnull=False).first().url)

    def test_guide_index(self):
        self.count(GuideIndexPage.objects.get().url)

    def test_service_guide(self):
        self.count(self.guide.url)

    def test_approval_item(self):
        self.count(self.item.get_url())

    def test_notice(self):
        self.count(self.item.notice_url())

    def test_standard_page(self):
        self.count(StandardPage.objects.live().first().url)

    def test_search(self):
        self.count("/search/?q=营业执照")
        self.count("/search/?q=作风")

    def test_report_box_page(self):
        self.count(self.box.url)

    def test_report_status(self):
        self.count(self.box.url + "status/")

    def test_listings_do_not_grow_with_their_pages(self):
        """Twelve more articles (each with its own unit and tags) and guides cost no query."""
        column = ColumnIndexPage.objects.get()
        before = {
            "/": self.count("/"),
            column.url: self.count(column.url),
            GuideIndexPage.objects.get().url: self.count(GuideIndexPage.objects.get().url),
        }
        for n in range(12):
            unit = UnitFactory(is_window=True)
            article = ArticlePage(
                title=f"新增文章{n}",
                slug=f"extra-{n}",
                task=Task.WINDOWS,
                unit=unit,
                body="<p>正文</p>",
            )
            column.add_child(instance=article)
            article.tags.set([f"标签{n}"])
            article.save_revision().publish()
            guide = ServiceGuidePage(title=f"新增指南{n}", slug=f"extra-guide-{n}", unit=unit)
            GuideIndexPage.objects.get().add_child(instance=guide)
            guide.approval_items.create(name=f"事项{n}", original_days=10, current_days=8)
        for url, count in before.items():
            self.assertEqual(self.count(url), count, url)
