"""Real browser (Chromium): footer, breadcrumbs and the 大字模式 pressed state on the public site,
the sticky footer on a short page, the branded admin login without overlap, and the rectification
dashboard's charts on a phone — each checked with axe-core."""

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser

PUBLIC = ["/search/?q=营业执照", "/rectification/results/", "/report/status/", "/guides/"]


@pytest.fixture(scope="module")
def site(demo_server):
    return demo_server.url


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_footer_and_breadcrumbs_on_a_phone(phone_page, site):
    page = phone_page
    for path in PUBLIC:
        page.goto(site + path)
        crumbs = page.locator("nav.breadcrumbs li")
        assert crumbs.first.inner_text() == "首页", path
        assert crumbs.last.get_attribute("aria-current") == "page", path
        footer = page.locator("footer.site-footer")
        text = footer.inner_text()
        for words in ("联系我们", "主办单位", "网站标识码", "ICP备", "公网安备"):
            assert words in text, (path, words)
        assert footer.locator("a[href^='tel:']").count() >= 1
        # Nothing wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert serious_violations(page) == [], path


def test_footer_reaches_the_bottom_of_a_short_page(page, site):
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(site + "/report/status/")
    footer = box(page, "footer.site-footer")
    assert abs(footer["y"] + footer["height"] - 1400) <= 1


def test_large_type_toggle_shows_its_pressed_state(page, site):
    page.goto(site + "/")
    toggle = page.locator("button[data-type-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    before = toggle.evaluate("b => getComputedStyle(b).backgroundColor")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    after = toggle.evaluate("b => getComputedStyle(b).backgroundColor")
    assert after != before  # visible, not only announced
    assert "✓" in toggle.evaluate("b => getComputedStyle(b.firstElementChild, '::before').content")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > size
    assert serious_violations(page) == []
    page.reload()
    assert page.locator("button[data-type-toggle]").get_attribute("aria-pressed") == "true"


def test_favicon_is_served(page, site):
    response = page.request.get(site + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_admin_login_branded_and_error_below_heading(page, site):
    page.goto(site + "/admin/login/")
    assert page.locator("h1").inner_text() == "登录作风建设门户"
    assert page.title() == "登录 - 作风建设门户"
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    page.wait_for_selector(".messages .error")
    heading, error = box(page, "h1"), box(page, ".messages .error")
    assert error["y"] >= heading["y"] + heading["height"]  # no overlap
    # Wagtail's message banner fades in; judge contrast once its animation has finished.
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    assert serious_violations(page) == []


def test_dashboard_charts_on_a_phone(phone_page, site):
    page = phone_page
    admin_login(page, site, "office")
    page.goto(site + "/admin/rectification/dashboard/")
    titles = page.locator("section.case-chart h2").all_inner_texts()
    assert titles == ["各责任单位问题办理情况", "各问题类型办理情况", "各镇街区问题办理情况"]
    assert page.locator("#chart-unit .case-chart-legend li").count() == 3
    assert "未交办" not in " ".join(page.locator("#chart-unit .case-bar-label").all_inner_texts())
    # Labels wrap instead of being cut off, and no chart is wider than the phone.
    for label in page.locator(".case-bar-label").all():
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    for section in page.locator("section.case-chart").all():
        assert section.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        assert section.locator("table caption").count() == 1
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=".case-dashboard")
    serious = [
        v["id"]
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == []
