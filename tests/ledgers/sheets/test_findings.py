"""Issue 10: clerks' real ledgers — clean rows kept, rows with findings stored 待核实 with their
codes, error rows skipped only on an explicit tick, text stored as typed, each unit's own
行业领域 types, messages that name rows and columns, nothing left pending."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ledgers.models import ProblemCategory
from ledgers.reportbox.forms import ReportForm
from ledgers.sheets import service
from ledgers.sheets.models import (
    LedgerRow,
    LedgerUpload,
    ReviewState,
    UnitTradeCategory,
    UploadStatus,
)
from ledgers.sheets.tasks import confirm_upload_task
from ledgers.sheets.views import board_cells
from tests.factories import PASSWORD
from tests.utils import assert_login_required, assert_refused

from .builders import csv_bytes, official_sheet, xlsx

pytestmark = pytest.mark.django_db

ATT4_HEADERS = [
    "服务对象姓名",
    "工作单位(住址)",
    "联系电话",
    "问题类型",
    "问题内容",
    "备注",
    "联系干部",
    "行业领域/公共方面",
]


def make_upload(unit, period, attachment, fileobj, name="台账.xlsx"):
    upload = LedgerUpload(unit=unit, period=period, attachment=attachment, original_name=name)
    upload.original.save(name, ContentFile(fileobj.getvalue()), save=False)
    upload.save()
    service.parse_upload(upload)
    return upload


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def visits_with_one_bad_phone(n=30, bad_at=17):
    data = [
        [f"某村{i}号", f"户{i}", "12345" if i == bad_at else f"1380000{i:04d}", ""]
        for i in range(n)
    ]
    return xlsx({"农村": official_sheet(1, data)})


# -- 1. findings vs errors ------------------------------------------------------------------
def test_thirty_rows_one_bad_phone_stores_thirty_twenty_nine_clean(units, period, people):
    upload = make_upload(units["a"], period, 1, visits_with_one_bad_phone())
    assert upload.status == UploadStatus.PREVIEW
    assert (upload.row_count, upload.error_count, upload.finding_count) == (30, 0, 1)
    assert upload.can_confirm and not upload.needs_skip_tick
    confirm_upload_task.enqueue(upload.pk, people["clerk_a"].pk)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CONFIRMED and upload.row_count == 30
    rows = LedgerRow.objects.filter(upload=upload)
    assert rows.count() == 30
    assert rows.filter(review_state=ReviewState.CLEAN).count() == 29
    flagged = rows.get(review_state=ReviewState.PENDING)
    assert flagged.person_name == "户17" and flagged.review_codes == ",phone_invalid,"
    assert flagged.findings[0]["column"] == "C" and "12345" in flagged.findings[0]["message"]
    assert upload.finding_count == 1
    assert board_cells(period)[units["a"]][1]["to_check"] == 1


def test_att2_unlisted_type_and_empty_content_stored_flagged(units, period):
    data = official_sheet(
        2,
        [
            ["张三", "某村", "13812345678", "治安", "路灯坏了", ""],
            ["李四", "某村", "13812345679", "外星人", "看见UFO", ""],
            ["王五", "某村", "13812345670", "治安", "", ""],
        ],
    )
    upload = make_upload(units["a"], period, 2, xlsx({"农村": data}))
    assert (upload.error_count, upload.finding_count) == (0, 2)
    service.confirm_upload(upload, None)
    by_name = {r.person_name: r for r in LedgerRow.objects.filter(upload=upload)}
    assert by_name["张三"].review_state == ReviewState.CLEAN
    assert by_name["李四"].review_codes == ",category_unlisted,"
    assert by_name["李四"].category_id is None and by_name["李四"].category_text == "外星人"
    assert by_name["王五"].review_codes == ",content_missing,"
    assert not ProblemCategory.objects.filter(name="外星人").exists()


def test_gbk_csv_scientific_phone_is_lossy_finding_with_fix(units, period):
    data = csv_bytes(
        [
            ["服务对象姓名", "工作单位(住址)", "联系电话", "备注"],
            ["张三", "某单位", "1.81760E+10", ""],
            ["李四", "某单位", "13812345679", ""],
        ]
    )
    upload = make_upload(units["a"], period, 3, data, name="台账.csv")
    assert (upload.error_count, upload.finding_count) == (0, 1)
    issue = next(i for i in upload.report["issues"] if i["level"] == "finding")
    assert issue["code"] == "phone_lossy" and (issue["row"], issue["column"]) == (2, "C")
    assert "科学计数法" in issue["message"] and "1.8E+10" in issue["message"]
    assert "文本" in issue["message"] and "非数字" not in issue["message"]
    service.confirm_upload(upload, None)
    row = LedgerRow.objects.get(upload=upload, person_name="张三")
    assert row.review_codes == ",phone_lossy," and row.raw["C"] == "1.81760E+10"


def error_file():
    return xlsx(
        {
            "农村": official_sheet(
                1,
                [
                    ["某村1号", "张三", "13812345678", ""],
                    ["某村2号", "", "13812345679", ""],
                    ["某村3号", "王五", "12345", ""],
                ],
            )
        }
    )


def test_error_rows_skipped_only_with_explicit_tick(client, units, period, people):
    upload = make_upload(units["a"], period, 1, error_file())
    assert (upload.row_count, upload.error_count, upload.finding_count) == (3, 1, 1)
    assert upload.needs_skip_tick and "勾选" in upload.message
    login(client, people["clerk_a"])
    page = client.get(reverse("sheets:detail", args=[upload.pk])).content.decode()
    assert 'name="skip_errors"' in page and "只保存其余 2 行" in page
    # without the tick: nothing stored, still a preview
    client.post(reverse("sheets:confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == UploadStatus.PREVIEW and not LedgerRow.objects.exists()
    # with the tick: the other rows, the skipped one kept with the upload and why
    client.post(reverse("sheets:confirm", args=[upload.pk]), {"skip_errors": "1"})
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CONFIRMED
    assert upload.row_count == 2 and upload.skipped_count == 1
    assert sorted(LedgerRow.objects.values_list("person_name", flat=True)) == ["张三", "王五"]
    assert upload.skipped_rows == [
        {
            "sheet": "农村",
            "row": 6,
            "reasons": ["B列(村(居)民姓名):“村(居)民姓名”不能为空,请在第6行填写"],
        }
    ]
    entry = ModelLogEntry.objects.get(action="sheets.confirm", object_id=str(upload.pk))
    assert entry.data == {"skipped": 1, "to_check": 1}
    page = client.get(reverse("sheets:detail", args=[upload.pk])).content.decode()
    assert "确认时跳过的行" in page and "第6行" in page
    client.logout()
    login(client, people["office"])
    board = client.get(reverse("sheets:board") + f"?period={period.pk}").content.decode()
    assert "跳过 1 行" in board and "待核实 1 行" in board


def test_confirm_is_one_transaction(units, period, monkeypatch):
    """A failure after the rows are in (while marking rule findings) leaves nothing stored."""
    upload = make_upload(units["a"], period, 1, error_file())

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "mark_rule_findings", boom)
    with pytest.raises(RuntimeError):
        service.confirm_upload(upload, None, skip_errors=True)
    assert not LedgerRow.objects.exists()
    upload.refresh_from_db()
    assert upload.skipped_count == 0 and upload.status != UploadStatus.CONFIRMED


def test_all_error_rows_cannot_be_confirmed(units, period):
    data = official_sheet(1, [["某村1号", "", "13812345678", ""], ["", "李四", "", ""]])
    upload = make_upload(units["a"], period, 1, xlsx({"农村": data}))
    assert upload.error_count == 2 and not upload.can_confirm
    with pytest.raises(service.LedgerRejected):
        service.confirm_upload(upload, None, skip_errors=True)


def test_rule_findings_mark_their_rows(units, period):
    """附件3: a target repeated inside the unit and cadres below 10 targets → rows 待核实."""
    data = official_sheet(
        3,
        [
            ["张三", "某单位", "13812345678", "", "王干部"],
            ["张三", "某单位", "13812345678", "", "王干部"],
        ]
        + [[f"对象{i}", "某单位", f"1390000{i:04d}", "", "赵干部"] for i in range(10)],
        headers=["服务对象姓名", "工作单位(住址)", "联系电话", "备注", "联系干部"],
    )
    upload = make_upload(units["a"], period, 3, xlsx({"S": data}))
    assert upload.finding_count == 2
    messages = [f["message"] for f in upload.report["findings"]]
    assert any("王干部" in m and "第5、6行" in m for m in messages), messages
    service.confirm_upload(upload, None)
    flagged = LedgerRow.objects.filter(upload=upload, review_state=ReviewState.PENDING)
    assert flagged.count() == 2
    assert all("duplicate" in r.review_codes and "cadre_short" in r.review_codes for r in flagged)
    assert upload.finding_count == 2


# -- the office clears or confirms each finding ---------------------------------------------
@pytest.fixture
def flagged(units, period):
    upload = make_upload(units["a"], period, 1, visits_with_one_bad_phone())
    service.confirm_upload(upload, None)
    return LedgerRow.objects.get(upload=upload, review_state=ReviewState.PENDING)


def test_review_decision_in_fours_and_logged(client, flagged, people):
    u = reverse("sheets:review_decide", args=[flagged.pk, 0])
    assert_login_required(client.post(u, {"decision": "clear"}))
    for clerk in (people["clerk_b"], people["clerk_a"]):  # other unit, and own unit: office only
        login(client, clerk)
        assert_refused(client.post(u, {"decision": "clear"}))
        client.logout()
    flagged.refresh_from_db()
    assert flagged.review_state == ReviewState.PENDING
    login(client, people["office"])
    assert client.post(u, {"decision": "clear"}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.review_state == ReviewState.CHECKED
    assert flagged.findings[0]["state"] == "cleared"
    assert flagged.findings[0]["decided_by"] == people["office"].username
    entry = ModelLogEntry.objects.get(action="sheets.finding_clear")
    assert entry.object_id == str(flagged.pk) and entry.data["code"] == "phone_invalid"


def test_review_confirm_decision(client, flagged, people):
    login(client, people["office"])
    client.post(reverse("sheets:review_decide", args=[flagged.pk, 0]), {"decision": "confirm"})
    flagged.refresh_from_db()
    assert flagged.findings[0]["state"] == "confirmed"
    assert ModelLogEntry.objects.filter(action="sheets.finding_confirm").count() == 1
    response = client.post(
        reverse("sheets:review_decide", args=[flagged.pk, 5]), {"decision": "confirm"}
    )
    assert response.status_code == 302  # unknown finding: message, nothing changed


def test_review_listing_filters_and_queries(
    client, flagged, units, period, people, django_assert_max_num_queries
):
    data = official_sheet(2, [["李四", "某村", "13812345679", "外星人", "看见UFO", ""]])
    other = make_upload(units["b"], period, 2, xlsx({"农村": data}))
    service.confirm_upload(other, None)
    u = reverse("sheets:review")
    assert_login_required(client.get(u))
    login(client, people["clerk_a"])
    assert_refused(client.get(u))
    client.logout()
    login(client, people["office"])
    with django_assert_max_num_queries(20):
        page = client.get(u + f"?period={period.pk}").content.decode()
    assert "户17" in page and "李四" in page and "共 2 行" in page
    page = client.get(u + f"?period={period.pk}&code=category_unlisted").content.decode()
    assert "李四" in page and "户17" not in page


def test_admin_row_listing_filters_review_code(client, flagged, people):
    login(client, people["office"])
    base = reverse("sheet_rows:index")
    page = client.get(base + "?review_code=phone_invalid").content.decode()
    assert "户17" in page and "户3<" not in page
    page = client.get(base + "?review_state=pending").content.decode()
    assert "户17" in page
    client.logout()
    login(client, people["clerk_b"])  # another unit sees none of it
    assert "户17" not in client.get(base + "?review_code=phone_invalid").content.decode()


# -- 2. verbatim text -----------------------------------------------------------------------
def test_text_with_full_width_punctuation_stored_byte_for_byte(units, period):
    content = "路灯坏了,晚上很黑:“请尽快修”(东区)【急】;谢谢!\n第二行"
    remarks = "备注:已电话回访,满意。"
    address = "方圆街道(东区)3号楼,2单元"
    data = official_sheet(
        2, [["张 三", "\u3000" + address + " ", "13812345678", "治安", content, remarks]]
    )
    upload = make_upload(units["a"], period, 2, xlsx({"城市": data}))
    service.confirm_upload(upload, None)
    row = LedgerRow.objects.get(upload=upload)
    assert row.problem_content.encode() == content.encode()
    assert row.remarks.encode() == remarks.encode()
    assert row.address.encode() == address.encode()  # only the outer blanks trimmed
    assert row.person_name == "张 三" and row.person_key == "张三|13812345678"
    assert row.raw["E"] == content and row.raw["F"] == remarks


# -- 3. each unit's own 行业领域 types ---------------------------------------------------------
def att4(types_sector, types_public=()):
    sector = [
        ["对象" + str(i), "某企业", f"1380000{i:04d}", t, "问题内容", "", "王", "行业领域"]
        for i, t in enumerate(types_sector)
    ]
    public = [
        ["居民" + str(i), "某小区", f"1390000{i:04d}", t, "问题内容", "", "王", "公共方面"]
        for i, t in enumerate(types_public)
    ]
    return xlsx({"附件4": official_sheet(4, sector + public, headers=ATT4_HEADERS)})


def test_att4_sector_types_stored_clean_public_list_unchanged(client, units, period, people):
    before = list(ProblemCategory.objects.values_list("name", flat=True))
    choices_before = [str(c) for c in ReportForm().fields["category"].queryset]
    upload = make_upload(units["a"], period, 4, att4(["食品安全"] * 10 + ["特种设备"] * 10))
    assert (upload.error_count, upload.finding_count) == (0, 0)
    assert upload.report["new_trade_types"] == {"食品安全": 10, "特种设备": 10}
    assert not UnitTradeCategory.objects.exists()  # a preview writes nothing
    service.confirm_upload(upload, None)
    rows = LedgerRow.objects.filter(upload=upload)
    assert rows.count() == 20 and not rows.exclude(review_state=ReviewState.CLEAN).exists()
    types = UnitTradeCategory.objects.filter(unit=units["a"])
    assert sorted(types.values_list("name", flat=True)) == ["特种设备", "食品安全"]
    assert rows.filter(trade_category__name="食品安全").count() == 10
    assert list(ProblemCategory.objects.values_list("name", flat=True)) == before
    assert [str(c) for c in ReportForm().fields["category"].queryset] == choices_before
    login(client, people["office"])
    page = client.get(reverse("sheets:counts") + f"?period={period.pk}").content.decode()
    assert "<td>食品安全</td><td>10</td>" in page and "未分类" not in page


def test_att4_public_unlisted_type_is_finding(units, period):
    upload = make_upload(units["a"], period, 4, att4(["食品安全"], ["食品安全", "治安"]))
    assert (upload.error_count, upload.finding_count) == (0, 1)
    assert upload.report["unknown_categories"] == {"食品安全": 1}


def test_office_merges_spellings_of_one_unit(client, units, period, people):
    service.confirm_upload(make_upload(units["a"], period, 4, att4(["食品安全"])), None)
    service.confirm_upload(make_upload(units["a"], period, 4, att4(["食品安全类"])), None)
    kept = UnitTradeCategory.objects.get(name="食品安全")
    spelling = UnitTradeCategory.objects.get(name="食品安全类")
    login(client, people["office"])
    response = client.post(
        reverse("sheet_trade_categories:edit", args=[spelling.pk]),
        {"name": "食品安全类", "merged_into": kept.pk},
    )
    assert response.status_code == 302
    assert LedgerRow.objects.current().get().trade_category == kept
    assert ModelLogEntry.objects.filter(action="sheets.trade_merge").count() == 1
    # later uploads with the merged spelling land on the kept one
    later = make_upload(units["a"], period, 4, att4(["食品 安全类"]))
    service.confirm_upload(later, None)
    assert LedgerRow.objects.get(upload=later).trade_category == kept


def test_trade_types_admin_in_fours(client, units, period, people):
    service.confirm_upload(make_upload(units["a"], period, 4, att4(["特种设备"])), None)
    trade = UnitTradeCategory.objects.get()
    index = reverse("sheet_trade_categories:index")
    edit = reverse("sheet_trade_categories:edit", args=[trade.pk])
    assert_login_required(client.get(index))
    login(client, people["clerk_b"])
    assert "特种设备" not in client.get(index).content.decode()
    assert_refused(client.get(edit))
    client.logout()
    login(client, people["clerk_a"])
    assert "特种设备" in client.get(index).content.decode()
    assert_refused(client.post(edit, {"name": "改名", "merged_into": ""}))  # office merges
    client.logout()
    login(client, people["office"])
    assert "特种设备" in client.get(index).content.decode()
    assert client.get(edit).status_code == 200


def test_merge_refuses_another_units_type(units, period):
    from ledgers.sheets.admin_forms import TradeCategoryForm

    a = UnitTradeCategory.objects.create(unit=units["a"], name="食品安全")
    b = UnitTradeCategory.objects.create(unit=units["b"], name="食品")
    form = TradeCategoryForm(instance=a, data={"name": "食品安全", "merged_into": b.pk})
    assert not form.is_valid() and "merged_into" in form.errors


# -- 5. nothing pending after dry runs; late units owe --------------------------------------
def test_annotated_workbook_shows_finding_codes(client, units, period, people):
    upload = make_upload(units["a"], period, 1, error_file())
    login(client, people["clerk_a"])
    wb = load_workbook(
        io.BytesIO(client.get(reverse("sheets:annotated", args=[upload.pk])).content)
    )
    ws = wb["农村"]
    assert ws["B6"].comment.text.startswith("错误(本行无法保存)")
    assert ws["C7"].comment.text.startswith("待核实:")
