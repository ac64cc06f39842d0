"""Real browser (Playwright + Debian Chromium) on the demo site: the office builds next year's
scheme from the menu (a wrong total is refused with what was typed kept), reads a unit's card for
this year, follows an evidence link to the exact record, and downloads the assessment workbook;
a town's clerk reaches only its own card. axe-core finds no serious violations on the screens
walked."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser


def open_menu(page, label):
    page.get_by_role("button", name="年终考核").click()
    page.get_by_role("list", name="年终考核").get_by_role("link", name=label).click()


def test_office_builds_a_scheme_reads_a_card_and_downloads_the_workbook(demo_server, page, browser):
    site = demo_server.url
    year = timezone.localdate().year
    admin_login(page, site, "office")

    # Build next year's scheme from this year's.
    open_menu(page, "考核结果")
    page.wait_for_url("**/admin/assessment/overview/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="新建年度考核方案").click()
    page.wait_for_url("**/admin/assessment/new/")
    assert serious_violations(page) == []
    assert page.get_by_label("年度").input_value() == str(year + 1)
    page.get_by_label("复制自").select_option(label=f"{year}年度作风建设工作考核办法")
    page.get_by_role("button", name="新建").click()
    page.wait_for_url("**/admin/assessment/edit/*/")
    weight = page.locator("input[name$='-weight']").first
    weight.fill("15")  # 105 in all: refused, what was typed stays
    page.get_by_role("button", name="保存").click()
    page.get_by_text("各指标分值合计为 105,须为 100").wait_for()
    assert page.locator("input[name$='-weight']").first.input_value() == "15"
    page.locator("input[name$='-weight']").nth(1).fill("5")  # 10 → 5: back to 100
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/admin/assessment/")
    assert f"{year + 1}年度作风建设工作考核办法" in page.content()

    # This year's results, a town's card, one evidence link to the record itself.
    open_menu(page, "考核结果")
    page.get_by_role("row", name=re.compile(str(year))).get_by_role(
        "link", name="查看考核结果"
    ).click()
    page.wait_for_url(f"**/admin/assessment/{year}/results/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="方圆街道").first.click()
    page.wait_for_url(f"**/admin/assessment/{year}/units/*/")
    assert "获评市级文明单位(演示)" in page.content()
    assert serious_violations(page) == []
    page.get_by_role("link", name=re.compile("查看 \\d+ 条")).first.click()
    page.wait_for_url("**/evidence/*/")
    assert serious_violations(page) == []
    record = page.locator("main table tbody a").first
    href = record.get_attribute("href")
    record.click()
    page.wait_for_url("**" + href)

    # The workbook, as the office downloads it.
    page.goto(f"{site}/admin/assessment/{year}/results/")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载考核表(Excel)").click()
    assert download.value.suggested_filename == f"{year}年度作风建设考核结果.xlsx"
    wb = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert wb.sheetnames == ["镇街区", "市直部门", "说明"]
    assert wb["镇街区"]["A1"].value.startswith(f"{year}年度作风建设工作考核办法")
    assert "方圆街道" in [c.value for c in wb["镇街区"]["B"]]

    # A town's clerk: the menu leads to its own card only.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    town = context.new_page()
    admin_login(town, site, "fangyuan")
    open_menu(town, "本单位考核")
    town.wait_for_url(f"**/admin/assessment/{year}/units/*/")
    assert "方圆街道" in town.inner_text("h1")
    assert serious_violations(town) == []
    context.close()
