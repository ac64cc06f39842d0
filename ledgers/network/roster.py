"""Reading a community's household roster (住户花名册) from whatever workbook it sends.

The same tolerant reader as the ledgers (``ledgers.sheets.reader.open_sheets``: .xlsx, .xls,
.ods, CSV in UTF-8 or GBK, sniffed by content, bounded before decoding). The header row is found
among the first rows by its words; columns may come in any order and spelling. Every row with
something in it is kept: a row that cannot be placed (no address, no compound) is stored 待核实
with the reason, never dropped. Findings carry sheet, row, column letter and a fix in Chinese, so
the annotated workbook of the ledgers can mark them.
"""

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ledgers.network.address import address_key, parse_address
from ledgers.phones import normalise_phone
from ledgers.sheets.layouts import normalise_header
from ledgers.sheets.normalise import cell_text
from ledgers.sheets.reader import max_rows, open_sheets

HEADERS = {
    "compound": ("小区", "小区名称", "小区/自然村", "小区(自然村)", "自然村", "村民小组", "组"),
    "address": ("住址", "地址", "家庭住址", "门牌号", "详细地址", "房号", "住户地址"),
    "head_name": ("户主", "户主姓名", "姓名", "住户姓名", "户主名"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    "building": ("楼号", "楼栋", "栋号", "幢号"),
    "entrance": ("单元", "单元号"),
    "room": ("室号", "房间号", "门牌"),
}
LOOKUP = {normalise_header(a): key for key, aliases in HEADERS.items() for a in aliases}
HEADER_SEARCH_ROWS = 10


@dataclass
class RosterRow:
    sheet: str
    number: int
    compound: str
    address: str
    head_name: str
    phone: str
    building: str
    entrance: str
    room: str
    key: str
    problems: list = field(default_factory=list)


@dataclass
class RosterReading:
    rows: list = field(default_factory=list)
    issues: list = field(default_factory=list)
    kind: str = ""

    def add(self, level, sheet, number, column, header, message):
        self.issues.append(
            {
                "level": level,
                "sheet": sheet,
                "row": number,
                "column": get_column_letter(column + 1) if column is not None else "",
                "header": header,
                "message": message,
            }
        )


def _header(texts):
    found = {}
    for index, text in enumerate(texts):
        key = LOOKUP.get(normalise_header(text))
        if key and key not in found.values():
            found[index] = key
    return found if "address" in found.values() else None


def read_roster(fileobj, name, default_compound=""):
    """Read a roster: a :class:`RosterReading` with one :class:`RosterRow` per non-empty row.
    Raises ``ledgers.sheets.reader.LedgerFileError`` for what is not a workbook at all."""
    reading = RosterReading()
    limit = max_rows()
    reading.kind, sheets = open_sheets(fileobj, name)
    for sheet in sheets:
        header = None
        for number, values in sheet.rows:
            if number > limit:
                reading.add(
                    "error",
                    sheet.name,
                    number,
                    None,
                    "",
                    f"超过 {limit} 行,其余未读取,请拆分文件。",
                )
                break
            texts = [cell_text(v) for v in values]
            if not any(texts):
                continue
            if header is None:
                if number <= HEADER_SEARCH_ROWS:
                    header = _header(texts)
                continue
            if _header(texts) == header:
                continue  # the header repeated (page break)
            reading.rows.append(_row(reading, sheet.name, number, texts, header, default_compound))
        if header is None and sheet.estimated_rows:
            reading.add(
                "error",
                sheet.name,
                1,
                None,
                "",
                f"工作表“{sheet.name}”前 {HEADER_SEARCH_ROWS} 行中没有找到“住址”列,请加上表头(小区、住址、户主姓名、联系电话)。",
            )
    return reading


def _row(reading, sheet, number, texts, header, default_compound):
    cells = {key: texts[i] for i, key in header.items() if i < len(texts)}
    column = {key: i for i, key in header.items()}
    address = cells.get("address", "")
    compound = cells.get("compound", "") or default_compound
    phone, problem = normalise_phone(cells.get("phone", ""))
    row = RosterRow(
        sheet=sheet,
        number=number,
        compound=compound[:80],
        address=address[:200],
        head_name=cells.get("head_name", "")[:40],
        phone=(phone or cells.get("phone", ""))[:40],
        building="",
        entrance="",
        room="",
        key="",
    )
    if problem:
        message = problem.split(":", 1)[1]
        reading.add(
            "warning", sheet, number, column.get("phone"), "联系电话", f"第{number}行:{message}"
        )
    if cells.get("room"):
        parts = [cells.get("building", ""), cells.get("entrance", ""), cells.get("room", "")]
        row.building, row.entrance, row.room = parse_address("-".join(p for p in parts if p) or "")
        if not row.room:
            row.building, row.entrance, row.room = parse_address(" ".join(parts))
    else:
        row.building, row.entrance, row.room = parse_address(address, compound)
    row.key = address_key(row.building, row.entrance, row.room)
    if not address and not cells.get("room"):
        row.problems.append("没有住址")
        reading.add(
            "finding",
            sheet,
            number,
            column.get("address"),
            "住址",
            f"第{number}行没有住址:已保存为待核实,请补充门牌号。",
        )
    elif not row.key:
        row.problems.append("无法识别楼号/室号")
        reading.add(
            "finding",
            sheet,
            number,
            column.get("address"),
            "住址",
            f"第{number}行住址“{address}”中没有找到门牌号或室号:已保存为待核实,请写成“3号楼2单元301室”或“15号”。",
        )
    if not compound:
        row.problems.append("没有小区")
        reading.add(
            "finding",
            sheet,
            number,
            column.get("compound"),
            "小区",
            f"第{number}行没有填写小区/自然村:已保存为待核实,请在“小区”列填写。",
        )
    return row
