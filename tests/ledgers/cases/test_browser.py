"""Real browser (Playwright + Debian Chromium): the office assigns, the unit signs, handles and
reports with a photo, the office closes — and the citizen sees the answer by receipt code.

Until the report box is merged the report is a duck-typed stand-in handed over with
``hand_over_report``; the receipt code is looked up on /cases/status/.
"""

import re

import pytest
from django.utils import timezone

from ledgers.cases import services
from ledgers.cases.models import Case, CaseState
from ledgers.models import ProblemCategory
from tests.browser.conftest import browser, serious_violations  # noqa: F401
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.ledgers.cases.conftest import FakeReport

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


def admin_login(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_assign_sign_handle_close_citizen_sees_answer(live_server, browser, tmp_path):  # noqa: F811
    unit = UnitFactory(name="海阳市住房和城乡建设局")
    office, clerk = office_user(), clerk_user(unit)
    report = FakeReport(
        pk=4242,
        category=ProblemCategory.objects.get(name="物业"),
        content="海滨花园3号楼路灯不亮,我叫王小明,电话13805351234。",
        name="王小明",
        phone="13805351234",
        receipt_code="JB-7Q4M-K2XP",
    )
    case, _ = services.hand_over_report(report, user=office, on=timezone.localdate())
    base = live_server.url

    # The office assigns the case and prints the slip (one A4 page).
    ctx = browser.new_context(locale="zh-CN")
    p = ctx.new_page()
    admin_login(p, base, office)
    p.goto(f"{base}/admin/cases/{case.pk}/work/")
    p.select_option("#id_assign-unit", str(unit.pk))
    p.fill("#id_assign-time_limit_days", "5")
    p.click("button[data-action=assign]")
    p.wait_for_selector("text=已交办")
    p.goto(f"{base}/admin/cases/{case.pk}/slip/")
    assert "问题交办单" in p.content()
    pdf = p.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    ctx.close()

    # The unit signs, records who handles it, and reports the result with a photo.
    photo = tmp_path / "现场.png"
    photo.write_bytes(PNG)
    ctx = browser.new_context(locale="zh-CN")
    p = ctx.new_page()
    admin_login(p, base, clerk)
    p.goto(f"{base}/admin/cases/{case.pk}/work/")
    body = p.content()
    assert "王小明" not in body and "13805351234" not in body  # identity kept from the unit
    p.click("button[data-action=sign]")
    p.wait_for_selector("text=已签收")
    p.fill("#id_handle-section", "物业管理科")
    p.fill("#id_handle-person", "孙科长")
    p.fill("#id_handle-measures", "约谈物业公司,更换灯具")
    p.click("button[data-action=handle]")
    p.wait_for_selector("text=已保存")
    p.check("#id_submit-outcome_0")
    p.fill("#id_submit-detail", "已更换两盏路灯灯具,恢复照明。")
    p.set_input_files("#id_submit-files", str(photo))
    p.click("button[data-action=submit]")
    p.wait_for_selector("text=已报送办理结果")
    ctx.close()

    # The office checks the result and closes the case with the answer to the citizen.
    ctx = browser.new_context(locale="zh-CN")
    p = ctx.new_page()
    admin_login(p, base, office)
    p.goto(f"{base}/admin/cases/{case.pk}/work/")
    p.fill("#id_close-answer", "经督促,物业已更换路灯灯具,现已恢复照明。感谢您的监督。")
    p.check("#id_close-publish")
    p.click("button[data-action=close]")
    p.wait_for_selector("text=已审核通过并销号")
    ctx.close()
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED

    # The citizen looks it up by receipt code and sees the answer; the public list shows it
    # without name, phone or house number.
    ctx = browser.new_context(locale="zh-CN")
    p = ctx.new_page()
    p.goto(f"{base}/cases/status/")
    p.fill("#id_code", "JB-7Q4M-K2XP")
    p.fill("#id_secret", "stand-in-has-no-secret")
    p.click("main button[type=submit]")
    answer = p.locator("[data-answer]")
    assert "现已恢复照明" in answer.inner_text()
    assert serious_violations(p) == []
    p.goto(f"{base}/cases/results/")
    text = p.inner_text("main")
    assert "现已恢复照明" in text
    assert "王小明" not in text and "13805351234" not in text and "3号楼" not in text
    assert serious_violations(p) == []
    ctx.close()
