"""Workbooks we write: blank templates in the official layout, annotated uploads, consolidated
exports. Exports use openpyxl's write-only mode and escape every text cell with ``safe_cell``."""

import io

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter

from ledgers.excel import safe_cell
from ledgers.sheets.layouts import FOUR_ONES_FIELDS, LAYOUTS, Area, Sphere
from ledgers.sheets.reader import open_sheets

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
OURS_FILL = PatternFill("solid", fgColor="EAF1DD")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
FINDING_FILL = PatternFill("solid", fgColor="F8CBAD")
LEVEL_RANK = {"error": 3, "finding": 2, "warning": 1}
LEVEL_PREFIX = {"error": "错误(本行无法保存):", "finding": "待核实:", "warning": "提示:"}
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def note_text(layout, period=None):
    due = period.due_date(layout.attachment) if period else None
    when = f"请于{due.month}月{due.day}日前" if due else "请按规定时间"
    extra = ""
    ours = [c.header for c in layout.columns if not c.official]
    if ours:
        extra = f"浅绿色列({'、'.join(ours)})为选填,便于核对。"
    if any(c.key in FOUR_ONES_FIELDS for c in layout.columns):
        extra += (
            "“四个一”即留下一张联系卡、填好一张调查卷、解决一件困难事、发放一张宣传纸,"
            "四列各填“是”或“否”;走访日期写成 2026-03-05;走访干部填在“联系干部”列。"
        )
    return (
        f"注:{when}报作风办,联系电话:{settings.OFFICE_PHONE}。{extra}"
        "请勿修改表头;每行填写一人(一件)。"
    )


def template_workbook(attachment, unit=None, period=None, extra_columns=True):
    """The blank ledger in the official layout: merged title, 单位(公章): line with the unit's
    name, header row, a few empty bordered rows and the note row. Returns bytes."""
    layout = LAYOUTS[int(attachment)]
    columns = layout.columns if extra_columns else layout.official_columns
    wb = Workbook()
    ws = wb.active
    ws.title = f"附件{layout.attachment}"
    last = get_column_letter(len(columns))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = f"附件{layout.attachment}"
    ws["A1"].font = Font(name="黑体", size=12)
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = layout.title
    ws["A2"].font = TITLE_FONT
    ws["A2"].alignment = CENTER
    ws.row_dimensions[2].height = 30
    ws.merge_cells(f"A3:{last}3")
    ws["A3"] = f"单位(公章):{unit.name if unit else ''}" + (f"    期次:{period}" if period else "")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=4, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.alignment = CENTER
        cell.border = BORDER
        if not column.official:
            cell.fill = OURS_FILL
        ws.column_dimensions[get_column_letter(index)].width = column.width
        if column.key == "phone":
            # phones as text so that Excel does not turn them into numbers
            for row in range(5, 25):
                ws.cell(row=row, column=index).number_format = "@"
    for row in range(5, 25):
        for index in range(1, len(columns) + 1):
            ws.cell(row=row, column=index).border = BORDER
    ws.merge_cells(f"A25:{last}25")
    ws["A25"] = note_text(layout, period)
    ws["A25"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[25].height = 36 if len(ws["A25"].value) < 120 else 66
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "4:4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _comment_for(found):
    worst = max((i["level"] for i in found), key=lambda level: LEVEL_RANK.get(level, 0))
    fill = {"error": ERROR_FILL, "finding": FINDING_FILL}.get(worst, WARNING_FILL)
    text = "\n".join(LEVEL_PREFIX.get(i["level"], "提示:") + i["message"] for i in found)
    comment = Comment(text, "作风办台账检查")
    comment.width, comment.height = 260, 90
    return fill, comment


def _issues_by_cell(issues):
    by_cell = {}
    for issue in issues:
        if issue.get("row"):
            by_cell.setdefault((issue["sheet"], issue["row"], issue["column"]), []).append(issue)
    return by_cell


def _fits_in_memory(fileobj):
    """An .xlsx small enough once unpacked to be loaded whole (keeping the clerk's formatting)."""
    from ledgers.sheets.reader import calamine_max_unpacked, check_zip, unpacked_sheet_bytes

    return unpacked_sheet_bytes(check_zip(fileobj), "xlsx") <= calamine_max_unpacked()


def annotated_workbook(fileobj, name, kind, issues):
    """The uploaded workbook with offending cells filled (red: error, orange: finding — the row
    is stored 待核实 —, yellow: warning) and a comment saying what is wrong. A small .xlsx is
    annotated in place (formatting kept); anything else (.xls, .ods, CSV, or an .xlsx large once
    unpacked) is streamed into a new write-only workbook, so memory stays bounded. Returns bytes."""
    by_cell = _issues_by_cell(issues)
    if kind == "xlsx" and _fits_in_memory(fileobj):
        fileobj.seek(0)
        wb = load_workbook(fileobj)
        for (sheet, row, column), found in by_cell.items():
            if sheet not in wb.sheetnames:
                continue
            cell = wb[sheet].cell(row=row, column=column_index_from_string(column) if column else 1)
            if type(cell).__name__ == "MergedCell":
                continue
            cell.fill, cell.comment = _comment_for(found)
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
    return _annotated_stream(fileobj, name, by_cell)


def _annotated_stream(fileobj, name, by_cell):
    from ledgers.sheets.reader import max_rows

    limit = max_rows() + 10_000
    by_row = {}
    for (sheet_name, row, column), found in by_cell.items():
        by_row.setdefault((sheet_name, row), {})[
            column_index_from_string(column) if column else 1
        ] = found
    wb = Workbook(write_only=True)
    _kind, sheets = open_sheets(fileobj, name)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        for number, values in sheet.rows:
            if number > limit:
                break
            marked = by_row.get((sheet.name, number), {})
            width = max([len(values), *marked])
            cells = []
            for index in range(1, width + 1):
                value = safe_cell(values[index - 1]) if index <= len(values) else None
                if index in marked:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.fill, cell.comment = _comment_for(marked[index])
                    value = cell
                cells.append(value)
            ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


EXPORT_EXTRA = ("单位", "工作表", "行号")


def export_columns(attachment):
    layout = LAYOUTS[int(attachment)]
    return ["序号", "报送单位", *[c.header for c in layout.columns]]


def row_values(row, attachment, unit_name):
    layout = LAYOUTS[int(attachment)]
    values = {
        "name": row.person_name,
        "address": row.address,
        "phone": row.phone,
        "category": row.category.name
        if row.category_id
        else (row.trade_category.name if row.trade_category_id else row.category_text),
        "content": row.problem_content,
        "remarks": row.remarks,
        "cadre": row.cadre,
        "area": Area(row.area).label if row.area else "",
        "sphere": Sphere(row.sphere).label if row.sphere else "",
        "handling": row.handling,
        "responsible_unit": row.responsible_unit,
        "visited_on": row.visited_on,
        **{
            key: {True: "是", False: "否"}.get(getattr(row, field_name), "")
            for key, field_name in FOUR_ONES_FIELDS.items()
        },
    }
    return [unit_name, *[values[c.key] for c in layout.columns]]


def consolidated_workbook(attachment, rows, out, title_suffix=""):
    """Write every row (an iterable of LedgerRow with upload__unit and category selected) into
    ``out`` as one sheet in the official layout with a 报送单位 column; write-only, so memory
    stays flat. Every text cell goes through ``safe_cell``."""
    layout = LAYOUTS[int(attachment)]
    headers = export_columns(attachment)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"附件{layout.attachment}")
    for index, width in enumerate([6, 20] + [c.width for c in layout.columns], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    title = WriteOnlyCell(ws, value=f"{layout.title}{title_suffix}")
    title.font = TITLE_FONT
    ws.append([title])
    ws.append(["汇总单位:海阳市干部作风建设办公室"])
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = HEADER_FONT
        cell.border = BORDER
        cell.alignment = CENTER
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        count += 1
        ws.append(
            [count, *[safe_cell(v) for v in row_values(row, attachment, row.upload.unit.name)]]
        )
    ws.append([f"注:由作风建设门户汇总生成,共 {count} 行。"])
    wb.save(out)
    return count
