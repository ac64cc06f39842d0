"""Real browser (Playwright + Debian Chromium) against the demo server process: the office
assigns and prints the slip, the unit signs, records handling and reports with a photo, the
office closes — and the citizen sees the answer by receipt code (and on the public list).

The report is a real report-box submission (``reportbox.services.submit_report``) handed over
with ``hand_over_report``; the citizen uses the receipt code and query password on the report
box's status page (/report/status/), the only one (/rectification/status/ redirects there).
"""

import json
import re

import pytest

from tests.browser.fixtures import admin_login, serious_violations

pytestmark = pytest.mark.browser

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from ledgers.rectification import services
from ledgers.models import ProblemCategory
from ledgers.reportbox.services import submit_report
receipt = submit_report(data={
    "category": ProblemCategory.objects.get(name="物业"),
    "place": "方圆街道海滨社区海滨花园",
    "content": "海滨花园3号楼路灯不亮,我叫王小明,电话13805351234。",
    "is_anonymous": False,
    "reporter_name": "王小明",
    "reporter_phone": "13805351234",
})
office = get_user_model().objects.get(username="office")
case, _ = services.hand_over_report(receipt.report, user=office, on=timezone.localdate())
print(json.dumps({"case": case.pk, "code": receipt.code, "secret": receipt.secret}))
"""

STATE = """
from ledgers.rectification.models import Case
print(Case.objects.get(pk={pk}).state)
"""


def new_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_assign_sign_handle_close_citizen_sees_answer(demo_server, browser, tmp_path):
    base = demo_server.url
    made = json.loads(demo_server.shell(SETUP).strip().splitlines()[-1])
    case_pk = made["case"]
    work = f"{base}/admin/rectification/{case_pk}/work/"

    # The office assigns the case to 住建局 and prints the slip: exactly one A4 page.
    ctx, p = new_page(browser)
    admin_login(p, base, "office")
    p.goto(work)
    p.select_option("#id_assign-unit", label="市住建局")
    p.fill("#id_assign-time_limit_days", "5")
    p.click("button[data-action=assign]")
    p.wait_for_selector("text=已交办")
    assert re.search(r"海作交〔\d{4}〕第\d{4}号", p.content())
    p.goto(f"{base}/admin/rectification/{case_pk}/slip/")
    assert "问题交办单" in p.content()
    pdf = p.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    ctx.close()

    # The unit signs, records who handles it, and reports the result with a photo; it never
    # sees who reported the problem.
    photo = tmp_path / "现场.png"
    photo.write_bytes(PNG)
    ctx, p = new_page(browser)
    admin_login(p, base, "zjj")
    p.goto(work)
    body = p.content()
    assert "王小明" not in body and "13805351234" not in body
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

    # Another unit is refused.
    ctx, p = new_page(browser)
    admin_login(p, base, "spj")
    p.goto(work)
    assert "/admin/rectification/" not in p.url or "王小明" not in p.content()
    assert "约谈物业公司" not in p.content()
    ctx.close()

    # The office checks the result and closes the case with the answer to the citizen.
    ctx, p = new_page(browser)
    admin_login(p, base, "office")
    p.goto(work)
    p.fill("#id_close-answer", "经督促,物业已更换路灯灯具,现已恢复照明。感谢您的监督。")
    p.check("#id_close-publish")
    p.check("input[name=close-confirm]")
    p.click("button[data-action=close]")
    p.wait_for_selector("text=已审核通过并销号")
    ctx.close()
    assert demo_server.shell(STATE.format(pk=case_pk)).strip().splitlines()[-1] == "closed"

    # The citizen enters the receipt code and query password on the report box's status page and
    # sees the answer and may object once on the same page; the
    # public list shows it without name, phone or house number.
    ctx, p = new_page(browser)
    p.goto(f"{base}/report/status/")
    p.fill("#id_code", made["code"])
    p.fill("#id_secret", made["secret"])
    p.click("main button[type=submit]")
    p.wait_for_selector("text=现已恢复照明")
    assert "已办结" in p.inner_text("main")
    assert "对处理结果不满意" in p.inner_text("main")  # the one objection, on the same page
    assert serious_violations(p) == []
    p.goto(f"{base}/rectification/status/")  # the old address leads to the same page
    assert p.url.endswith("/report/status/")
    p.goto(f"{base}/rectification/results/")
    text = p.inner_text("main")
    assert "现已恢复照明" in text
    assert "王小明" not in text and "13805351234" not in text and "3号楼" not in text
    assert serious_violations(p) == []
    ctx.close()
