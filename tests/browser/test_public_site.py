"""Real-browser smoke test of the public site: home, an article, a guide item, its one-time notice
and a search, each checked with axe-core (zero serious or critical violations); plus phone width,
printing on one A4 page, the skip link and the larger-type toggle by keyboard."""

import pytest

from tests.browser.fixtures import serious_violations

pytestmark = pytest.mark.browser

ITEM = "/guides/spj/items/"


@pytest.fixture(scope="module")
def site(demo_server):
    return demo_server.url


def first_item_url(page, site):
    page.goto(site + "/guides/spj/")
    return page.get_by_role("link", name="企业设立登记（核发营业执照）", exact=True).get_attribute(
        "href"
    )


def test_public_pages_accessible(page, site):
    item_url = first_item_url(page, site)
    checks = [
        ("/", "海阳市干部作风建设"),
        ("/column/window-time-cut/", "窗口单位审批时限在原有基础上再压缩20%"),
        ("/guides/", "窗口服务指南"),
        (item_url, "公司章程"),
        (item_url + "notice/", "一次性告知单"),
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
    page.get_by_role("link", name="企业设立登记（核发营业执照）").first.click()
    assert "设定依据" in page.content()


def test_skip_link_and_large_type_by_keyboard(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    toggle = page.locator("[data-type-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('large-type')")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('large-type')")


def test_one_time_notice_prints_on_one_a4_page(page, site):
    page.goto(site + first_item_url(page, site) + "notice/")
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1


def test_readable_on_phone(phone_page, site):
    for path in ["/", "/guides/spj/", "/column/", "/search/?q=服务"]:
        phone_page.goto(site + path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (path, overflow)


def test_large_type_on_a_page_served_from_the_page_cache(browser, site):
    """大字模式 is kept in the browser: a page served from the anonymous page cache gets it for
    the visitor who chose it, and not for another visitor who is served the same copy."""
    url = site + "/column/window-time-cut/"
    first = browser.new_context(locale="zh-CN")
    page = first.new_page()
    page.goto(url)
    page.locator("[data-type-toggle]").click()
    response = page.reload()
    assert response.headers.get("x-page-cache") == "hit"
    assert page.evaluate("document.documentElement.classList.contains('large-type')")
    first.close()
    other = browser.new_context(locale="zh-CN")
    page = other.new_page()
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert not page.evaluate("document.documentElement.classList.contains('large-type')")
    other.close()
