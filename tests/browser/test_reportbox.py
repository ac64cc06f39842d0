"""Real browser (Playwright + Debian Chromium): submit a report, keep the receipt, look it up;
axe-core finds no serious or critical violations on the form and status pages."""

import re

import pytest

from tests.browser.fixtures import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def report_page(live_server):
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from ledgers.models import ProblemCategory
    from ledgers.reportbox.models import ReportBoxPage

    ProblemCategory.objects.get_or_create(name="干部作风")
    # Transactional tests flush the tables; whether the migrated rows come back depends on
    # the order tests run in, so build what this test needs.
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="首页", slug="home-b"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    page = ReportBoxPage(
        title="网上举报箱", slug="report", intro="<p>反映干部作风问题,可以匿名。</p>"
    )
    home.add_child(instance=page)
    return live_server.url + page.url


def answer(page):
    """What a person reads off the captcha image (the page itself does not hold it)."""
    from captcha.models import CaptchaStore

    key = page.locator("input[name=captcha_0]").get_attribute("value")
    return CaptchaStore.objects.get(hashkey=key).response


def test_submit_keep_code_and_look_it_up(page, report_page):
    page.goto(report_page)
    assert page.locator("h1").inner_text() == "网上举报箱"
    assert serious_violations(page) == []

    page.get_by_label("问题类型").select_option(label="干部作风")
    page.get_by_label("发生地点").fill("方圆街道 东村社区")
    page.get_by_label("举报内容").fill("社区办事窗口工作人员上班时间长期玩手机,群众排队无人理会。")
    page.get_by_label("我已阅读并同意上方的隐私说明").check()
    # The image captcha: its question is not in the page; the human path is next to it.
    assert "拨打作风办电话" in page.locator(".captcha-box").inner_text()
    page.get_by_label("验证码").fill(answer(page))
    page.get_by_role("button", name="提交举报").click()

    page.wait_for_url("**/report/receipt/")
    code = page.locator("#receipt-code").inner_text().strip()
    secret = page.locator("#receipt-secret").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert serious_violations(page) == []

    page.get_by_role("link", name="去查询办理情况").click()
    page.wait_for_url("**/report/status/")
    assert serious_violations(page) == []
    page.get_by_label("回执码").fill(code.lower().replace("-", ""))
    page.get_by_label("查询密码").fill(secret)
    page.get_by_role("button", name="查询").click()
    result = page.locator("section[aria-labelledby=result-heading]")
    assert "已收到" in result.inner_text()
    assert code in result.inner_text()
    assert serious_violations(page) == []


def test_error_summary_keeps_text_and_is_accessible(page, report_page):
    page.goto(report_page)
    page.get_by_label("发生地点").fill("凤城街道")
    page.get_by_label("举报内容").fill("太短")
    page.get_by_role("button", name="提交举报").click()
    assert "提交未成功" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("发生地点").input_value() == "凤城街道"
    assert page.get_by_label("举报内容").input_value() == "太短"
    assert serious_violations(page) == []


def test_form_usable_on_a_phone(phone_page, report_page):
    phone_page.goto(report_page)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380
