"""Real browser (Playwright + Debian Chromium) on the demo site: 纪委 records an unannounced visit
with a finding from the admin menu, hands the finding over for rectification, and the inspected
unit's clerk then finds the case in their rectification list and the finding in theirs — without
the inspectors' names or working notes. The public 曝光台 is reached from the home page."""

import re

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser

FINDING = "浏览器测试:5号窗口工作人员离岗40分钟,群众排队无人解释"
NOTES = "浏览器测试工作记录:线索来自12345转办"


def settled(page):
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    return serious_violations(page)


def test_inspection_finding_walks_to_a_case(demo_server, page, browser):
    site = demo_server.url
    admin_login(page, site, "jiwei")
    page.get_by_role("button", name="纪委监督").click()
    page.get_by_role("link", name="明察暗访", exact=True).click()
    page.wait_for_url("**/admin/inspections/records/")
    page.get_by_role("link", name=re.compile("添加")).first.click()
    page.wait_for_url("**/records/new/")

    page.locator("#id_inspected_on").fill("2026-11-30")
    page.keyboard.press("Escape")
    page.locator("#id_mode").select_option(label="暗访")
    page.locator("#id_unit").select_option(label="市行政审批服务局")
    page.locator("#id_window").fill("5号综合窗口")
    page.locator("#id_inspectors").fill("李检查员、陈检查员")
    page.locator("#id_checked").fill("在岗在位、服务态度")
    page.locator("#id_working_notes").fill(NOTES)
    page.get_by_role("button", name="增加 问题").click()
    page.locator("select[name$='-category']").first.select_option(label="窗口服务")
    page.locator("textarea[name$='-description']").first.fill(FINDING)
    page.get_by_role("button", name="创建").click()
    page.wait_for_url("**/records/*/detail/")
    assert NOTES in page.content()
    assert settled(page) == []

    page.get_by_role("link", name=FINDING).click()
    page.wait_for_url("**/findings/*/detail/")
    page.get_by_label("办理时限(工作日)").fill("7")
    page.get_by_role("button", name="交办整改").click()
    page.wait_for_url("**/findings/*/detail/")
    assert "已交办整改" in page.content()
    assert "已交办待签收" in page.content()  # 纪委 sees the case's state
    assert settled(page) == []

    # The unit's clerk, from the admin home: the case in 问题整改, the finding in 明察暗访发现.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = context.new_page()
    admin_login(clerk, site, "spj")
    clerk.get_by_role("button", name="问题整改").click()
    clerk.get_by_role("link", name="整改问题", exact=True).click()
    clerk.wait_for_url("**/admin/rectification/**")
    assert "5号综合窗口" in clerk.content()  # the case title names the window
    clerk.get_by_role("button", name="纪委监督").click()
    clerk.get_by_role("link", name="明察暗访发现").click()
    clerk.wait_for_url("**/admin/inspections/findings/")
    clerk.get_by_role("link", name=FINDING).click()
    clerk.wait_for_url("**/findings/*/detail/")
    body = clerk.content()
    assert FINDING in body
    assert NOTES not in body and "李检查员、陈检查员" not in body
    assert clerk.get_by_role("button", name="交办整改").count() == 0
    context.close()

    # The public 曝光台, from the home page's navigation.
    page.goto(site + "/")
    page.get_by_role("link", name="曝光台").first.click()
    page.wait_for_url("**/exposure/")
    assert page.locator("h1").inner_text() == "曝光台"
    assert FINDING not in page.content()  # not proposed, not approved
    assert serious_violations(page) == []
