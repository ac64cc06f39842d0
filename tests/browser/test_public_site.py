"""Real-browser smoke test of the public site: home, an article, a guide item and a search, each
checked with axe-core (zero serious or critical violations); plus phone width and the larger-type
toggle by keyboard."""

import pytest

from home import demo_content
from home.models import ApprovalItem, ArticlePage
from ledgers.demo import load_units
from tests.browser.conftest import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server):
    demo_content.load_site(load_units())
    return live_server.url


def test_public_pages_accessible(page, site):
    article = ArticlePage.objects.get(slug="window-time-cut")
    item = ApprovalItem.objects.get(name="企业设立登记(核发营业执照)")
    checks = [
        ("/", "海阳市干部作风建设"),
        (article.url, "窗口单位审批时限在原有基础上再压缩20%"),
        (item.get_url(), "企业设立登记(核发营业执照)"),
        (item.notice_url(), "一次性告知单"),
        ("/search/?q=营业执照", "共找到"),
    ]
    for path, text in checks:
        page.goto(site + path)
        assert text in page.content(), path
        assert serious_violations(page) == [], path


def test_search_from_header_highlights(page, site):
    page.goto(site + "/")
    page.get_by_label("站内搜索").fill("营业执照")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert page.locator("mark", has_text="营业执照").count() >= 1


def test_skip_link_and_large_type_by_keyboard(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    toggle = page.get_by_role("button", name="大字模式")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('large-type')")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('large-type')")


def test_one_time_notice_prints_on_one_a4_page(page, site):
    item = ApprovalItem.objects.get(name="企业设立登记(核发营业执照)")
    page.goto(site + item.notice_url())
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1


def test_readable_on_phone(phone_page, site):
    item = ApprovalItem.objects.get(name="企业设立登记(核发营业执照)")
    for path in ["/", item.page.url, item.get_url()]:
        phone_page.goto(site + path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (path, overflow)
