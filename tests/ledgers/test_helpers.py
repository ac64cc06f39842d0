"""Shared helpers: masking, spreadsheet escaping, upload sniffing, assignment conflict rule."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ledgers.excel import safe_cell, safe_row
from ledgers.masking import mask_name, mask_phone
from ledgers.rules import assignment_conflicts
from ledgers.uploads import sniff, validate_upload


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("0535-3221234", "0535***1234"),
        ("", ""),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


def test_mask_name():
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "李*"


@pytest.mark.parametrize("value", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_escapes_formula_prefixes(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_other_values():
    assert safe_row(["张三", 5, None, "a=b"]) == ["张三", 5, None, "a=b"]


def _upload(name, data):
    return SimpleUploadedFile(name, data)


def test_sniff_by_content_not_name():
    assert sniff(_upload("x.jpg", b"%PDF-1.7\n...")) == "pdf"
    assert sniff(_upload("x.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20)) == "png"
    assert sniff(_upload("x.docx", b"MZ\x90\x00\x03" + b"\x00" * 100)) is None


def test_sniff_ooxml():
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    assert sniff(_upload("book.pdf", buf.getvalue())) == "xlsx"


def test_validate_upload_refuses_renamed_and_large():
    with pytest.raises(ValidationError) as err:
        validate_upload(_upload("scan.jpg", b"%PDF-1.4 x"), ["jpeg", "png"], 1024)
    assert "按文件内容识别" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        validate_upload(_upload("big.pdf", b"%PDF-" + b"0" * 2048), ["pdf"], 1024)
    assert "超过上限" in err.value.messages[0]
    assert validate_upload(_upload("ok.pdf", b"%PDF-1.4 x"), ["pdf"], 1024) == "pdf"


def test_assignment_conflict_rule():
    assert assignment_conflicts(3, 3)
    assert not assignment_conflicts(3, 4)
    assert not assignment_conflicts(None, 4)
