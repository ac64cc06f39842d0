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
    assert [r.person_name for r in rows] == ["张三", "李四", "王五", "赵六", "钱七"]
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
    assert parser.error_count == 1  # the 10-digit phone
    error = next(i for i in parser.issues if i.level == "error")
    assert (error.sheet, error.row, error.column) == ("第二批", 3, "C")
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


def test_categories_unknown_is_error_and_area_from_sheet_names():
    urban = official_sheet(2, [["张三", "某小区", "13812345678", "物业", "电梯坏了", ""]])
    rural = official_sheet(2, [["李四", "某村", "13812345679", "外星人", "看见UFO", ""]])
    parser = LedgerParser(2)
    rows = rows_of(parser, xlsx({"城市": urban, "农村": rural}))
    assert rows[0].category.name == "物业" and rows[0].area == Area.URBAN
    assert rows[1].category is None and rows[1].area == Area.RURAL
    assert rows[0].sphere == Sphere.PUBLIC
    assert parser.error_count == 1
    assert parser.unknown_categories == {"外星人": 1}
    assert parser.issues[0].column == "D"


def test_required_cell_empty_is_error():
    data = official_sheet(2, [["张三", "某村", "13812345678", "治安", "", ""]])
    parser = LedgerParser(2)
    rows_of(parser, xlsx({"农村": data}))
    assert parser.error_count == 1
    assert "问题内容" in parser.issues[0].message and parser.issues[0].column == "E"


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
    error = next(i for i in parser.issues if i.level == "error")
    assert (error.row, error.column) == (4, "E")


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
    assert parser.error_count == 1 and parser.issues[0].row == rows[1].row_number
