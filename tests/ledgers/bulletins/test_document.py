"""The generated .docx opens with python-docx and holds the official-document parts: 发文字号,
the numbered title, 主送, body, the snapshot table, 落款 and the date in Chinese; formula-like
cell text is escaped like the Excel exports; East Asian fonts are set."""

import datetime
import io

import docx
import pytest
from docx.oxml.ns import qn

from ledgers.bulletins.document import build, cell_text, chinese_date
from tests.ledgers.bulletins.conftest import generate


def open_document(bulletin):
    with bulletin.document.open("rb") as f:
        return docx.Document(io.BytesIO(f.read()))


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 12, 4), "二〇二六年十二月四日"),
        (datetime.date(2027, 1, 10), "二〇二七年一月十日"),
        (datetime.date(2030, 10, 31), "二〇三〇年十月三十一日"),
        (datetime.date(2026, 11, 20), "二〇二六年十一月二十日"),
    ],
)
def test_chinese_date(day, text):
    assert chinese_date(day) == text


def test_cell_text_is_formula_safe_and_xml_safe():
    assert cell_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert cell_text("+1") == "'+1" and cell_text("-1") == "'-1" and cell_text("@a") == "'@a"
    assert cell_text("a\x00b\x07") == "ab"
    assert cell_text("按时") == "按时"


@pytest.mark.django_db
def test_generated_document(people, period):
    bulletin = generate(people, params={"period": period}, body="第一段。\n\n第二段。")
    document = open_document(bulletin)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "作风通〔2026〕1号"
    assert texts[1] == "关于2026年下半年台账报送情况的通报"
    assert texts[2] == "各镇街区、市直各部门："
    assert texts[3:5] == ["第一段。", "第二段。"]
    assert texts[-2:] == ["市作风办", "二〇二六年十二月四日"]
    title_run = document.paragraphs[1].runs[0]
    assert title_run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.paragraphs[1].alignment == 1  # centred
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == bulletin.snapshot["columns"]
    assert rows[1:] == bulletin.snapshot["rows"]
    assert rows[1][:3] == ["1", "方圆街道", "按时（10行）"]
    assert document.core_properties.identifier == "作风通〔2026〕1号"


def test_formula_text_never_becomes_a_field():
    content = build(
        number="作风通〔2026〕9号",
        title="测试",
        addressees="各单位",
        body="=CMD|' /C calc'!A0",
        columns=["=列", "说明"],
        rows=[['=HYPERLINK("http://x","y")', "-2", "@SUM(A1)"]],
        issuer="市作风办",
        issued_on=datetime.date(2026, 12, 4),
    )
    document = docx.Document(io.BytesIO(content))
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["'=列", "说明"]
    assert [c.text for c in table.rows[1].cells] == ['\'=HYPERLINK("http://x","y")', "'-2"]
    xml = document.element.xml
    assert "fldSimple" not in xml and "instrText" not in xml and "fldChar" not in xml


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["ledgers", "rectification", "spotcheck", "inspections"])
def test_every_template_gives_a_document_with_its_table(
    people, period, cases, spot_round, publications, kind
):
    from tests.ledgers.bulletins.conftest import ON

    params = {
        "ledgers": {"period": period},
        "rectification": {"as_of": ON},
        "spotcheck": {"round": spot_round},
        "inspections": {
            "date_from": datetime.date(2026, 11, 1),
            "date_to": datetime.date(2026, 12, 4),
        },
    }[kind]
    bulletin = generate(people, kind=kind, params=params)
    document = open_document(bulletin)
    assert document.paragraphs[0].text == bulletin.number
    assert document.paragraphs[1].text == bulletin.title
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == bulletin.snapshot["columns"]
    assert len(table.rows) == len(bulletin.snapshot["rows"]) + 1 >= 3
    body = "\n".join(p.text for p in document.paragraphs)
    assert "王小明" not in body and "13805351234" not in body
    assert "王小明" not in str([[c.text for c in r.cells] for r in table.rows])
