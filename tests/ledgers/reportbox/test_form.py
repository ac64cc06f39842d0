"""The public form: valid and invalid paths, receipt shown once, attachments, captcha, honeypot."""

import io
import re

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ledgers.reportbox.models import Report, ReportAttachment, Source, Status
from ledgers.reportbox.services import ALPHABET, check_secret, normalise_code

from .conftest import PDF_BYTES, form_data, jpeg_with_gps, png_bytes

pytestmark = pytest.mark.django_db


def post(client, page, data, **extra):
    return client.post(page.url, data, **extra)


def test_form_renders_categories_image_captcha_and_hidden_honeypot(client, box_page):
    response = client.get(box_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "窗口服务" in html and "干部作风" in html
    assert 'class="captcha"' in html and "/captcha/image/" in html
    assert 'name="_refresh_captcha"' in html
    assert 'class="hp-field"' in html and 'name="website"' in html
    assert response["Cache-Control"].startswith("no-store")


def test_valid_anonymous_submission_gives_receipt_once(
    client, box_page, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, box_page, form_data(category), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert response["Location"].endswith("/report/receipt/")
    report = Report.objects.get()
    assert report.source == Source.ONLINE and report.status == Status.NEW
    assert report.is_anonymous and report.reporter_name == "" and report.reporter_phone == ""
    assert report.client_ip == "198.51.100.7"
    assert len(report.receipt_code) >= 12 and set(report.receipt_code) <= set(ALPHABET)

    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="receipt-code"[^>]*>([^<]+)<', receipt).group(1)
    secret = re.search(r'id="receipt-secret"[^>]*>([^<]+)<', receipt).group(1)
    assert normalise_code(code) == report.receipt_code
    assert secret not in report.secret_hash and check_secret(secret, report.secret_hash)
    assert report.secret_hash.startswith(
        f"pbkdf2_sha256${settings.PORTAL_REPORT_SECRET_ITERATIONS}$"
    )
    assert not check_secret("WRONG" + secret, report.secret_hash)
    assert "保存回执" in receipt
    # Shown once only.
    again = client.get(response["Location"]).content.decode()
    assert code not in again and "只显示一次" in again

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [settings.OFFICE_EMAIL]
    assert code in message.subject


def test_named_submission_requires_name_and_valid_phone(client, box_page, category):
    response = post(client, box_page, form_data(category, identity="named"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "实名举报请填写姓名" in html and "实名举报请填写联系电话" in html
    response = post(
        client,
        box_page,
        form_data(category, identity="named", reporter_name="张三", reporter_phone="12345"),
    )
    assert "请填写正确的手机号" in response.content.decode()
    response = post(
        client,
        box_page,
        form_data(category, identity="named", reporter_name="张三", reporter_phone="138 0535 1234"),
    )
    assert response.status_code == 302, response.content.decode()
    report = Report.objects.get()
    assert not report.is_anonymous
    assert (report.reporter_name, report.reporter_phone) == ("张三", "13805351234")


def test_anonymous_choice_drops_typed_identity(client, box_page, category):
    post(client, box_page, form_data(category, reporter_name="张三", reporter_phone="13805351234"))
    report = Report.objects.get()
    assert report.reporter_name == "" and report.reporter_phone == ""


def test_invalid_form_keeps_what_was_typed_and_says_files_must_be_chosen_again(
    client, box_page, category
):
    data = form_data(category, content="太短了", place="留格庄镇 某村")
    data["attachments"] = [SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")]
    response = post(client, box_page, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "举报内容至少 10 个字" in html
    assert "太短了" in html and "留格庄镇 某村" in html
    assert "附件需要重新选择" in html
    assert not Report.objects.exists()


def test_content_over_2000_characters_refused(client, box_page, category):
    response = post(client, box_page, form_data(category, content="字" * 2001))
    assert "最多 2000 个字" in response.content.decode()
    assert not Report.objects.exists()


def test_consent_required(client, box_page, category):
    data = form_data(category)
    del data["consent"]
    response = post(client, box_page, data)
    assert "请阅读并同意隐私说明" in response.content.decode()
    assert not Report.objects.exists()


def test_wrong_captcha_refused_and_new_question_given(client, box_page, category):
    data = form_data(category)
    data["captcha_1"] = "999"
    response = post(client, box_page, data)
    html = response.content.decode()
    assert "验证码答案不正确" in html
    assert data["captcha_0"] not in html  # the used question is gone; a new one is shown
    assert not Report.objects.exists()


def test_a_script_cannot_read_the_captcha_from_the_html(client, box_page):
    """The question exists only in the image: neither it nor its answer is in the page; who
    cannot see the image is offered the human path (the office's phone, the paper box)."""
    html = client.get(box_page.url).content.decode()
    key = re.search(r'name="captcha_0" value="([^"]+)"', html).group(1)
    store = CaptchaStore.objects.get(hashkey=key)
    assert store.challenge not in html
    a, b = re.findall(r"\d+", store.challenge)[:2]
    # Around the captcha field (the page's footer may hold a phone number such as 0535-3…).
    at = html.index('name="captcha_1"')
    near = html[max(0, at - 2000) : at + 2000]
    # Whole numbers only: "5-3" must not match inside the office phone "0535-3…".
    assert not re.search(rf"(?<!\d){a}\s*(\+|-|\*|×|加|减|乘)\D{{0,3}}(?<!\d){b}(?!\d)", near)
    assert "文字题" not in html
    assert "拨打作风办电话" in html and 'href="tel:' in html
    image = client.get(f"/captcha/image/{key}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_captcha_refresh_keeps_typed_text(client, box_page, category):
    data = form_data(category, place="东村街道 海滨社区", _refresh_captcha="1")
    response = post(client, box_page, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "东村街道 海滨社区" in html and 'role="alert"' not in html
    assert not Report.objects.exists()


def test_honeypot_refused_with_message(client, box_page, category):
    response = post(client, box_page, form_data(category, website="http://spam.example"))
    assert response.status_code == 400
    assert "提交未被接受" in response.content.decode()
    assert not Report.objects.exists()


# --- attachments ---------------------------------------------------------------------------


def with_files(category, *files):
    data = form_data(category)
    data["attachments"] = list(files)
    return data


def test_image_with_gps_exif_comes_out_without_it(client, box_page, category):
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the fixture carries GPS
    photo = SimpleUploadedFile("IMG_0001.jpg", raw, content_type="image/jpeg")
    assert post(client, box_page, with_files(category, photo)).status_code == 302
    attachment = ReportAttachment.objects.get()
    stored = attachment.file.read()
    img = Image.open(io.BytesIO(stored))
    assert img.format == "JPEG" and img.size == (64, 48)
    assert len(img.getexif()) == 0 and not img.getexif().get_ifd(0x8825)
    assert b"Exif" not in stored[:4096] and b"PhoneMaker" not in stored
    assert attachment.original_name == "IMG_0001.jpg"
    assert "IMG_0001" not in attachment.file.name  # stored under a random name
    # Private storage: outside MEDIA_ROOT, never served by URL.
    assert attachment.file.path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_exif_orientation_is_applied_before_stripping(client, box_page, category):
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps((64, 48), orientation=6))
    post(client, box_page, with_files(category, photo))
    img = Image.open(ReportAttachment.objects.get().file)
    assert img.size == (48, 64)


def test_pdf_renamed_jpg_is_recognised_as_pdf(client, box_page, category):
    fake = SimpleUploadedFile("photo.jpg", PDF_BYTES, content_type="image/jpeg")
    assert post(client, box_page, with_files(category, fake)).status_code == 302
    attachment = ReportAttachment.objects.get()
    assert attachment.kind == "pdf" and attachment.file.name.endswith(".pdf")


def test_text_renamed_pdf_refused(client, box_page, category):
    fake = SimpleUploadedFile(
        "scan.pdf", b"just some text, not a pdf", content_type="application/pdf"
    )
    response = post(client, box_page, with_files(category, fake))
    assert "改扩展名无效" in response.content.decode()
    assert not Report.objects.exists()


def test_six_megabyte_file_refused(client, box_page, category):
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (6 * 1024 * 1024))
    response = post(client, box_page, with_files(category, big))
    assert response.status_code == 400
    assert "超过上限 5 MB" in response.content.decode()
    assert not Report.objects.exists()


def test_more_than_three_files_refused(client, box_page, category):
    files = [SimpleUploadedFile(f"{i}.png", png_bytes()) for i in range(4)]
    response = post(client, box_page, with_files(category, *files))
    assert "最多上传 3 个附件" in response.content.decode()
    assert not Report.objects.exists()


def test_uploads_all_or_nothing(client, box_page, category):
    good = SimpleUploadedFile("a.png", png_bytes())
    bad = SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n broken")
    response = post(client, box_page, with_files(category, good, bad))
    assert response.status_code == 400
    assert not Report.objects.exists() and not ReportAttachment.objects.exists()


def test_three_mixed_files_accepted(client, box_page, category):
    files = [
        SimpleUploadedFile("a.png", png_bytes()),
        SimpleUploadedFile("b.jpg", jpeg_with_gps()),
        SimpleUploadedFile("c.pdf", PDF_BYTES),
    ]
    assert post(client, box_page, with_files(category, *files)).status_code == 302
    assert sorted(ReportAttachment.objects.values_list("kind", flat=True)) == ["jpeg", "pdf", "png"]
