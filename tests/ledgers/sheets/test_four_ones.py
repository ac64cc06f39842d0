"""附件1's optional 走访日期 and 四个一 columns: messy spellings read, unreadable values kept with
a warning naming row and column, old files without the columns import as before."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from ledgers.sheets.normalise import visit_date, yes_no
from ledgers.sheets.parser import LedgerParser
from ledgers.sheets.workbooks import consolidated_workbook, template_workbook

from .builders import official_sheet, xlsx

HEADERS = [
    "村(居)民住址",
    "村(居)民姓名",
    "联系电话",
    "备注",
    "走访干部",
    "城市/农村",
    " 入户日期 ",
    "留下一张联系卡",
    "填好调查卷",
    "困难事",
    "发放宣传纸",
]


def parse(data, headers=HEADERS):
    parser = LedgerParser(1)
    rows = list(parser.rows(xlsx({"城市": official_sheet(1, data, headers=headers)}), "a.xlsx"))
    return rows, parser


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("×", False),
        ("1", True),
        ("0", False),
        ("有", True),
        ("无", False),
        ("Y", True),
        ("ｎｏ", False),
        ("✓", True),
        ("✗", False),
        ("已", True),
        ("未", False),
        ("１", True),
        ("０", False),
        ("ＹＥＳ", True),
        (" 是 ", True),
        ("no", False),
        ("", None),
        ("待定", None),
        ("？", None),
    ],
)
def test_yes_no(text, value):
    assert yes_no(text) is value


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (datetime.date(2026, 3, 5), datetime.date(2026, 3, 5)),
        (datetime.datetime(2026, 3, 5, 9, 30), datetime.date(2026, 3, 5)),
        (46086, datetime.date(2026, 3, 5)),
        ("2026-03-05", datetime.date(2026, 3, 5)),
        ("2026/3/5", datetime.date(2026, 3, 5)),
        ("2026.3.5", datetime.date(2026, 3, 5)),
        ("2026年3月5日", datetime.date(2026, 3, 5)),
        ("２０２６年３月５日", datetime.date(2026, 3, 5)),
        ("三月五日", None),
        ("2026-02-30", None),
        (12, None),
    ],
)
def test_visit_date(value, day):
    assert visit_date(value) == day


def test_messy_columns_are_read_and_unreadable_values_warned(db):
    data = [
        [
            "海政小区1号楼1单元101",
            "张三",
            "13800001111",
            "",
            "刘干部",
            "城市",
            datetime.date(2026, 3, 5),
            "是",
            "√",
            "1",
            "有",
        ],
        [
            "海政小区1号楼1单元102",
            "李四",
            "13800002222",
            "",
            "刘干部",
            "城市",
            "2026.3.6",
            "否",
            "×",
            "",
            "待定",
        ],
        [
            "海政小区1号楼1单元103",
            "王五",
            "13800003333",
            "",
            "刘干部",
            "城市",
            "下周",
            "",
            "",
            "",
            "",
        ],
    ]
    rows, parser = parse(data)
    assert len(rows) == 3 and not parser.error_rows
    first, second, third = rows
    assert (
        first.visited_on,
        first.four_card,
        first.four_survey,
        first.four_solved,
        first.four_leaflet,
    ) == (
        datetime.date(2026, 3, 5),
        True,
        True,
        True,
        True,
    )
    assert (second.visited_on, second.four_card, second.four_survey, second.four_solved) == (
        datetime.date(2026, 3, 6),
        False,
        False,
        None,
    )
    assert second.four_leaflet is None and second.raw["K"] == "待定"  # kept as typed
    assert third.visited_on is None and third.four_card is None
    warnings = [(i.row, i.column, i.message) for i in parser.issues if i.level == "warning"]
    assert any(
        r == second.row_number and c == "K" and "请填“是”或“否”" in m for r, c, m in warnings
    )
    assert any(r == third.row_number and c == "G" and "2026-03-05" in m for r, c, m in warnings)
    assert first.cadre == "刘干部"  # 走访干部 is the 联系干部 column


def test_old_layout_without_the_columns_imports_as_before(db):
    data = [["某村1号", "张三", "13800001111", ""], ["某村2号", "李四", "13800002222", ""]]
    rows, parser = parse(data, headers=["村(居)民住址", "村(居)民姓名", "联系电话", "备注"])
    assert len(rows) == 2 and not parser.error_rows
    assert all(r.visited_on is None and r.four_card is None for r in rows)
    assert not [i for i in parser.issues if i.level == "warning" and "是" in i.message]


def test_template_and_export_carry_the_columns(db):
    ws = load_workbook(io.BytesIO(template_workbook(1))).active
    headers = [c.value for c in ws[4]]
    assert headers[-5:] == ["走访日期", "留联系卡", "填调查卷", "解决困难事", "发宣传纸"]
    rows, _ = parse(
        [
            [
                "海政小区1号楼1单元101",
                "张三",
                "13800001111",
                "",
                "刘干部",
                "城市",
                "2026-03-05",
                "是",
                "否",
                "",
                "是",
            ]
        ]
    )
    from ledgers.models import Unit
    from ledgers.sheets.models import LedgerUpload

    row = rows[0]
    row.upload = LedgerUpload(unit=Unit(name="住建局"), attachment=1)
    out = io.BytesIO()
    consolidated_workbook(1, [row], out)
    values = [
        list(r)
        for r in load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=True)
    ]
    header = next(v for v in values if v and "留联系卡" in v)
    data = values[values.index(header) + 1]
    record = dict(zip(header, data, strict=False))
    assert (record["留联系卡"], record["填调查卷"], record["解决困难事"], record["发宣传纸"]) == (
        "是",
        "否",
        None,  # blank: not stated
        "是",
    )
    assert record["走访日期"].date() == datetime.date(2026, 3, 5)


HINTED_HEADERS = [
    "村（居）民住址",
    "村（居）民 姓名",
    "联系电话",
    "备注",
    "走访干部",
    "城市/农村",
    "走访日期（年月日）",
    " 留联系卡（是/否）",
    "填调查卷(是/否)",
    "解决一件困难事",
    "宣 传 纸",
]


def test_headers_with_hints_and_values_in_many_spellings(db):
    data = [
        ["某村1号", "张三", "13800001111", "", "刘干部", "农村", 46086, "✓", "ｙｅｓ", "已", "Ｎ"],
        [
            "某村2号",
            "李四",
            "13800002222",
            "",
            "刘干部",
            "农村",
            "2026年3月6日",
            "0",
            "无",
            "未",
            "✗",
        ],
        ["某村3号", "王五", "13800003333", "", "刘干部", "农村", "2026/3/7", "", "", "", ""],
    ]
    rows, parser = parse(data, headers=HINTED_HEADERS)
    assert len(rows) == 3 and not parser.error_rows
    values = [
        (r.visited_on, r.four_card, r.four_survey, r.four_solved, r.four_leaflet) for r in rows
    ]
    assert values == [
        (datetime.date(2026, 3, 5), True, True, True, False),
        (datetime.date(2026, 3, 6), False, False, False, False),
        (datetime.date(2026, 3, 7), None, None, None, None),  # blank: not stated, no warning
    ]
    assert not [i for i in parser.issues if i.level == "warning" and i.column in "GHIJK"]
    assert [r.cadre for r in rows] == ["刘干部"] * 3


def test_visit_dates_outside_the_period_are_warned_and_not_kept(db):
    parser = LedgerParser(1, period_end=datetime.date(2026, 6, 10))
    data = [
        ["某村1号", "张三", "13800001111", "", "", "农村", "2026-06-10", "是", "是", "是", "是"],
        ["某村2号", "李四", "13800002222", "", "", "农村", "2026-07-01", "是", "是", "是", "是"],
        ["某村3号", "王五", "13800003333", "", "", "农村", "2024-03-05", "是", "是", "是", "是"],
    ]
    sheet = official_sheet(1, data, headers=HEADERS)
    rows = list(parser.rows(xlsx({"农村": sheet}), "a.xlsx"))
    assert len(rows) == 3 and not parser.error_rows
    assert [r.visited_on for r in rows] == [datetime.date(2026, 6, 10), None, None]
    assert [r.raw["G"] for r in rows[1:]] == ["2026-07-01", "2024-03-05"]  # kept as typed
    warned = {(i.row, i.column) for i in parser.issues if "不在本期范围内" in i.message}
    assert warned == {(rows[1].row_number, "G"), (rows[2].row_number, "G")}


def test_confirmed_upload_saves_the_columns_and_old_files_stay_empty(units, period, people):
    from django.core.files.base import ContentFile

    from ledgers.sheets import service
    from ledgers.sheets.models import LedgerRow, LedgerUpload

    def upload(sheet):
        made = LedgerUpload(unit=units["a"], period=period, attachment=1, original_name="a.xlsx")
        made.original.save("a.xlsx", ContentFile(xlsx({"农村": sheet}).getvalue()), save=False)
        made.save()
        service.parse_upload(made)
        service.confirm_upload(made, people["clerk_a"])
        return made

    new = upload(
        official_sheet(
            1,
            [
                ["某村1号", "张三", "13800001111", "", "刘干部", "农村"]
                + ["2026-03-05", "是", "否", "待定", ""],
                ["某村2号", "李四", "13800002222", "", "刘干部", "农村"]
                + ["2027-01-01", "√", "√", "√", "√"],
            ],
            headers=HEADERS,
        )
    )
    saved = {
        r.person_name: (r.visited_on, r.four_card, r.four_survey, r.four_solved, r.four_leaflet)
        for r in LedgerRow.objects.filter(upload=new)
    }
    assert saved == {
        "张三": (datetime.date(2026, 3, 5), True, False, None, None),
        "李四": (None, True, True, True, True),  # 2027 is after this period's 6月10日
    }
    new.refresh_from_db()
    assert new.warning_count >= 2

    old = upload(official_sheet(1, [["某村9号", "赵六", "13800009999", ""]], headers=HEADERS[:4]))
    row = LedgerRow.objects.get(upload=old)
    assert (row.person_name, row.phone, row.address) == ("赵六", "13800009999", "某村9号")
    assert (row.visited_on, row.four_card, row.four_survey, row.four_solved, row.four_leaflet) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_template_note_explains_the_four_ones():
    ws = load_workbook(io.BytesIO(template_workbook(1))).active
    note = ws["A25"].value
    assert "留下一张联系卡" in note and "“是”或“否”" in note and "走访日期" in note
    other = load_workbook(io.BytesIO(template_workbook(3))).active["A25"].value
    assert "四个一" not in other
