"""The reader and parser on messy workbooks built in code."""

import io

import pytest
from openpyxl import Workbook

from ledgers.sheets.layouts import Area, Sphere
from ledgers.sheets.parser import LedgerParser
from ledgers.sheets.reader import LedgerFileError

from .builders import bomb, csv_bytes, messy_att3, official_sheet, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["calamine", "openpyxl"])
def engine(request, settings):
    """Every test runs on both .xlsx engines (small files: calamine; large: openpyxl)."""
    settings.PORTAL_LEDGER_CALAMINE_MAX_BYTES = (
        50 * 1024 * 1024 if request.param == "calamine" else 0
    )
    return request.param


def rows_of(parser, fileobj):
    return list(parser.rows(fileobj, getattr(fileobj, "name", "x")))


def test_messy_att3_two_sheets(units):
    parser = LedgerParser(3, unit=units["a"])
    rows = rows_of(parser, messy_att3())
    # stored as typed; matched on the normalised key
    assert [r.person_name for r in rows] == ["张 三", "李四", "王五", "赵六", "钱七"]
    assert rows[0].person_key == "张三|13812345678"
    assert [r.phone for r in rows[:4]] == [
        "13812345678",
        "13812345679",
        "0535-3221234",
        "13812345680",
    ]
    assert rows[0].row_number == 5 and rows[0].sheet_name == "第一批"
    assert rows[3].sheet_name == "第二批" and rows[3].row_number == 2
    assert rows[1].remarks == "=1+1"  # formula-looking text kept as text
    assert rows[0].cadre == "王干部"
    # the 10-digit phone is real data that needs a look: a finding, not an error
    assert parser.error_count == 0 and parser.finding_count == 1
    finding = next(i for i in parser.issues if i.level == "finding")
    assert (finding.sheet, finding.row, finding.column) == ("第二批", 3, "C")
    assert finding.code == "phone_invalid"
    assert rows[4].review_state == "pending" and rows[4].review_codes == ",phone_invalid,"
    assert rows[4].findings[0]["column"] == "C" and rows[4].findings[0]["state"] == "pending"
    assert rows[0].review_state == "" and rows[0].findings == []
    sheets = {s.name: s for s in parser.sheets}
    assert sheets["第一批"].header_row == 4 and sheets["第一批"].rows == 3
    assert sheets["第一批"].skipped >= 2  # blank, decorative and note rows


def test_wrong_attachment_says_which_it_looks_like(units):
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1, unit=units["a"]).parse(messy_att3())
    assert exc.value.code == "wrong_attachment"
    assert "附件3" in exc.value.message


def test_problem_table_offered_as_visits_is_refused(units):
    data = official_sheet(2, [["张三", "某村", "13812345678", "治安", "路灯坏了", ""]])
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1).parse(xlsx({"Sheet": data}))
    assert "附件2" in exc.value.message


def test_bomb_refused_before_parsing():
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(2).parse(bomb())
    assert exc.value.code == "bomb"


def test_empty_workbook_refused():
    out = io.BytesIO()
    Workbook().save(out)
    out.seek(0)
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(2).parse(out)
    assert exc.value.code == "empty"


def test_zero_bytes_and_non_workbook_refused():
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(2).parse(io.BytesIO(b""))
    assert exc.value.code == "empty"
    png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(2).parse(png)
    assert exc.value.code == "not_workbook"
    assert "xlsx" in exc.value.message


def test_header_only_refused():
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1).parse(xlsx({"S": official_sheet(1, [])}))
    assert exc.value.code == "no_rows"


def test_no_header_refused_with_expected_columns():
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1).parse(xlsx({"S": [["随便", "什么"], ["1", "2"]]}))
    assert exc.value.code == "no_header"
    assert "村(居)民住址" in exc.value.message


def test_row_cap(settings):
    settings.PORTAL_LEDGER_MAX_ROWS = 5
    data = official_sheet(1, [[f"村{i}", f"人{i}", f"138000000{i:02d}", ""] for i in range(8)])
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1).parse(xlsx({"S": data}))
    assert exc.value.code == "too_many_rows"
    assert "5" in exc.value.message


def test_gbk_csv():
    rows = [
        ["服务对象姓名", "工作单位(住址)", "联系电话", "备注"],
        ["张三", "海阳市方圆街道", "13812345678", ""],
        ["李四", "海阳市凤城街道", "0535-3221234", "老党员"],
    ]
    parser = LedgerParser(3)
    parsed = rows_of(parser, csv_bytes(rows, "gbk"))
    assert [r.person_name for r in parsed] == ["张三", "李四"]
    assert parsed[1].remarks == "老党员"
    parsed = rows_of(LedgerParser(3), csv_bytes(rows, "utf-8-sig"))
    assert parsed[0].address == "海阳市方圆街道"


def test_categories_unknown_is_finding_and_area_from_sheet_names():
    urban = official_sheet(2, [["张三", "某小区", "13812345678", "物业", "电梯坏了", ""]])
    rural = official_sheet(2, [["李四", "某村", "13812345679", "外星人", "看见UFO", ""]])
    parser = LedgerParser(2)
    rows = rows_of(parser, xlsx({"城市": urban, "农村": rural}))
    assert rows[0].category.name == "物业" and rows[0].area == Area.URBAN
    assert rows[1].category is None and rows[1].area == Area.RURAL
    assert rows[1].category_text == "外星人"
    assert rows[0].sphere == Sphere.PUBLIC
    assert parser.error_count == 0 and parser.finding_count == 1
    assert rows[1].review_codes == ",category_unlisted,"
    assert parser.unknown_categories == {"外星人": 1}
    assert parser.issues[0].column == "D"


def test_empty_problem_content_is_finding_empty_name_or_address_is_error():
    data = official_sheet(
        2,
        [
            ["张三", "某村", "13812345678", "治安", "", ""],
            ["", "某村", "13812345679", "治安", "路灯坏了", ""],
            ["王五", "", "13812345670", "治安", "路灯坏了", ""],
        ],
    )
    parser = LedgerParser(2)
    rows = rows_of(parser, xlsx({"农村": data}))
    assert parser.finding_count == 1 and parser.error_rows == 2
    finding = next(i for i in parser.issues if i.level == "finding")
    assert "问题内容" in finding.message and finding.column == "E" and finding.row == 5
    errors = [i for i in parser.issues if i.level == "error"]
    assert [(e.row, e.column) for e in errors] == [(6, "A"), (7, "B")]
    assert "第6行" in errors[0].message and "村(居)民姓名" in errors[0].message
    assert rows[0].review_codes == ",content_missing,"


def test_error_rows_left_out_only_when_skipping():
    data = official_sheet(
        1,
        [["某村1号", "张三", "13812345678", ""], ["某村2号", "", "13812345679", ""]],
    )
    parser = LedgerParser(1, skip_errors=True)
    rows = rows_of(parser, xlsx({"农村": data}))
    assert [r.person_name for r in rows] == ["张三"]
    assert parser.error_rows == 1
    assert parser.skipped == [
        {
            "sheet": "农村",
            "row": 6,
            "reasons": ["B列(村(居)民姓名):“村(居)民姓名”不能为空,请在第6行填写"],
        }
    ]


def test_att4_sphere_from_sheet_or_column():
    sector = official_sheet(4, [["张三", "某单位", "13812345678", "教育", "学位紧张", ""]])
    with_column = official_sheet(
        4,
        [["李四", "某单位", "13812345679", "医疗", "挂号难", "", "", "公共方面"]],
        headers=[
            "服务对象姓名",
            "工作单位(住址)",
            "联系电话",
            "问题类型",
            "问题内容",
            "备注",
            "联系干部",
            "行业领域/公共方面",
        ],
    )
    rows = rows_of(LedgerParser(4), xlsx({"行业领域": sector, "Sheet2": with_column}))
    assert rows[0].sphere == Sphere.SECTOR
    assert rows[1].sphere == Sphere.PUBLIC


def test_unit_line_mismatch_warns(units):
    data = official_sheet(3, [["张三", "某单位", "13812345678", ""]], unit_name="别的单位")
    parser = LedgerParser(3, unit=units["a"])
    parser.parse(xlsx({"S": data}))
    assert any("别的单位" in i.message for i in parser.issues)


def test_repeated_header_and_total_rows_skipped():
    header = ["村(居)民住址", "村(居)民姓名", "联系电话", "备注"]
    data = official_sheet(
        1,
        [
            ["某村", "张三", "13812345678", ""],
            header,
            ["某村", "李四", "13812345679", ""],
            ["合计", "2人"],
        ],
    )
    parser = LedgerParser(1)
    rows = rows_of(parser, xlsx({"农村": data}))
    assert [r.person_name for r in rows] == ["张三", "李四"]


def test_progress_callback_called():
    calls = []
    data = official_sheet(1, [[f"村{i}", f"人{i}", f"1380000{i:04d}", ""] for i in range(4100)])
    LedgerParser(1, progress=lambda done, total: calls.append(done)).parse(xlsx({"农村": data}))
    assert calls == [2000, 4000]


def test_sheet_starting_late_keeps_true_row_and_column_numbers():
    data = [
        [],
        [],
        [None, None, "村(居)民住址", "村(居)民姓名", "联系电话", "备注"],
        [None, None, "某村", "张三", "1381234567", ""],
    ]
    parser = LedgerParser(1)
    rows = rows_of(parser, xlsx({"农村": data}))
    assert rows[0].row_number == 4 and rows[0].raw["D"] == "张三"
    finding = next(i for i in parser.issues if i.level == "finding")
    assert (finding.row, finding.column) == (4, "E")


def test_corrupt_xlsx_refused():
    broken = io.BytesIO(xlsx({"S": [["a"]]}).getvalue()[:300])
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1).parse(broken)
    assert exc.value.code in ("not_workbook", "corrupt")


def test_ods_read_through_calamine():
    from .builders import ods

    data = official_sheet(
        1, [["某村1号", "张三", 13812345678, ""], ["某村2号", "李四", "12345", ""]]
    )
    parser = LedgerParser(1)
    rows = rows_of(parser, ods(data))
    assert parser.kind == "ods"
    assert [r.person_name for r in rows] == ["张三", "李四"]
    assert rows[0].phone == "13812345678" and rows[0].area == "rural"
    assert parser.finding_count == 1 and parser.issues[0].row == rows[1].row_number


def test_wrong_template_names_expected_missing_and_found_columns(units):
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1, unit=units["a"]).parse(messy_att3())
    message = exc.value.message
    assert "这不是附件1" in message and "附件3" in message
    assert "工作表“第一批”第4行" in message
    assert "缺少:村(居)民住址、村(居)民姓名" in message
    assert "找到的列:服务对象 姓名、工作单位(住址)、联系\n电话、备注、联系干部" in message
    assert "附件1的模板" in message


def test_bomb_message_says_too_large_unpacked_and_split():
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(2).parse(bomb())
    assert "解压后过大" in exc.value.message and "拆分" in exc.value.message
    assert "xl/" not in exc.value.message and "sheet1" not in exc.value.message


def test_official_visits_get_no_urban_rural_note(units, period):
    """A unit with villages only (official table, one sheet) is not told to split 城市/农村."""
    from ledgers.sheets.service import build_report

    data = official_sheet(1, [[f"某村{i}号", f"户{i}", f"1380000{i:04d}", ""] for i in range(20)])
    parser = LedgerParser(1, unit=units["a"]).parse(xlsx({"Sheet1": data}))
    report = build_report(parser, units["a"], period)
    assert not any(f["rule"] == "urban_rural_separated" for f in report["findings"])
    # a unit that reports both, with some rows unplaced, is told which rows
    both = xlsx(
        {
            "城市": official_sheet(1, [["某小区", "甲", "13800000001", ""]]),
            "农村": official_sheet(1, [["某村", "乙", "13800000002", ""]]),
            "Sheet3": official_sheet(1, [["某处", "丙", "13800000003", ""]]),
        }
    )
    parser = LedgerParser(1, unit=units["a"]).parse(both)
    report = build_report(parser, units["a"], period)
    (finding,) = [f for f in report["findings"] if f["rule"] == "urban_rural_separated"]
    assert "工作表“Sheet3”第5行" in finding["message"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: xlsx({"农村": official_sheet(1, [["某村", "张三", "13812345678", ""]])}),
        lambda: csv_bytes([["村(居)民住址", "村(居)民姓名", "联系电话"], ["某村", "张三", "1"]]),
    ],
    ids=["xlsx", "csv"],
)
def test_wall_clock_limit_on_every_path(make):
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1, time_limit=1e-9).parse(make())
    assert exc.value.code == "timeout" and "拆分" in exc.value.message


def test_wall_clock_limit_on_ods_path():
    from .builders import ods

    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1, time_limit=1e-9).parse(ods(official_sheet(1, [["某村", "张三", "1", ""]])))
    assert exc.value.code == "timeout"


def test_row_cap_on_csv_path(settings):
    settings.PORTAL_LEDGER_MAX_ROWS = 3
    rows = [["村(居)民住址", "村(居)民姓名", "联系电话"]]
    rows += [[f"村{i}", f"人{i}", f"1380000{i:04d}"] for i in range(6)]
    with pytest.raises(LedgerFileError) as exc:
        LedgerParser(1).parse(csv_bytes(rows))
    assert exc.value.code == "too_many_rows"
