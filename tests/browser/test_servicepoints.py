"""Real browser (Playwright + Debian Chromium) on a phone-width screen: someone in 方圆街道 starts
at the home page and, by clicking only, finds where to get 居民身份证换领 done near home — the
village 代办点 with its 代办员 — then the directory of points; no horizontal scrolling, no serious
accessibility violations, and a 代办员's unpublished phone never shows."""

import pytest

from tests.browser.fixtures import serious_violations

pytestmark = pytest.mark.browser

ITEM = "居民身份证换领"
POINT = "王家村便民服务代办点"
PRIVATE_PHONE = "13905355678"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def no_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_find_a_village_point_from_an_item_page_on_a_phone(phone, demo_server):
    page = phone
    page.goto(demo_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="窗口服务指南", exact=True).click()
    page.wait_for_url("**/guides/")
    page.get_by_role("link", name="市公安局", exact=True).click()
    page.get_by_role("link", name=ITEM, exact=True).click()
    page.wait_for_url("**/items/*/")
    assert page.locator("h1").inner_text() == ITEM

    where = page.locator("#where")
    assert where.get_by_role("heading", name="在哪里办").is_visible()
    assert "市公安局" in where.inner_text()  # the window
    page.get_by_label("我所在的镇街区").select_option(label="方圆街道")
    where.get_by_role("button", name="查看").click()
    page.wait_for_url("**town=*")
    where = page.locator("#where")
    point = where.locator("li.point", has_text=POINT)
    point.scroll_into_view_if_needed()
    assert point.is_visible()
    text = point.inner_text()
    assert "可代办" in text and "王家村党群服务中心一楼" in text
    assert "王代办" in text and "刘代办" in text
    assert point.locator('a[href="tel:13905351234"]').count() == 1
    assert PRIVATE_PHONE not in page.content()
    assert no_overflow(page) <= 1
    assert serious_violations(page) == []

    # On to the whole directory, filtered by town and village with the plain form.
    page.get_by_role("link", name="查看全部便民服务点").click()
    page.wait_for_url("**/service-points/")
    page.get_by_label("镇街区", exact=True).select_option(label="方圆街道")
    page.get_by_label("村(社区)", exact=True).select_option(label="王家村")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url("**village=*")
    cards = page.locator("article.point")
    assert cards.count() == 1
    assert cards.first.get_by_role("heading", name=POINT).is_visible()
    assert no_overflow(page) <= 1
    assert serious_violations(page) == []
    cards.first.get_by_role("link", name=ITEM).click()
    page.wait_for_url("**/items/*/")
    assert page.locator("h1").inner_text() == ITEM
