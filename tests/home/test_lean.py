"""Lean routing keeps Wagtail's rules: view restrictions on a page or an ancestor, drafts,
unknown paths, routable subpages."""

from django.test import TestCase
from wagtail.models import Page, PageViewRestriction, Site

from home.models import ArticlePage, ColumnIndexPage, HomePage, Task


class LeanRoutingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.objects.get(depth=1)
        cls.home = root.add_child(instance=HomePage(title="首页", slug="lean-home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": cls.home, "hostname": "localhost"}
        )
        cls.column = cls.home.add_child(instance=ColumnIndexPage(title="专栏", slug="column"))
        cls.article = cls.column.add_child(
            instance=ArticlePage(
                title="内部文章", slug="inside", task=Task.WINDOWS, body="<p>正文</p>"
            )
        )
        cls.draft = cls.column.add_child(
            instance=ArticlePage(
                title="草稿", slug="draft", task=Task.WINDOWS, body="<p>x</p>", live=False
            )
        )

    def test_pages_route(self):
        self.assertContains(self.client.get("/column/inside/"), "内部文章")
        self.assertEqual(self.client.get("/column/draft/").status_code, 404)
        self.assertEqual(self.client.get("/column/nothing/").status_code, 404)
        self.assertEqual(self.client.get("/column/inside/more/").status_code, 404)

    def test_login_restriction_on_an_ancestor_holds(self):
        PageViewRestriction.objects.create(page=self.column, restriction_type="login")
        response = self.client.get("/column/inside/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.assertEqual(self.client.get("/column/").status_code, 302)
        # And the restricted section leaves the menu and the home page's listings.
        self.assertNotContains(self.client.get("/"), "内部文章")

    def test_password_restriction_on_the_page_holds_and_is_not_cached(self):
        PageViewRestriction.objects.create(
            page=self.article, restriction_type="password", password="secret-1"
        )
        for _ in range(2):
            response = self.client.get("/column/inside/")
            self.assertNotContains(response, "<p>正文</p>")
            self.assertNotIn("X-Page-Cache", response)
