"""The admin as each role meets it, in a real browser: log in, take the first item the home
screen says is waiting, and finish it without typing a URL — the office accepts a new report,
a clerk signs a case, 纪委 opens a window unit's contact card. axe-core runs on every admin
screen visited: no serious or critical finding at all (Wagtail's chrome included)."""

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser


def checked(page, visited):
    visited.append(page.url)
    # Wagtail's message banner fades in; judge contrast once its animation has finished.
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    assert serious_violations(page) == [], page.url


def open_first_waiting(page, group):
    section = page.locator(f"#waiting-{group}")
    link = section.locator("li a").first
    label = link.inner_text()
    link.click()
    page.wait_for_load_state()
    return label


def test_office_accepts_a_new_report_from_the_home_screen(page, demo_server):
    visited = []
    admin_login(page, demo_server.url, "office")
    assert "作风办今日待办" in page.content()
    checked(page, visited)
    code = open_first_waiting(page, "new_reports").split()[0]
    assert code in page.content() and "/admin/reportbox_reports/inspect/" in page.url
    checked(page, visited)
    page.get_by_role("link", name="受理", exact=True).first.click()
    page.wait_for_load_state()
    checked(page, visited)
    page.fill("textarea[name=note], input[name=note]", "已核实,属于受理范围")
    page.get_by_role("button", name="确认:受理").click()
    page.wait_for_selector("text=已受理")
    assert "已受理" in page.content()
    # The state moved on: 受理 is no longer offered, 交办 is.
    assert page.get_by_role("link", name="受理", exact=True).count() == 0
    assert page.get_by_role("link", name="交办", exact=True).count() >= 1
    checked(page, visited)
    assert len(visited) == 4


def test_clerk_signs_a_case_from_the_home_screen(page, demo_server):
    visited = []
    admin_login(page, demo_server.url, "zjj")
    assert "今日待办" in page.content()
    checked(page, visited)
    open_first_waiting(page, "to_sign")
    assert "/work/" in page.url
    checked(page, visited)
    page.click("button[data-action=sign]")
    page.wait_for_selector("text=已签收")
    history = page.locator("table.portal-history tbody tr").first.inner_text()
    assert "签收" in history
    checked(page, visited)


def test_inspector_opens_a_window_unit_from_the_home_screen(page, demo_server):
    visited = []
    admin_login(page, demo_server.url, "jiwei")
    assert "明察暗访" in page.content()
    checked(page, visited)
    name = open_first_waiting(page, "windows")
    assert name in page.content() and "联系电话" in page.content()
    checked(page, visited)
