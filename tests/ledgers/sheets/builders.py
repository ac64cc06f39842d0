"""Messy workbooks built in code, the way units really send them."""

import io
import zipfile

from openpyxl import Workbook

from ledgers.sheets.layouts import LAYOUTS


class Text(str):
    """A cell typed as text even if it looks like a formula (Excel's '=… or a text-formatted cell)."""


def xlsx(sheets):
    """sheets: {name: [row, row, ...]} → BytesIO of an .xlsx."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if isinstance(value, Text):
                    cell.value = str(value)
                    cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "台账.xlsx"
    return out


def official_sheet(attachment, data, unit_name="甲镇", headers=None, title=True, note=True):
    layout = LAYOUTS[attachment]
    rows = []
    if title:
        rows += [[f"附件{attachment}"], [layout.title], [f"单位(公章):{unit_name}"]]
    rows.append(headers or [c.header for c in layout.official_columns])
    rows += data
    if note:
        rows += [[], ["注:请于6月10日前报作风办。"]]
    return rows


def messy_att3(unit_name="甲镇"):
    """附件3 with full-width, spaced headers, phones as numbers and with dashes, blank and
    decorative rows, a cadre column, two sheets, formula-looking text."""
    headers = ["服务对象 姓名", "工作单位(住址)", "联系\n电话", "备注", "联系干部"]
    sheet1 = [
        ["", "", "", ""],
        ["干部联系服务对象情况统计表"],
        [f"单位(公章):{unit_name}"],
        headers,
        ["张 三", "方圆街道1号", 13812345678, "", "王干部"],
        [None, None, None, None, None],
        ["李四", "凤城街道2号", "138 1234 5679", Text("=1+1"), "王干部"],
        ["**********"],
        ["王五", "东村3号", "0535-3221234", "", "赵干部"],
        ["注:本表由单位填报。"],
    ]
    sheet2 = [
        headers,
        ["赵六", "留格庄4号", "13812345680", "", "赵干部"],
        ["钱七", "盘石店5号", "1381234568", "", "赵干部"],  # invalid phone (10 digits)
    ]
    return xlsx({"第一批": sheet1, "第二批": sheet2})


def bomb(size_mb=60):
    """A zip named .xlsx whose sheet inflates to ``size_mb`` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (size_mb * 1024 * 1024))
    out.seek(0)
    out.name = "bomb.xlsx"
    return out


def csv_bytes(rows, encoding="gbk"):
    text = "\r\n".join(",".join(str(c) for c in row) for row in rows)
    out = io.BytesIO(text.encode(encoding))
    out.name = "台账.csv"
    return out


def ods(rows, sheet="农村"):
    """A minimal OpenDocument spreadsheet written by hand (WPS and LibreOffice save these)."""
    from xml.sax.saxutils import escape

    def cell(value):
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    out.seek(0)
    out.name = "台账.ods"
    return out


def near_ratio_xlsx(unpacked_mb=80, ratio=190, seed=10):
    """A real .xlsx (附件1 header, data rows with long addresses) whose sheet XML compresses
    just under ``ratio``:1 and unpacks to about ``unpacked_mb`` MB: small on disk, large in memory
    for any reader that holds the whole sheet. Returns (BytesIO, measured ratio, unpacked bytes)."""
    import random
    from xml.sax.saxutils import escape

    rng = random.Random(seed)
    # long runs of a repeated phrase with a random digit now and then: tuned so that deflate
    # lands just under the ratio limit
    spacing = max(int(ratio * 2.6), 8)

    def address():
        parts = []
        for _ in range(600):
            parts.append("海阳市某镇某村" * (spacing // 7 + 1))
            parts.append(str(rng.randrange(10)))
        return "".join(parts)[:30000]

    def cell(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    header = ["村(居)民住址", "村(居)民姓名", "联系电话", "备注"]
    rows = [
        '<row r="1">'
        + "".join(cell(f"{c}1", h) for c, h in zip("ABCD", header, strict=True))
        + "</row>"
    ]
    size = 0
    number = 1
    while size < unpacked_mb * 1024 * 1024:
        number += 1
        text = address()
        row = (
            f'<row r="{number}">{cell(f"A{number}", text)}{cell(f"B{number}", f"户{number}")}'
            f"{cell(f'C{number}', f'138{number:08d}')}</row>"
        )
        size += len(row.encode())
        rows.append(row)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    ).encode()
    template = xlsx({"农村": [header]})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    with zipfile.ZipFile(out) as check:
        info = check.getinfo("xl/worksheets/sheet1.xml")
        measured = info.file_size / info.compress_size
    out.seek(0)
    out.name = "台账.xlsx"
    return out, measured, len(sheet)
