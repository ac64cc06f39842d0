"""A ledger upload is accepted only as a real spreadsheet or CSV text: HTML, SVG or XML saved as
.csv is refused (a browser or a spreadsheet program may run what it holds)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledgers.sheets.models import LedgerUpload
from ledgers.sheets.reader import LedgerFileError, open_sheets, sniff_kind
from ledgers.uploads import is_csv_text, sniff

from .test_views import login, world  # noqa: F401  (the fixture)

MARKUP = [
    b"<html><body><script>alert(1)</script></body></html>",
    b"\xef\xbb\xbf  <!DOCTYPE html><table><tr><td>a</td></tr></table>",
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    b'<?xml version="1.0"?><root/>',
    "姓名,电话\n<script>alert(1)</script>,1\n".encode(),
    '姓名,住址\n张三,<a href="javascript:alert(1)">点我</a>\n'.encode("gb18030"),
    "只有一行字没有任何分隔符".encode(),
]
CSV = [
    "村(居)民住址,村(居)民姓名,联系电话,备注\n东村1号,张三,13800000000,\n".encode(),
    "村(居)民住址,村(居)民姓名,联系电话\n东村1号,李四,13800000001\n".encode("gb18030"),
    "住址\t姓名\t电话\n东村\t王五\t3221234\n".encode("utf-8-sig"),
    "备注:比较 3<5 的情况,a>b\n".encode(),
]


@pytest.mark.parametrize("data", MARKUP)
def test_markup_is_not_csv(data):
    assert sniff_kind(io.BytesIO(data)) is None
    assert sniff(SimpleUploadedFile("台账.csv", data)) is None
    with pytest.raises(LedgerFileError):
        open_sheets(io.BytesIO(data))


@pytest.mark.parametrize("data", CSV)
def test_delimited_text_is_csv(data):
    assert sniff_kind(io.BytesIO(data)) == "csv"
    assert sniff(SimpleUploadedFile("台账.csv", data)) == "csv"


def test_is_csv_text():
    assert is_csv_text("a,b\n1,2")
    assert not is_csv_text("")
    assert not is_csv_text("   <svg/>")


@pytest.mark.django_db
@pytest.mark.parametrize("data", MARKUP[:3])
def test_upload_form_refuses_markup_saved_as_csv(client, world, data):  # noqa: F811
    login(client, world["clerk_a"])
    fake = io.BytesIO(data)
    fake.name = "台账.csv"
    response = client.post(
        reverse("sheets:upload"), {"period": world["period"].pk, "attachment": 2, "file": fake}
    )
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.content.decode()
    assert not LedgerUpload.objects.filter(attachment=2).exists()
