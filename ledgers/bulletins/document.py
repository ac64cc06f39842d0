"""The Word document of a 通报, in the layout of Chinese official documents (GB/T 9704 in
spirit): the 发文字号 line, the title centred in 方正小标宋简体 二号, the 主送 line, the body in
仿宋_GB2312 三号 with a two-character first-line indent, the data table, then the 落款 (issuing
body) and the date written in Chinese (二〇二六年十二月四日), right-aligned.

Fonts are set for East Asian text through ``w:eastAsia`` (python-docx's ``font.name`` sets only
the Latin slots). The document's default style asks for 宋体, which every Chinese Windows and WPS
has: a machine without 方正小标宋简体 or 仿宋_GB2312 substitutes its own fallback and the office
can change fonts in Word — the text stays editable throughout.

Cell text: a value starting with = + - @ (or a tab/CR) is prefixed with ' exactly as the Excel
exports do (:func:`ledgers.excel.safe_cell`), so that a copy of the table into Excel or WPS does
not run as a formula. In the .docx itself, text is always written as a plain ``w:t`` run, never as
a field (``w:fldSimple``/``w:instrText``), so nothing typed can become a field code. Characters
that XML cannot hold (control characters) are dropped.
"""

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ledgers.excel import safe_cell

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
FALLBACK_FONT = "宋体"
LATIN_FONT = "Times New Roman"

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(12)  # 小四

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CN_DIGITS = "〇一二三四五六七八九"


def xml_text(value):
    """``value`` as text an XML run can hold."""
    return _XML_ILLEGAL.sub("", "" if value is None else str(value))


def cell_text(value):
    """A table cell's text: XML-safe and formula-safe like the Excel exports."""
    return safe_cell(xml_text(value))


def _cn_number(n):
    """1–31 in Chinese numerals as dates write them: 四, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    text = ("" if tens <= 1 else _CN_DIGITS[tens]) + ("十" if tens else "")
    return text + (_CN_DIGITS[ones] if ones or not tens else "")


def chinese_date(day):
    """二〇二六年十二月四日."""
    year = "".join(_CN_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def set_font(run, east_asian, size=None, bold=None):
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    return run


def _paragraph(doc, text, font, size, align=None, indent=False, bold=None, space_after=0):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    fmt.line_spacing = Pt(28)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    set_font(paragraph.add_run(xml_text(text)), font, size, bold)
    return paragraph


def _default_style(doc):
    style = doc.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = SIZE_BODY
    r_pr = style.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), FALLBACK_FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _table(doc, columns, rows):
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, columns, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(cell_text(heading)), HEADING_FONT, SIZE_TABLE, True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            set_font(cell.paragraphs[0].add_run(cell_text(value)), BODY_FONT, SIZE_TABLE)
    return table


def build(*, number, title, addressees, body, columns, rows, issuer, issued_on):
    """The .docx bytes of a 通报."""
    doc = Document()
    _default_style(doc)
    core = doc.core_properties
    core.title = xml_text(title)
    core.author = xml_text(issuer)
    core.identifier = xml_text(number)
    _paragraph(doc, number, BODY_FONT, SIZE_BODY, WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _paragraph(doc, title, TITLE_FONT, SIZE_TITLE, WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _paragraph(doc, f"{addressees.rstrip(':： ')}：", BODY_FONT, SIZE_BODY)
    for line in (body or "").splitlines():
        if line.strip():
            _paragraph(doc, line.strip(), BODY_FONT, SIZE_BODY, indent=True)
    if columns:
        _paragraph(doc, "", BODY_FONT, SIZE_BODY)
        _table(doc, columns, rows)
    _paragraph(doc, "", BODY_FONT, SIZE_BODY)
    _paragraph(doc, issuer, BODY_FONT, SIZE_BODY, WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, chinese_date(issued_on), BODY_FONT, SIZE_BODY, WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
