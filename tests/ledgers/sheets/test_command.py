"""import_ledger: same checks as the upload, saves only with --commit, exit status."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledgers.sheets.models import LedgerRow, LedgerUpload, UploadStatus

from .builders import messy_att3, official_sheet, xlsx

pytestmark = pytest.mark.django_db


def write(tmp_path, fileobj, name="t.xlsx"):
    path = tmp_path / name
    path.write_bytes(fileobj.getvalue())
    return str(path)


def good_visits():
    return xlsx(
        {
            "农村": official_sheet(
                1, [[f"某村{i}号", f"户{i}", f"1380000{i:04d}", ""] for i in range(5)]
            )
        }
    )


def test_dry_run_prints_preview_and_saves_nothing(tmp_path, units, period):
    out = io.StringIO()
    call_command(
        "import_ledger",
        write(tmp_path, good_visits()),
        unit="甲镇",
        period="2026-1",
        attachment=1,
        stdout=out,
    )
    text = out.getvalue()
    assert "读取数据 5 行" in text and "未保存" in text
    assert LedgerRow.objects.count() == 0
    assert not LedgerUpload.objects.filter(status=UploadStatus.CONFIRMED).exists()


def test_commit_saves(tmp_path, units, period):
    out = io.StringIO()
    call_command(
        "import_ledger",
        write(tmp_path, good_visits()),
        unit=str(units["a"].pk),
        period="2026年上半年",
        attachment=1,
        commit=True,
        stdout=out,
    )
    assert "已保存 5 行" in out.getvalue()
    assert LedgerRow.objects.current().count() == 5


def test_errors_exit_nonzero_with_locations(tmp_path, units, period):
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_ledger",
            write(tmp_path, messy_att3()),
            unit="甲镇",
            period="2026-1",
            attachment=3,
            commit=True,
            stdout=out,
        )
    assert exc.value.returncode == 1
    assert "第二批!C3" in out.getvalue()
    assert LedgerRow.objects.count() == 0


def test_wrong_attachment_exit_2(tmp_path, units, period):
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_ledger",
            write(tmp_path, messy_att3()),
            unit="甲镇",
            period="2026-1",
            attachment=1,
            stdout=io.StringIO(),
        )
    assert exc.value.returncode == 2 and "附件3" in str(exc.value)


def test_unknown_unit_or_period(tmp_path, units, period):
    path = write(tmp_path, good_visits())
    with pytest.raises(CommandError, match="找不到单位"):
        call_command("import_ledger", path, unit="无此单位", period="2026-1", attachment=1)
    with pytest.raises(CommandError, match="找不到期次"):
        call_command("import_ledger", path, unit="甲镇", period="2030-1", attachment=1)
