"""Uploads bounded before work: on /report/ the captcha, the honeypot and the rate limit are
checked before any attachment is read; images are refused above a pixel count from their header
(a 9000×9000 PNG decompression bomb costs no memory); PDFs are re-written without metadata or
refused when they carry JavaScript."""

import io
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from pypdf import PdfReader

from ledgers.reportbox import rules
from ledgers.reportbox.models import Report, ReportAttachment

from .conftest import bomb_png, form_data, pdf_bytes

pytestmark = pytest.mark.django_db

BOMB = bomb_png(9000, 9000)
PIXEL_ERROR = "超过上限"


def bombs():
    return [SimpleUploadedFile(f"bomb{i}.png", BOMB, content_type="image/png") for i in range(3)]


def test_the_bomb_is_small_on_the_wire():
    assert len(BOMB) < rules.MAX_ATTACHMENT_BYTES / 10


def test_wrong_captcha_refuses_before_any_attachment_is_read(client, box_page, category):
    data = form_data(category, attachments=bombs())
    data["captcha_1"] = "wrong"
    response = client.post(box_page.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "验证码答案不正确" in html
    assert PIXEL_ERROR not in html  # the files were never opened
    assert not Report.objects.exists()


def test_honeypot_refuses_before_any_attachment_is_read(client, box_page, category):
    response = client.post(box_page.url, form_data(category, website="x", attachments=bombs()))
    assert response.status_code == 400
    assert PIXEL_ERROR not in response.content.decode()
    assert not Report.objects.exists()


@override_settings(PORTAL_REPORT_RATE="1/h")
def test_rate_limited_address_is_refused_before_any_attachment_is_read(box_page, category):
    client = Client(REMOTE_ADDR="203.0.113.77")
    assert client.post(box_page.url, form_data(category)).status_code == 302
    response = client.post(box_page.url, form_data(category, attachments=bombs()))
    assert response.status_code == 429
    assert PIXEL_ERROR not in response.content.decode()
    assert Report.objects.count() == 1


def test_passing_all_checks_the_bomb_is_refused_from_its_header(client, box_page, category):
    response = client.post(box_page.url, form_data(category, attachments=bombs()[:1]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "9000×9000 像素" in html and PIXEL_ERROR in html
    assert "窗口工作人员上班时间玩手机" in html  # the text is kept
    assert not Report.objects.exists()


def test_a_body_larger_than_allowed_is_refused_unread(client, box_page):
    response = client.generic(
        "POST",
        box_page.url,
        data=b"x" * 16,
        content_type="multipart/form-data; boundary=zz",
        CONTENT_LENGTH=str(rules.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "附件总量过大" in response.content.decode()


MEMORY_PROBE = textwrap.dedent(
    """
    import os, resource, sys
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from ledgers.reportbox import services
    from tests.ledgers.reportbox.conftest import bomb_png
    data = bomb_png(int(sys.argv[1]), int(sys.argv[1]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        services.clean_attachment(SimpleUploadedFile("a.png", data), "png")
        outcome = "accepted"
    except services.AttachmentError:
        outcome = "refused"
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(outcome, (after - before) // 1024)
    """
)


def peak_growth_mb(side):
    """Peak memory growth (MB) of a fresh process cleaning a ``side``×``side`` PNG."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(side)],
        capture_output=True,
        text=True,
        env=env,
        cwd=os.getcwd(),
        check=True,
        timeout=120,
    )
    outcome, growth = result.stdout.split()[-2:]
    return outcome, int(growth)


def test_memory_stays_bounded_for_a_9000_by_9000_png():
    outcome, growth = peak_growth_mb(9000)
    assert outcome == "refused"
    # Decoding it would take 9000*9000*3 bytes = 232 MB; reading the header takes nothing.
    assert growth < 20, f"peak memory grew by {growth} MB"
    # The largest PNG accepted (4000×4000, 16 MP) stays within ~100 MB too.
    outcome, growth = peak_growth_mb(4000)
    assert outcome == "accepted" and growth < 120, growth


def stored_pdf(client, box_page, category, data):
    upload = SimpleUploadedFile("材料.pdf", data, content_type="application/pdf")
    response = client.post(box_page.url, form_data(category, attachments=[upload]))
    return response


def test_pdf_is_rewritten_without_metadata(client, box_page, category):
    original = pdf_bytes(author="孙丽华")
    assert "孙丽华" in PdfReader(io.BytesIO(original)).metadata["/Author"]
    assert stored_pdf(client, box_page, category, original).status_code == 302
    attachment = ReportAttachment.objects.get()
    with attachment.file.open("rb") as f:
        data = f.read()
    reader = PdfReader(io.BytesIO(data))
    assert not reader.metadata  # no document information at all
    assert len(reader.pages) == 1
    assert "孙丽华".encode("utf-16-be") not in data and b"Author" not in data


@pytest.mark.parametrize("where", ["javascript", "open_action"])
def test_pdf_with_javascript_is_refused(client, box_page, category, where):
    response = stored_pdf(client, box_page, category, pdf_bytes(**{where: True}))
    assert response.status_code == 400
    assert "JavaScript" in response.content.decode()
    assert not Report.objects.exists()


def test_broken_pdf_is_refused_with_a_message(client, box_page, category):
    response = stored_pdf(client, box_page, category, b"%PDF-1.4\nnot really a pdf\n%%EOF\n")
    assert response.status_code == 400
    assert "PDF 文件无法读取或已损坏" in response.content.decode()
