"""Real browser: the office's board and the clerk's dashboard panel render and pass axe-core
(serious/critical) within the parts this app draws."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD
from tests.ledgers.plans.conftest import TYPE_STYLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def serious_in(page, selector):  # noqa: F811
    results = Axe().run(page, context=selector)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def sign_in(page, live_server, user):  # noqa: F811
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_board_and_panel(seeded, page, live_server, world):  # noqa: F811
    sign_in(page, live_server, world["office"])
    page.goto(f"{live_server.url}/admin/plans-board/?type={world['style'].pk}&state=missing")
    assert page.locator("h1").inner_text().strip() == "方案备案进度"
    assert page.locator("#plans-board-table tbody tr").count() == 3
    page.select_option("select[name=kind]", "town")
    page.click("button:has-text('筛选')")
    page.wait_for_url("**kind=town**")
    assert page.locator("#plans-board-table tbody tr").count() == 1
    assert serious_in(page, "main") == []
    page.context.clear_cookies()
    sign_in(page, live_server, world["clerk_town"])
    panel = page.locator("#plan-obligations-table")
    assert TYPE_STYLE in panel.inner_text()
    assert serious_in(page, "#plan-obligations-table") == []
