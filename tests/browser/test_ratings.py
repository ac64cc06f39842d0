"""Real browser (Playwright + Debian Chromium) on the demo site: a citizen rates a window
starting from its guide page — levels chosen by keyboard, a 差评 with a phone becomes a case —
the fresh summary shows on the guide page, and the office prints the window's QR code."""

import json

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser

GUIDE = "/guides/spj/"
COMMENT = "浏览器测试:窗口没有一次性告知所需材料"


def answer(server, page):
    """What a person reads off the captcha image (the page itself does not hold it)."""
    key = page.locator("input[name=captcha_0]").get_attribute("value")
    code = (
        "from captcha.models import CaptchaStore;"
        f"print(CaptchaStore.objects.get(hashkey={key!r}).response)"
    )
    return server.shell(code).strip().splitlines()[-1]  # after the shell's own notices


def summary_total(page):
    text = page.locator("#rating-summary-heading + p").inner_text()
    return int(text.split("共收到")[1].split("条")[0].strip())


def test_rate_a_window_from_its_guide_page(page, browser, demo_server):
    site = demo_server.url
    page.goto(site + GUIDE)
    before = summary_total(page)
    page.get_by_role("link", name="评价窗口服务").click()
    page.wait_for_url("**/ratings/windows/*/")
    assert page.locator("h1").inner_text() == "评价窗口服务"
    assert serious_violations(page) == []

    # The five levels are one radio group: reachable and chosen by keyboard.
    page.get_by_label("非常满意", exact=True).focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_by_label("不满意", exact=True).is_checked()
    assert page.locator("fieldset legend", has_text="总体评价").count() == 1

    page.get_by_label("一次性告知").check()
    page.get_by_label("意见建议（选填）").fill(COMMENT)
    page.get_by_label("姓名（选填）").fill("浏览器")
    page.get_by_label("联系电话（选填）").fill("13905350077")
    # A wrong captcha first: refused, everything typed is kept.
    page.get_by_label("验证码").fill("999")
    page.get_by_role("button", name="提交评价").click()
    assert "验证码答案不正确" in page.content()
    assert page.get_by_label("意见建议（选填）").input_value() == COMMENT
    assert page.get_by_label("不满意", exact=True).is_checked()
    page.get_by_label("验证码").fill(answer(demo_server, page))
    page.get_by_role("button", name="提交评价").click()

    page.wait_for_load_state()
    assert "/ratings/thanks/" in page.url, page.locator("main").inner_text()[:800]
    assert "感谢您对市行政审批服务局窗口服务的评价" in page.content()
    assert "限期整改" in page.content()
    assert serious_violations(page) == []

    stored = json.loads(
        demo_server.shell(
            "import json;from ledgers.ratings.models import Rating;"
            f"r=Rating.objects.get(comment={COMMENT!r});"
            "print(json.dumps([r.level, r.aspects, r.phone, r.case.time_limit_days,"
            " r.case.needs_callback, r.case.assigned_unit.name]))"
        ).splitlines()[-1]
    )
    assert stored == [
        "dissatisfied",
        ["one_time"],
        "13905350077",
        15,
        True,
        "海阳市行政审批服务局",
    ]

    # A new visitor (no session, so the anonymous page cache applies) sees the new count.
    context = browser.new_context(locale="zh-CN")
    visitor = context.new_page()
    visitor.goto(site + GUIDE)
    assert summary_total(visitor) == before + 1
    context.close()


def test_office_prints_the_qr_code_of_a_window(page, demo_server):
    admin_login(page, demo_server.url, "office")
    page.goto(demo_server.url + "/admin/ratings/qr/")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="打印二维码：市行政审批服务局").click()
    printable = popup.value
    printable.wait_for_load_state()
    assert printable.locator("svg").count() == 1
    assert "/ratings/windows/" in printable.content()
