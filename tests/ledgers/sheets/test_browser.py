"""The clerk's path in a real browser: log in, upload, read the preview, confirm; axe-core on
the pages (Debian's Chromium through Playwright)."""

import pytest

from ledgers.sheets.models import LedgerRow, LedgerUpload, Period, UploadStatus
from tests.browser.fixtures import serious_violations
from tests.factories import PASSWORD, UnitFactory, clerk_user

from .builders import messy_att3, official_sheet, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_uploads_previews_and_confirms(live_server, page, tmp_path):  # noqa: F811
    unit = UnitFactory(name="甲镇", cadre_count=1)
    clerk = clerk_user(unit)
    Period.objects.create(year=2026, half=1)
    bad = tmp_path / "附件3.xlsx"
    bad.write_bytes(messy_att3().getvalue())
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

    page.goto(f"{live_server.url}/admin/login/?next=/sheets/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/sheets/")
    assert serious_violations(page) == []

    page.select_option("#id_attachment", "3")
    page.set_input_files("#id_file", str(bad))
    page.click("text=上传并检查")
    page.wait_for_selector("#errors-h")
    assert "不是有效的手机号" in page.inner_text("main")
    assert page.locator("text=确认保存").count() == 0
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/sheets/")
    page.select_option("#id_attachment", "1")
    page.set_input_files("#id_file", str(good))
    page.click("text=上传并检查")
    page.click("text=确认保存")
    page.wait_for_selector("text=已确认")
    upload = LedgerUpload.objects.get(attachment=1)
    assert upload.status == UploadStatus.CONFIRMED
    assert LedgerRow.objects.filter(upload=upload).count() == 5
