"""Real browser (Playwright + Debian Chromium) on the demo site: 住建局's clerk finds the coverage
of its compound from the admin menu, resolves a visit the matcher could not place by adding the
household, and sees the coverage grow; 方圆街道's clerk reads its area's roster with names and
phones masked. axe-core finds no serious violations on the screens walked."""

import re

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser


def visited(page):
    return int(re.search(r"已走访 (\d+) 户", page.inner_text("main")).group(1))


def test_clerk_resolves_a_visit_and_coverage_grows(demo_server, page, browser):
    site = demo_server.url
    admin_login(page, site, "zjj")
    page.get_by_role("button", name="包村联户").click()
    page.get_by_role("list", name="包村联户").get_by_role("link", name="走访覆盖情况").click()
    page.wait_for_url("**/admin/network/coverage/")
    page.get_by_label("期间", exact=True).select_option(label="下半年")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**/coverage/?*")
    before = visited(page)
    assert "海政小区" in page.content() and "幸福家园" not in page.content()
    assert serious_violations(page) == []

    page.get_by_role("button", name="包村联户").click()
    page.get_by_role("list", name="包村联户").get_by_role("link", name="未匹配的走访").click()
    page.wait_for_url("**/admin/network/visits/")
    page.get_by_role("link", name=re.compile("确认住户")).first.click()
    page.wait_for_url("**/visits/*/resolve/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="确认").click()  # nothing chosen: refused, typed text kept
    page.get_by_text("请选择一户", exact=False).first.wait_for()
    assert page.get_by_label("住址").input_value()  # what was there is kept
    page.get_by_label("补录到小区").select_option(label="海政社区 海政小区")
    page.get_by_label("住址").fill("10号楼1单元101室")
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/admin/network/visits/")
    assert "已确认走访住户" in page.content()

    page.get_by_role("button", name="包村联户").click()
    page.get_by_role("list", name="包村联户").get_by_role("link", name="走访覆盖情况").click()
    page.get_by_label("期间", exact=True).select_option(label="下半年")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**/coverage/?*")
    assert visited(page) == before + 1

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    town = context.new_page()
    admin_login(town, site, "fangyuan")
    town.get_by_role("button", name="包村联户").click()
    town.get_by_role("list", name="包村联户").get_by_role("link", name="住户花名册").click()
    town.wait_for_url("**/admin/network/households/")
    body = town.inner_text("main")
    assert "****" in body and "海政小区" in body
    assert not re.search(r"139\d{8}", body)  # no phone in full
    context.close()
