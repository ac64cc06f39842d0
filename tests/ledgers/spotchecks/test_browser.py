"""Real browser (Playwright + Debian Chromium) against the demo server process: the office opens
a round and draws it with a typed seed, then works the first call of the queue on a phone —
reveals the number (logged), records the result — and the redraw check confirms the sample."""

import re

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser

REVEALS = """
from wagtail.models import ModelLogEntry
print(ModelLogEntry.objects.filter(action="spotchecks.reveal").count())
"""


def violations(page):
    # Wagtail's message banner fades in; judge contrast once its animation has finished.
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    return serious_violations(page)


def reveals(server):
    return int(server.shell(REVEALS).strip().splitlines()[-1])


def test_office_draws_a_round_and_works_a_call_on_a_phone(demo_server, page, phone_page):
    base = demo_server.url
    admin_login(page, base, "office")
    page.goto(base + "/admin/spotchecks/rounds/new/")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=season]", "mid")
    page.fill("input[name=per_unit]", "2")
    page.get_by_role("button", name="创建").first.click()
    page.wait_for_load_state()
    page.locator("tbody tr", has_text="待抽样").locator("a").first.click()
    page.wait_for_url(re.compile(r"/work/$"))
    page.fill("input[name=seed]", "20261203")
    page.get_by_role("button", name="开始抽样").click()
    page.wait_for_selector("text=已随机抽取")
    assert "20261203" in page.content()
    assert violations(page) == []
    page.get_by_role("button", name="重新抽样验证").click()
    page.wait_for_selector("text=验证一致")

    admin_login(phone_page, base, "office")
    phone_page.goto(base + "/admin/spotchecks/rounds/queue/")
    phone_page.locator("tbody tr a").first.click()
    phone_page.wait_for_url(re.compile(r"/calls/\d+/$"))
    assert phone_page.locator("a[href^='tel:']").count() == 0
    before = reveals(demo_server)
    phone_page.get_by_role("button", name="显示号码").click()
    phone_page.wait_for_selector("a[href^='tel:']")
    assert reveals(demo_server) == before + 1
    width = phone_page.evaluate(
        "document.querySelector('.spot-call').scrollWidth <= window.innerWidth"
    )
    assert width
    assert violations(phone_page) == []
    phone_page.get_by_label("核实属实").check()
    phone_page.get_by_label("满意", exact=True).check()
    phone_page.fill("textarea[name=note]", "群众确认干部上门走访过")
    phone_page.get_by_role("button", name="保存通话结果").click()
    phone_page.wait_for_selector("text=已保存通话结果")
    assert "记录通话结果" in phone_page.content()
