"""Page types: parent/child rules and rendering of every page type."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home import demo_content
from home.models import (
    ApprovalItem,
    ArticlePage,
    CaseIndexPage,
    CasePage,
    ColumnIndexPage,
    GuideIndexPage,
    HomePage,
    ServiceGuidePage,
    StandardPage,
)
from ledgers.demo import load_units


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_children(self):
        from ledgers.inspections.models import ExposurePage
        from ledgers.reportbox.models import ReportBoxPage
        from ledgers.servicepoints.models import ServicePointIndexPage

        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ColumnIndexPage,
                CaseIndexPage,
                GuideIndexPage,
                StandardPage,
                ReportBoxPage,
                ExposurePage,
                ServicePointIndexPage,
            },
        )
        self.assertAllowedParentPageTypes(ExposurePage, {HomePage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_column_and_articles(self):
        self.assertAllowedSubpageTypes(ColumnIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticlePage, {ColumnIndexPage})
        self.assertCanNotCreateAt(HomePage, ArticlePage)

    def test_cases(self):
        self.assertAllowedSubpageTypes(CaseIndexPage, {CasePage})
        self.assertAllowedParentPageTypes(CasePage, {CaseIndexPage})

    def test_guides(self):
        self.assertAllowedSubpageTypes(GuideIndexPage, {ServiceGuidePage})
        self.assertAllowedParentPageTypes(ServiceGuidePage, {GuideIndexPage})
        self.assertAllowedSubpageTypes(ServiceGuidePage, set())


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.units = load_units()
        cls.home = demo_content.load_site(cls.units)

    def test_every_page_renders(self):
        for page in Page.objects.live().filter(depth__gte=2).specific():
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)

    def test_home_lists_latest(self):
        response = self.client.get("/")
        self.assertContains(response, "窗口单位审批时限在原有基础上再压缩20%")
        self.assertContains(response, "“一窗受理”让企业开办当天办结")
        self.assertContains(response, 'href="/guides/"')
        self.assertContains(response, '<html lang="zh-Hans"')
        self.assertContains(response, 'class="skip-link" href="#main"')

    def test_column_filters_by_task_and_paginates(self):
        column = ColumnIndexPage.objects.get()
        response = self.client.get(column.url + "?task=windows")
        self.assertContains(response, "窗口单位审批时限")
        self.assertNotContains(response, "包村联户走访")
        response = self.client.get(column.url + "?page=99")
        self.assertEqual(response.status_code, 200)

    def test_case_index_filters_by_kind(self):
        response = self.client.get(CaseIndexPage.objects.get().url + "?kind=practice")
        self.assertContains(response, "小区路灯问题")
        self.assertNotContains(response, "当天办结</a>")

    def test_guide_page_lists_items_with_compression(self):
        guide = ServiceGuidePage.objects.get(unit__name="海阳市行政审批服务局")
        response = self.client.get(guide.url)
        self.assertContains(response, "企业设立登记（核发营业执照）")
        self.assertContains(response, "5 → 1 个工作日（−80%）")

    def test_item_detail_and_printable_notice(self):
        item = ApprovalItem.objects.get(name="企业设立登记（核发营业执照）")
        detail = self.client.get(item.get_url())
        self.assertContains(detail, "公司章程")
        self.assertContains(detail, "设定依据")
        notice = self.client.get(item.notice_url())
        self.assertContains(notice, "一次性告知单")
        self.assertContains(notice, 'media="print"')
        self.assertContains(notice, "申请人：")
        self.assertEqual(self.client.get(item.page.url + "items/99999/").status_code, 404)

    def test_item_of_other_guide_not_served_under_this_guide(self):
        police = ServiceGuidePage.objects.get(unit__name="海阳市公安局")
        item = ApprovalItem.objects.get(name="企业设立登记（核发营业执照）")
        self.assertEqual(self.client.get(f"{police.url}items/{item.pk}/").status_code, 404)


@pytest.mark.django_db
def test_short_item_flagged_on_page(demo_site):
    item = ApprovalItem.objects.get(name="户口迁移（市内）")
    assert not item.meets_time_cut
    assert item.compression_percent == 10.0
    from django.test import Client

    html = Client().get(item.page.url).content.decode()
    assert "未达压缩20%要求" in html


@pytest.mark.django_db
def test_guide_unit_must_be_window_unit(demo_site):
    from django.core.exceptions import ValidationError

    guide = ServiceGuidePage.objects.first()
    guide.unit = demo_site["units"]["方圆街道"]
    with pytest.raises(ValidationError):
        guide.full_clean()


@pytest.mark.django_db
def test_item_current_longer_than_original_refused(demo_site):
    from django.core.exceptions import ValidationError

    item = ApprovalItem.objects.first()
    item.current_days = item.original_days + 1
    with pytest.raises(ValidationError):
        item.clean()


@pytest.mark.django_db
def test_load_demo_is_idempotent(demo_site):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Page.objects.count(), ApprovalItem.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), ApprovalItem.objects.count()) == counts


@pytest.mark.django_db
def test_home_links_report_box_and_status(demo_site, client):
    from ledgers.reportbox import demo

    demo.load()
    html = client.get("/").content.decode()
    assert 'href="/report/"' in html
    assert 'href="/report/status/"' in html
    assert 'href="/rectification/results/"' in html


def test_no_third_party_avatar_service(settings):
    from wagtail.users.utils import get_gravatar_url

    assert get_gravatar_url("office@example.gov.cn") is None


@pytest.mark.django_db
def test_cases_url_belongs_to_typical_cases(demo_site, client):
    """The rectification ledger left /cases/: its old public URLs redirect, unless an editor
    publishes a 典型事例 page at the same address, which is then served."""
    response = client.get("/cases/results/")
    assert response.status_code == 301
    assert response["Location"] == "/rectification/results/"
    assert client.get("/cases/status/")["Location"] == "/report/status/"
    assert client.get("/rectification/results/").status_code == 200

    index = CaseIndexPage.objects.get()
    index.add_child(
        instance=CasePage(
            title="结果公开的经验",
            slug="results",
            kind="practice",
            task="windows",
            body="<p>正文</p>",
        )
    )
    response = client.get("/cases/results/")
    assert response.status_code == 200
    assert "结果公开的经验" in response.content.decode()
