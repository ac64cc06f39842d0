"""Every ledger view and download in fours (anonymous → login, other unit → refused, own unit →
allowed, office → allowed), the upload → preview → confirm path in the browser's terms, the
annotated workbook, templates, the office board and exports."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.sheets import service
from ledgers.sheets.models import LedgerRow, LedgerUpload, UploadStatus
from tests.factories import PASSWORD
from tests.utils import assert_login_required, assert_not_stored, assert_refused

from .builders import Text, bomb, messy_att3, official_sheet, xlsx

pytestmark = pytest.mark.django_db


ON_TIME = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)


def make_upload(unit, period, attachment, fileobj, confirm_by=None):
    upload = LedgerUpload(
        unit=unit, period=period, attachment=attachment, original_name="台账.xlsx"
    )
    upload.original.save("台账.xlsx", ContentFile(fileobj.getvalue()), save=False)
    upload.save()
    service.parse_upload(upload)
    if confirm_by is not None:
        service.confirm_upload(upload, confirm_by, when=ON_TIME)
    return upload


def visits(n, prefix="户"):
    return xlsx(
        {
            "农村": official_sheet(
                1, [[f"某村{i}号", f"{prefix}{i}", f"1380000{i:04d}", ""] for i in range(n)]
            )
        }
    )


@pytest.fixture
def world(units, period, people):
    preview = make_upload(units["a"], period, 3, messy_att3())
    old = make_upload(units["a"], period, 1, visits(5), confirm_by=people["clerk_a"])
    current = make_upload(units["a"], period, 1, visits(4, "新"), confirm_by=people["clerk_a"])
    old.refresh_from_db()
    return {"preview": preview, "old": old, "current": current, **units, **people, "period": period}


GET_VIEWS = ["detail", "progress", "original", "annotated"]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def url(name, upload):
    return reverse(f"sheets:{name}", args=[upload.pk])


@pytest.mark.parametrize("view", GET_VIEWS)
def test_anonymous_login_required(client, world, view):
    assert_login_required(client.get(url(view, world["preview"])))


@pytest.mark.parametrize("view", GET_VIEWS)
def test_other_unit_refused(client, world, view):
    login(client, world["clerk_b"])
    assert_refused(client.get(url(view, world["preview"])))


@pytest.mark.parametrize("view", GET_VIEWS)
def test_own_unit_allowed(client, world, view):
    login(client, world["clerk_a"])
    assert client.get(url(view, world["preview"])).status_code == 200


@pytest.mark.parametrize("view", GET_VIEWS)
def test_office_allowed(client, world, view):
    login(client, world["office"])
    assert client.get(url(view, world["preview"])).status_code == 200


@pytest.mark.parametrize("view", ["confirm", "restore", "discard"])
def test_post_actions_in_fours(client, world, view):
    target = world["old"] if view == "restore" else world["preview"]
    assert_login_required(client.post(url(view, target)))
    login(client, world["clerk_b"])
    assert_refused(client.post(url(view, target)))
    target.refresh_from_db()
    assert target.status in (UploadStatus.PREVIEW, UploadStatus.SUPERSEDED)
    client.logout()
    for user in (world["clerk_a"], world["office"]):
        login(client, user)
        assert client.post(url(view, target)).status_code == 302
        client.logout()


def test_history_in_fours(client, world):
    u = reverse("sheets:history", args=[world["period"].pk, 1, world["a"].pk])
    assert_login_required(client.get(u))
    login(client, world["clerk_b"])
    assert_refused(client.get(u))
    client.logout()
    for user in (world["clerk_a"], world["office"]):
        login(client, user)
        body = client.get(u).content.decode()
        assert "已被替换" in body and "已生效" in body
        client.logout()


def test_list_in_fours(client, world):
    u = reverse("sheets:index") + f"?period={world['period'].pk}"
    assert_login_required(client.get(u))
    login(client, world["clerk_b"])
    body = client.get(u).content.decode()
    assert url("detail", world["preview"]) not in body
    client.logout()
    login(client, world["clerk_a"])
    body = client.get(u).content.decode()
    assert url("detail", world["preview"]) in body and "下载模板" in body
    client.logout()
    login(client, world["office"])
    assert url("detail", world["preview"]) in client.get(u).content.decode()


@pytest.mark.parametrize("name", ["board", "counts", "handover"])
def test_office_pages_refuse_clerks(client, world, name):
    u = reverse(f"sheets:{name}")
    assert_login_required(client.get(u))
    login(client, world["clerk_a"])
    assert_refused(client.get(u))
    client.logout()
    login(client, world["office"])
    assert client.get(u).status_code == 200


def test_export_refuses_clerks(client, world):
    u = reverse("sheets:export", args=[world["period"].pk, 1])
    login(client, world["clerk_a"])
    assert_refused(client.get(u))


def test_upload_preview_confirm_through_views(client, world):
    login(client, world["clerk_b"])
    data = visits(6, "乙")
    data.name = "乙局走访.xlsx"
    response = client.post(
        reverse("sheets:upload"), {"period": world["period"].pk, "attachment": 1, "file": data}
    )
    upload = LedgerUpload.objects.get(unit=world["b"], attachment=1)
    assert response["Location"] == url("detail", upload)
    assert upload.status == UploadStatus.PREVIEW and upload.row_count == 6
    page = client.get(url("detail", upload)).content.decode()
    assert "确认保存" in page and "6" in page
    assert not LedgerRow.objects.filter(upload=upload).exists()
    client.post(url("confirm", upload))
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CONFIRMED
    assert LedgerRow.objects.filter(upload=upload).count() == 6


def test_clerk_cannot_upload_for_another_unit(client, world):
    login(client, world["clerk_a"])
    client.post(
        reverse("sheets:upload"),
        {"period": world["period"].pk, "attachment": 1, "unit": world["b"].pk, "file": visits(5)},
    )
    assert not LedgerUpload.objects.filter(unit=world["b"]).exists()
    assert LedgerUpload.objects.filter(unit=world["a"], attachment=1).count() == 3


def test_upload_form_refuses_bomb_and_non_workbook(client, world):
    login(client, world["clerk_a"])
    response = client.post(
        reverse("sheets:upload"), {"period": world["period"].pk, "attachment": 2, "file": bomb()}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "解压后过大" in body and "拆分" in body
    assert "xl/worksheets" not in body  # no internal part names the clerk cannot act on
    fake = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    fake.name = "台账.xlsx"
    response = client.post(
        reverse("sheets:upload"), {"period": world["period"].pk, "attachment": 2, "file": fake}
    )
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.content.decode()
    assert LedgerUpload.objects.filter(attachment=2).count() == 0


def test_preview_page_lists_findings_and_rules(client, world):
    login(client, world["clerk_a"])
    page = client.get(url("detail", world["preview"])).content.decode()
    assert "不是有效的手机号" in page and "第二批" in page
    # the bad phone, and every row of the two cadres below 10 service targets
    assert "待核实 <strong>5</strong> 行" in page
    # a finding does not block confirmation, and no skip tick is needed without error rows
    assert "确认保存" in page and 'name="skip_errors"' not in page


def test_annotated_workbook_marks_cells(client, world):
    login(client, world["clerk_a"])
    response = client.get(url("annotated", world["preview"]))
    wb = load_workbook(io.BytesIO(response.content))
    cell = wb["第二批"]["C3"]
    assert cell.comment is not None and "手机号" in cell.comment.text
    assert cell.comment.text.startswith("待核实:")
    assert cell.fill.fgColor.rgb.endswith("F8CBAD")
    assert wb["第一批"]["A5"].value == "张 三"  # the clerk's own workbook, untouched otherwise


def test_original_download_is_the_uploaded_file(client, world):
    login(client, world["office"])
    response = client.get(url("original", world["preview"]))
    body = b"".join(response.streaming_content)
    assert body[:2] == b"PK"
    assert_not_stored(response)


def test_template_has_official_layout_and_unit_name(client, world):
    login(client, world["clerk_a"])
    response = client.get(reverse("sheets:template", args=[world["period"].pk, 2]))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A2"].value == "村民(居民)反映的问题分类统计表(公共方面)"
    assert ws["A3"].value.startswith("单位(公章):甲镇")
    assert [ws.cell(4, i).value for i in range(1, 7)] == [
        "村(居)民姓名",
        "村(居)民住址",
        "联系电话",
        "问题类型",
        "问题内容",
        "备注",
    ]
    assert ws.cell(4, 7).value == "联系干部" and ws.cell(4, 8).value == "城市/农村"
    assert "6月10日" in ws["A25"].value and "A2:H2" in {str(r) for r in ws.merged_cells.ranges}


def test_template_round_trips_through_parser(world):
    from ledgers.sheets.parser import LedgerParser
    from ledgers.sheets.workbooks import template_workbook

    content = template_workbook(4, unit=world["a"], period=world["period"])
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    ws.append([])  # rows after the note are ignored? no: write into the bordered rows instead
    for col, value in enumerate(
        ["张三", "某局", "13812345678", "教育", "学位", "", "王", "公共方面"], 1
    ):
        ws.cell(5, col, value)
    out = io.BytesIO()
    wb.save(out)
    parser = LedgerParser(4, unit=world["a"])
    rows = list(parser.rows(out, "t.xlsx"))
    assert len(rows) == 1 and rows[0].sphere == "public" and parser.error_count == 0


def test_board_states_and_export(client, world):
    targets = official_sheet(
        3, [["张三", "某单位", "13812345678", ""], ["李四", "某单位", "13812345679", ""]]
    )
    make_upload(world["a"], world["period"], 3, xlsx({"S": targets}), confirm_by=world["office"])
    login(client, world["office"])
    page = client.get(reverse("sheets:board") + f"?period={world['period'].pk}").content.decode()
    assert "甲镇" in page and "乙局" in page and "未报" in page
    # 1 registered cadre, 2 service targets: the shortfall rule shows on the board
    assert '<span class="tag">规则提示 1</span>' in page
    response = client.get(reverse("sheets:board") + f"?period={world['period'].pk}&export=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(r[0] == "甲镇" and r[1].startswith("按时") for r in values)
    assert any(r[0] == "乙局" and r[1] == "未报" for r in values), values


def test_board_marks_late(world, client):
    from ledgers.sheets.views import board_cells

    late = world["current"]
    late.confirmed_at = late.confirmed_at.replace(year=2026, month=6, day=20)
    late.save()
    LedgerUpload.objects.filter(pk=world["old"].pk).update(confirmed_at=late.confirmed_at)
    cells = board_cells(world["period"])
    assert cells[world["a"]][1]["state"] == "late"
    assert cells[world["b"]][1]["state"] == "missing"


def test_consolidated_export_escapes_formulas(client, world):
    data = xlsx(
        {
            "农村": official_sheet(
                2, [[Text('=HYPERLINK("x")'), "某村", "13812345678", "治安", Text("+1 路灯"), ""]]
            )
        }
    )
    make_upload(world["a"], world["period"], 2, data, confirm_by=world["office"])
    login(client, world["office"])
    response = client.get(reverse("sheets:export", args=[world["period"].pk, 2]))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    data_row = next(r for r in rows if r[1] == "甲镇")
    assert data_row[2] == '\'=HYPERLINK("x")' and data_row[6] == "'+1 路灯"
    assert rows[2][:3] == ["序号", "报送单位", "村(居)民姓名"]
    handover = client.get(reverse("sheets:handover") + f"?period={world['period'].pk}")
    assert "+1 路灯" in handover.content.decode()


def test_office_accepts_new_category_and_rechecks(client, world):
    data = xlsx(
        {"农村": official_sheet(2, [["张三", "某村", "13812345678", "殡葬", "墓地乱", ""]])}
    )
    upload = make_upload(world["a"], world["period"], 2, data)
    assert upload.finding_count == 1 and upload.error_count == 0
    login(client, world["office"])
    response = client.post(url("accept_categories", upload), {"category": ["殡葬"]}, follow=True)
    upload.refresh_from_db()
    assert upload.finding_count == 0 and upload.status == UploadStatus.PREVIEW
    # the immediate backend re-checked already: the message says so (never "done" while queued)
    assert "已重新检查" in response.content.decode()


def test_listing_queries_constant(client, world, django_assert_max_num_queries):
    for i in range(5):
        make_upload(world["a"], world["period"], 2, visits(1, f"x{i}"))
    login(client, world["office"])
    with django_assert_max_num_queries(20):
        client.get(reverse("sheets:index") + f"?period={world['period'].pk}")


def test_annotated_workbook_from_gbk_csv(client, world):
    from .builders import csv_bytes

    data = csv_bytes(
        [
            ["服务对象姓名", "工作单位(住址)", "联系电话", "备注"],
            ["张三", "某单位", "12345", "=cmd"],
        ]
    )
    login(client, world["clerk_a"])
    client.post(
        reverse("sheets:upload"), {"period": world["period"].pk, "attachment": 3, "file": data}
    )
    upload = LedgerUpload.objects.get(unit=world["a"], attachment=3, file_kind="csv")
    assert upload.finding_count == 1 and upload.error_count == 0
    wb = load_workbook(io.BytesIO(client.get(url("annotated", upload)).content))
    ws = wb.active
    assert ws["C2"].comment is not None and ws["A2"].value == "张三"
    assert ws["D2"].value == "'=cmd"  # copied as text, never as a formula


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/sheets/", "/admin/sheets/"),
        ("/sheets/board/?period=3&kind=town", "/admin/sheets/board/?period=3&kind=town"),
        ("/sheets/upload/7/progress.json", "/admin/sheets/upload/7/progress.json"),
    ],
)
def test_old_sheets_urls_redirect_permanently_under_admin(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_sheets_pages_need_the_admin_login(client, db):
    assert reverse("sheets:index") == "/admin/sheets/"
    response = client.get("/admin/sheets/board/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/plans/4/download/", "/admin/plans/4/download/"),
        ("/reportbox/attachments/9/?x=1", "/admin/reportbox/attachments/9/?x=1"),
    ],
)
def test_other_back_office_urls_redirect_under_admin(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
