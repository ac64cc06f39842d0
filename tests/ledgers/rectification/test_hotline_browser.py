"""The 89000 centre's clerk on a phone, in a real browser against the demo server: enters a call
(the form keeps what was typed when something is missing), finds it on 热线诉求, and records the
回访 on the demo 投诉 whose result the handling unit has reported. axe-core on every screen."""

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser


def checked(page):
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    assert serious_violations(page) == [], page.url


def test_centre_enters_a_call_and_calls_back_on_a_phone(phone_page, demo_server):
    page = phone_page
    admin_login(page, demo_server.url, "hotline")
    page.goto(demo_server.url + "/admin/rectification/hotline/new/")
    checked(page)
    form = page.locator("form[aria-label=热线诉求录入]")
    box = form.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1  # fits the phone's width
    page.fill("input[name=title]", "路边井盖缺失")
    page.select_option("select[name=category]", label="城建")
    page.fill("textarea[name=content]", "海阳路与凤城路路口井盖缺失,夜间很危险。")
    page.fill("input[name=reporter_name]", "郑先生")
    page.fill("input[name=reporter_phone]", "13905350001")
    page.get_by_role("button", name="保存热线诉求").click()
    page.wait_for_load_state()
    assert "请选择诉求类型" in page.content()
    assert page.input_value("input[name=title]") == "路边井盖缺失"  # kept
    checked(page)
    page.get_by_label("投诉").check()
    page.get_by_role("button", name="保存热线诉求").click()
    page.wait_for_url("**/admin/rectification/hotline/")
    assert "已录入热线诉求" in page.content() and "路边井盖缺失" in page.content()
    checked(page)
    # The demo 投诉 waits for the centre's 回访.
    page.get_by_role("link", name="待回访", exact=True).click()
    page.wait_for_load_state()
    page.locator("table.listing").last.locator("tbody a").first.click()
    page.wait_for_load_state()
    assert "/work/" in page.url
    checked(page)
    page.fill("textarea[name=callback-text]", "已电话回访刘先生,夜间已无施工噪音。")
    page.get_by_label("满意", exact=True).check()
    page.click("button[data-action=callback]")
    page.wait_for_selector("text=已保存回访记录")
    assert "回访记录(满意)" in page.content()
    checked(page)
