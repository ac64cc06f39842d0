"""The clerk's path in a real browser: log in, upload, read the preview, confirm; axe-core on
the pages (Debian's Chromium through Playwright)."""

import pytest

from ledgers.sheets.models import LedgerRow, LedgerUpload, Period, UploadStatus
from tests.browser.fixtures import serious_violations
from tests.factories import PASSWORD, UnitFactory, clerk_user

from .builders import official_sheet, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_uploads_previews_and_confirms(live_server, page, tmp_path):  # noqa: F811
    unit = UnitFactory(name="甲镇", cadre_count=1)
    clerk = clerk_user(unit)
    Period.objects.create(year=2026, half=1)
    bad = tmp_path / "附件3.xlsx"
    data = official_sheet(
        3,
        [
            ["张三", "某单位", "13812345678", ""],
            ["", "某单位", "13812345679", ""],  # no name: an error row
            ["钱七", "某单位", "1381234568", ""],  # 10 digits: a finding
        ],
    )
    bad.write_bytes(xlsx({"第二批": data}).getvalue())
    good = tmp_path / "附件1.xlsx"
    good.write_bytes(
        xlsx(
            {
                "农村": official_sheet(
                    1, [[f"村{i}", f"户{i}", f"1380000{i:04d}", ""] for i in range(5)]
                )
            }
        ).getvalue()
    )

    page.goto(f"{live_server.url}/admin/login/?next=/admin/sheets/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/sheets/")
    assert serious_violations(page) == []

    page.select_option("#id_attachment", "3")
    page.set_input_files("#id_file", str(bad))
    page.click("text=上传并检查")
    page.wait_for_selector("#errors-h")
    text = page.inner_text("main")
    assert "不是有效的手机号" in text and "待核实" in text and "第6行" in text
    assert serious_violations(page) == []
    # the error row is skipped only on the explicit tick (the checkbox is required)
    page.click("text=确认保存")
    assert LedgerUpload.objects.get(attachment=3).status == UploadStatus.PREVIEW
    page.check("input[name=skip_errors]")
    page.click("text=确认保存")
    page.wait_for_selector("#skipped-h")
    upload = LedgerUpload.objects.get(attachment=3)
    assert upload.status == UploadStatus.CONFIRMED and upload.skipped_count == 1
    assert LedgerRow.objects.filter(upload=upload, review_state="pending").count() >= 1

    page.goto(f"{live_server.url}/admin/sheets/")
    page.select_option("#id_attachment", "1")
    page.set_input_files("#id_file", str(good))
    page.click("text=上传并检查")
    page.click("text=确认保存")
    page.wait_for_selector("text=已确认")
    upload = LedgerUpload.objects.get(attachment=1)
    assert upload.status == UploadStatus.CONFIRMED
    assert LedgerRow.objects.filter(upload=upload).count() == 5
