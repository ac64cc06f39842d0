"""import_ledger: same checks as the upload, saves only with --commit, exit status."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledgers.sheets.models import LedgerRow, LedgerUpload, UploadStatus

from .builders import messy_att3, official_sheet, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_ledger_storage(settings):
    """Each test starts with no stored ledger files (the test storage lives for the session)."""
    import shutil

    shutil.rmtree(settings.PRIVATE_STORAGE_ROOT / "sheets", ignore_errors=True)


def stored_ledger_files(period):
    """Files under the period's folder of the private storage (the upload's originals)."""
    from django.conf import settings

    root = settings.PRIVATE_STORAGE_ROOT / "sheets" / str(period.pk)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


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
    assert not LedgerUpload.objects.exists()  # a dry run stores nothing: no record, no file
    assert stored_ledger_files(period) == []


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
    data = official_sheet(3, [["张三", "某单位", "13812345678", ""], ["李四", "", "", ""]])
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_ledger",
            write(tmp_path, xlsx({"第二批": data})),
            unit="甲镇",
            period="2026-1",
            attachment=3,
            commit=True,
            stdout=out,
        )
    assert exc.value.returncode == 1 and "--skip-errors" in str(exc.value)
    assert "第二批!B6" in out.getvalue()
    assert LedgerRow.objects.count() == 0
    # a failed --commit stores nothing
    assert not LedgerUpload.objects.exists()
    assert stored_ledger_files(period) == []


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


def test_refusal_printed_once_in_chinese_with_exit_code(tmp_path, units, period, capsys):
    from ledgers.sheets.management.commands.import_ledger import Command

    path = write(tmp_path, messy_att3())
    command = Command()
    argv = [path, "--unit", "甲镇", "--period", "2026-1", "--attachment", "1"]
    options = vars(command.create_parser("manage.py", "import_ledger").parse_args(argv))
    args = options.pop("args", ())
    # what run_from_argv does, without its closing of every database connection at the end
    command._called_from_command_line = True
    with pytest.raises(SystemExit) as exc:
        command.execute(*args, **options)
    assert exc.value.code == 2
    captured = capsys.readouterr()
    both = captured.out + captured.err
    assert both.count("这不是附件1") == 1
    assert "CommandError" not in both and "Error" not in both
    assert not LedgerUpload.objects.exists()


def test_dry_run_and_findings_leave_nothing_pending(tmp_path, units, period):
    from ledgers.sheets.views import board_cells

    data = official_sheet(1, [["某村1号", "张三", "12345", ""], ["某村2号", "", "1", ""]])
    path = write(tmp_path, xlsx({"农村": data}))
    for commit in (False, True):
        with pytest.raises(CommandError):
            call_command(
                "import_ledger", path, unit="甲镇", period="2026-1", attachment=1,
                commit=commit, stdout=io.StringIO(),
            )  # fmt: skip
    call_command(
        "import_ledger", write(tmp_path, good_visits()), unit="甲镇", period="2026-1",
        attachment=1, stdout=io.StringIO(),
    )  # fmt: skip
    assert not LedgerUpload.objects.exists()
    assert stored_ledger_files(period) == []
    assert board_cells(period)[units["a"]][1]["state"] == "missing"


def test_commit_skip_errors_saves_the_rest(tmp_path, units, period):
    data = official_sheet(1, [["某村1号", "张三", "12345", ""], ["某村2号", "", "1", ""]])
    out = io.StringIO()
    call_command(
        "import_ledger", write(tmp_path, xlsx({"农村": data})), unit="甲镇", period="2026-1",
        attachment=1, commit=True, skip_errors=True, stdout=out,
    )  # fmt: skip
    assert "已保存 1 行" in out.getvalue() and "待核实" in out.getvalue()
    assert "跳过错误行 1 行" in out.getvalue()
    upload = LedgerUpload.objects.get(status=UploadStatus.CONFIRMED)
    assert upload.skipped_rows[0]["row"] == 6
