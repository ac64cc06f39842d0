"""Preview, confirm (atomic), replace with history, restore; the task path and the rules fed
from confirmed rows of the database."""

import pytest
from django.core.files.base import ContentFile

from ledgers.sheets import service
from ledgers.sheets.models import LedgerRow, LedgerUpload, UploadStatus
from ledgers.sheets.tasks import confirm_upload_task, parse_upload_task

from .builders import messy_att3, official_sheet, xlsx

pytestmark = pytest.mark.django_db


def make_upload(unit, period, attachment, fileobj, name="台账.xlsx"):
    upload = LedgerUpload(unit=unit, period=period, attachment=attachment, original_name=name)
    upload.original.save(name, ContentFile(fileobj.getvalue()), save=False)
    upload.save()
    return upload


def visits(n, prefix="户", area_sheet="农村"):
    return xlsx(
        {
            area_sheet: official_sheet(
                1, [[f"某村{i}号", f"{prefix}{i}", f"1380000{i:04d}", ""] for i in range(n)]
            )
        }
    )


def test_preview_saves_nothing_then_confirm_saves_all(units, period, people):
    upload = make_upload(units["a"], period, 1, visits(5))
    parse_upload_task.enqueue(upload.pk)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.PREVIEW
    assert upload.row_count == 5 and upload.error_count == 0
    assert LedgerRow.objects.count() == 0
    confirm_upload_task.enqueue(upload.pk, people["clerk_a"].pk)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CONFIRMED
    assert upload.confirmed_by == people["clerk_a"]
    assert LedgerRow.objects.filter(upload=upload).count() == 5
    row = LedgerRow.objects.get(upload=upload, person_name="户0")
    assert row.area == "rural" and row.raw["B"] == "户0" and row.row_number == 5


def test_upload_with_errors_cannot_be_confirmed(units, period):
    data = official_sheet(3, [["张三", "某单位", "13812345678", ""], ["", "某单位", "", ""]])
    upload = make_upload(units["a"], period, 3, xlsx({"S": data}))
    service.parse_upload(upload)
    assert upload.status == UploadStatus.PREVIEW and upload.error_count == 1
    with pytest.raises(service.LedgerRejected) as exc:
        service.confirm_upload(upload, None)  # without the explicit tick
    assert "跳过错误行" in exc.value.message
    assert LedgerRow.objects.count() == 0


def test_refused_file_is_recorded(units, period):
    upload = make_upload(units["a"], period, 1, messy_att3())
    service.parse_upload(upload)
    assert upload.status == UploadStatus.REFUSED and "附件3" in upload.message


def test_replace_keeps_history_and_restore(units, period, people):
    first = make_upload(units["a"], period, 1, visits(5))
    service.parse_upload(first)
    service.confirm_upload(first, people["clerk_a"])
    second = make_upload(units["a"], period, 1, visits(4, prefix="新户"))
    service.parse_upload(second)
    # previous data stays current until the new one is confirmed
    assert LedgerRow.objects.current().count() == 5
    service.confirm_upload(second, people["clerk_a"])
    first.refresh_from_db()
    assert first.status == UploadStatus.SUPERSEDED
    assert set(LedgerRow.objects.current().values_list("person_name", flat=True)) == {
        f"新户{i}" for i in range(4)
    }
    assert LedgerRow.objects.filter(upload=first).count() == 5  # kept
    service.restore_upload(first, people["office"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == UploadStatus.CONFIRMED and second.status == UploadStatus.SUPERSEDED
    assert LedgerRow.objects.current().count() == 5
    with pytest.raises(service.LedgerRejected):
        service.restore_upload(first, people["office"])


def test_confirm_is_atomic(units, period, people, monkeypatch):
    old = make_upload(units["a"], period, 1, visits(5))
    service.parse_upload(old)
    service.confirm_upload(old, people["clerk_a"])
    new = make_upload(units["a"], period, 1, visits(4500, prefix="新"))
    service.parse_upload(new)
    from ledgers.sheets import parser as parser_module

    real = parser_module.normalise_phone
    calls = {"n": 0}

    def failing(value):
        calls["n"] += 1
        if calls["n"] == 3000:  # after the first batch of 2,000 rows was written
            raise RuntimeError("disk full")
        return real(value)

    monkeypatch.setattr(parser_module, "normalise_phone", failing)
    with pytest.raises(RuntimeError):
        service.confirm_upload(new, people["clerk_a"])
    monkeypatch.undo()
    old.refresh_from_db()
    assert old.status == UploadStatus.CONFIRMED
    assert LedgerRow.objects.filter(upload=new).count() == 0
    assert LedgerRow.objects.current().count() == 5


def test_rules_use_confirmed_rows(units, period, people):
    visited = make_upload(units["a"], period, 1, visits(5))
    service.parse_upload(visited)
    service.confirm_upload(visited, people["clerk_a"])
    targets = xlsx(
        {
            "S": official_sheet(
                3,
                [
                    ["户0", "某村0号", "13800000000", ""],
                    ["张三", "某单位", "13912345678", ""],
                    ["张三", "某单位", "139-1234-5678", ""],
                ],
            )
        }
    )
    upload = make_upload(units["a"], period, 3, targets)
    service.parse_upload(upload)
    rules_hit = {f["rule"] for f in upload.report["findings"]}
    assert {"targets_among_visited", "repeated_targets", "cadre_target_shortfall"} <= rules_hit


def test_same_person_several_units_flagged(units, period, people):
    a = make_upload(units["a"], period, 1, visits(5))
    service.parse_upload(a)
    service.confirm_upload(a, people["clerk_a"])
    b = make_upload(units["b"], period, 1, visits(2))
    service.parse_upload(b)
    flags = [f for f in b.report["findings"] if f["rule"] == "reported_by_several_units"]
    assert len(flags) == 2 and "甲镇" in flags[0]["message"]


def test_confirm_and_restore_are_logged(client, units, period, people):
    from django.urls import reverse
    from wagtail.models import ModelLogEntry

    from tests.factories import PASSWORD

    first = make_upload(units["a"], period, 1, visits(5))
    service.parse_upload(first)
    confirm_upload_task.enqueue(first.pk, people["clerk_a"].pk)
    second = make_upload(units["a"], period, 1, visits(5, "新"))
    service.parse_upload(second)
    confirm_upload_task.enqueue(second.pk, people["clerk_a"].pk)
    client.login(username=people["office"].username, password=PASSWORD)
    client.post(reverse("sheets:restore", args=[first.pk]))
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(first.pk)).values_list("action", "user_id")
    )
    assert ("sheets.confirm", people["clerk_a"].pk) in actions
    assert ("sheets.restore", people["office"].pk) in actions
