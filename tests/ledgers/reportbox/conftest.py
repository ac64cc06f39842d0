"""Fixtures for the report box: the /report/ page, images with GPS EXIF, captcha answers."""

import io

import pytest
from captcha.models import CaptchaStore
from PIL import Image

from ledgers.models import ProblemCategory


@pytest.fixture(autouse=True)
def _fast_secret_hashing(settings):
    """Fewer PBKDF2 rounds in tests (the hash records its rounds; checks read them back)."""
    settings.PORTAL_REPORT_SECRET_ITERATIONS = 2000


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        from wagtail.models import Page, Site

        root = Page.objects.get(depth=1)
        home = root.add_child(instance=HomePage(title="首页", slug="home-test"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
    return home


@pytest.fixture
def box_page(home_page):
    from ledgers.reportbox.models import ReportBoxPage

    home = home_page
    page = ReportBoxPage(title="网上举报箱", slug="report")
    home.add_child(instance=page)
    return page


@pytest.fixture
def category(db):
    return ProblemCategory.objects.get(name="干部作风")


def captcha_pair():
    """A real captcha from the store and its answer (what a person reads off the image)."""
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def form_data(category, **overrides):
    key, answer = captcha_pair()
    data = {
        "category": category.pk,
        "concerned_unit": "",
        "place": "方圆街道 东村社区",
        "content": "窗口工作人员上班时间玩手机,群众排队很久无人办理。",
        "identity": "anonymous",
        "reporter_name": "",
        "reporter_phone": "",
        "consent": "on",
        "website": "",
        "captcha_0": key,
        "captcha_1": answer,
    }
    data.update(overrides)
    return data


def jpeg_with_gps(size=(64, 48), orientation=None):
    """A JPEG carrying EXIF with GPS coordinates (and optionally an orientation tag)."""
    img = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera 1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (36.0, 47.0, 30.0)
    gps[3] = "E"
    gps[4] = (121.0, 9.0, 15.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 100, 0)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(author="", javascript=False, open_action=False):
    """A real one-page PDF built with pypdf; optionally with an author in the document
    information and JavaScript (in the names tree, or as the open action)."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if author:
        writer.add_metadata({"/Author": author, "/Title": f"{author}的举报材料"})
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');"),
        }
    )
    if javascript:
        names = DictionaryObject(
            {
                NameObject("/JavaScript"): DictionaryObject(
                    {
                        NameObject("/Names"): ArrayObject(
                            [TextStringObject("a"), writer._add_object(script)]
                        )
                    }
                )
            }
        )
        writer._root_object[NameObject("/Names")] = names
    if open_action:
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_BYTES = pdf_bytes()


def bomb_png(width, height):
    """A PNG of ``width``×``height`` black pixels written by hand (zlib, row by row), so that
    making it costs no memory: a few hundred KB on disk, hundreds of MB once decoded."""
    import struct
    import zlib

    def chunk(tag, data):
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + width * 3)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
