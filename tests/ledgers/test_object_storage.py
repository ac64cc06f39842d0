"""Private files on an S3-compatible store (issue 16), against a real S3 API server.

The server's address comes from PORTAL_TEST_S3_ENDPOINT (.ci/run starts moto's standalone server
and sets it). Without it the tests skip locally and fail in CI (CI=true). Every test gets its own
bucket; the app's private FileFields are pointed at the S3 storage the settings would build from
the PORTAL_S3_* environment (``portal.object_storage.s3_storages``).
"""

import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from storages.backends.s3 import S3Storage

from ledgers.reportbox.models import ReportAttachment
from portal.object_storage import s3_storages
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.ledgers.reportbox import conftest as reportbox
from tests.ledgers.reportbox.conftest import form_data, jpeg_with_gps
from tests.utils import assert_login_required, assert_not_stored, assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

# The report box's fixtures (its public page, a problem category, fast secret hashing).
_fast_secret_hashing = reportbox._fast_secret_hashing
home_page = reportbox.home_page
box_page = reportbox.box_page
category = reportbox.category

ENDPOINT = os.environ.get("PORTAL_TEST_S3_ENDPOINT", "")
ROOT = Path(__file__).resolve().parents[2]


def s3_env(bucket):
    return {
        "PORTAL_S3_BUCKET": bucket,
        "PORTAL_S3_ENDPOINT_URL": ENDPOINT,
        "PORTAL_S3_ACCESS_KEY_ID": "portal-test",
        "PORTAL_S3_SECRET_ACCESS_KEY": "portal-test-secret",
        "PORTAL_S3_REGION": "us-east-1",
    }


@pytest.fixture
def bucket():
    if not ENDPOINT:
        if os.environ.get("CI"):
            pytest.fail("PORTAL_TEST_S3_ENDPOINT is not set: .ci/run must start the S3 server.")
        pytest.skip("no S3 endpoint (set PORTAL_TEST_S3_ENDPOINT, e.g. moto_server -p 9518)")
    import boto3

    name = f"portal-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id="portal-test",
        aws_secret_access_key="portal-test-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    return name, client


@pytest.fixture
def s3(bucket, monkeypatch, settings):
    """The private and media storages on the bucket, wired in as the env would configure them."""
    name, client = bucket
    config = s3_storages(s3_env(name).get)
    private = S3Storage(**config["private"]["OPTIONS"])
    local_private = storages["private"]
    for model in django_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is local_private:
                monkeypatch.setattr(field, "storage", private)
    monkeypatch.setitem(storages._storages, "private", private)
    return {"bucket": name, "client": client, "private": private}


def django_models():
    from django.apps import apps

    return apps.get_models()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def submitted(client, box_page, category, s3):
    """A report with a photo submitted through the public form, stored on S3."""
    data = form_data(category)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data["attachments"] = [SimpleUploadedFile("现场.jpg", jpeg_with_gps())]
    response = client.post(box_page.url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    attachment = ReportAttachment.objects.select_related("report").get()
    return attachment


def stored_bytes(s3, attachment):
    key = f"private/{attachment.file.name}"
    return s3["client"].get_object(Bucket=s3["bucket"], Key=key)["Body"].read()


def test_upload_lands_in_the_bucket_as_private_object(submitted, s3, settings):
    key = f"private/{submitted.file.name}"
    assert submitted.file.name.startswith("reportbox/")
    body = stored_bytes(s3, submitted)
    assert body[:3] == b"\xff\xd8\xff" and len(body) == submitted.size
    grants = s3["client"].get_object_acl(Bucket=s3["bucket"], Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}))]
    # Never public: the object's plain URL is refused to an anonymous client.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{ENDPOINT}/{s3['bucket']}/{key}", timeout=10)  # noqa: S310
    assert refused.value.code == 403
    # Nothing on the local disk.
    assert not (Path(settings.PRIVATE_STORAGE_ROOT) / submitted.file.name).exists()


def assign(attachment, unit):
    """The office's 交办: the report becomes a case assigned to ``unit``."""
    from django.utils import timezone

    from ledgers.rectification.links import assign_report

    assign_report(
        attachment.report,
        unit=unit,
        time_limit_days=10,
        user=office_user(),
        on=timezone.localdate(),
    )


def test_download_in_fours_streamed_from_s3(client, submitted, s3, settings):
    settings.PORTAL_PRIVATE_DELIVERY = "stream"
    own, other = UnitFactory(name="甲镇"), UnitFactory(name="乙局")
    assign(submitted, own)
    url = reverse("reportbox:attachment", args=[submitted.pk])
    assert_login_required(client.get(url))
    login(client, clerk_user(other))
    assert_refused(client.get(url))
    client.logout()
    for user in (clerk_user(own), office_user()):
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored_bytes(s3, submitted)
        assert_not_stored(response)
        client.logout()


def test_presigned_delivery_is_short_lived_and_only_after_the_check(
    client, submitted, s3, settings, caplog
):
    settings.PORTAL_PRIVATE_DELIVERY = "presigned"
    other = UnitFactory(name="乙局")
    url = reverse("reportbox:attachment", args=[submitted.pk])
    login(client, clerk_user(other))
    assert_refused(client.get(url))
    client.logout()
    office = office_user()
    login(client, office)
    with caplog.at_level("INFO", logger="portal.downloads"):
        response = client.get(url, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(f"{ENDPOINT}/{s3['bucket']}/private/reportbox/")
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=60" in signed
    fetched = urllib.request.urlopen(signed, timeout=10)  # noqa: S310
    assert fetched.read() == stored_bytes(s3, submitted)
    assert fetched.headers["Content-Disposition"].startswith("attachment")
    assert fetched.headers["Cache-Control"] == "private, no-store"
    assert_not_stored(response)
    # The download is logged: who, which file, how, from where.
    [line] = [r.getMessage() for r in caplog.records if r.name == "portal.downloads"]
    assert submitted.file.name in line and office.username in line
    assert "via=presigned" in line and "198.51.100.9" in line


def test_accel_delivery_hands_nginx_a_signed_url_the_browser_never_sees(
    client, submitted, s3, settings
):
    settings.PORTAL_PRIVATE_DELIVERY = "accel"
    login(client, office_user())
    response = client.get(reverse("reportbox:attachment", args=[submitted.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == settings.PORTAL_PRIVATE_ACCEL_S3_LOCATION
    signed = response["X-Accel-Storage-URL"]
    assert "X-Amz-Signature=" in signed
    assert urllib.request.urlopen(signed, timeout=10).read() == stored_bytes(s3, submitted)  # noqa: S310
    assert response["Content-Disposition"].startswith("attachment")


def test_settings_from_environment_and_a_file_shared_by_two_processes(bucket):
    """Two separate processes configured only by the PORTAL_S3_* environment: one stores a
    private file, the other reads it back (what two app servers do)."""
    name, client = bucket
    env = {**os.environ, **s3_env(name), "DJANGO_SETTINGS_MODULE": "portal.settings.base"}
    env.update({"DJANGO_SECRET_KEY": "storage-test-key-0123456789abcdefghijklmnopqrstuvwxyz"})
    writer = """
import django; django.setup()
from django.core.files.base import ContentFile
from ledgers.reportbox.models import ReportAttachment
storage = ReportAttachment._meta.get_field("file").storage
print(type(storage).__name__, storage.location, storage.default_acl)
print(storage.save("reportbox/two-processes.pdf", ContentFile(b"%PDF-1.4 shared")))
"""
    reader = """
import sys, django; django.setup()
from django.core.files.storage import storages
with storages["private"].open(sys.argv[1]) as handle:
    print(handle.read().decode())
"""
    run = dict(env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    first = subprocess.run([sys.executable, "-c", writer], **run).stdout.split("\n")
    assert first[0] == "S3Storage private private"
    saved = first[1].strip()
    second = subprocess.run([sys.executable, "-c", reader, saved], **run).stdout
    assert second.strip() == "%PDF-1.4 shared"
    head = client.head_object(Bucket=name, Key=f"private/{saved}")
    assert head["ContentLength"] == len(b"%PDF-1.4 shared")


def test_media_are_public_objects_with_plain_urls(bucket):
    """Media (Wagtail images, documents) are public: a plain, unsigned URL anyone can read."""
    name, client = bucket
    from django.core.files.base import ContentFile

    media = S3Storage(**s3_storages(s3_env(name).get)["default"]["OPTIONS"])
    saved = media.save("images/banner.txt", ContentFile(b"public banner"))
    url = media.url(saved)
    assert url == f"{ENDPOINT}/{name}/media/{saved}" and "Signature" not in url
    assert urllib.request.urlopen(url, timeout=10).read() == b"public banner"  # noqa: S310


# --- manage.py storage_check ---------------------------------------------------------------


def run_storage_check():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("storage_check", stdout=out)
    return out.getvalue()


@pytest.fixture
def s3_media(s3, monkeypatch):
    media = S3Storage(**s3_storages(s3_env(s3["bucket"]).get)["default"]["OPTIONS"])
    monkeypatch.setitem(storages._storages, "default", media)
    return media


def test_storage_check_passes_on_a_correct_store(s3, s3_media):
    output = run_storage_check()
    assert "匿名访问被拒绝(HTTP 403)" in output and "签名链接可读取" in output
    assert "媒体文件:公开链接可读取" in output and "文件存储检查通过" in output
    # The probes are removed again.
    assert s3["client"].list_objects_v2(Bucket=s3["bucket"]).get("KeyCount", 0) == 0


def test_storage_check_catches_private_objects_made_public(s3, s3_media, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr(s3["private"], "default_acl", "public-read")
    with pytest.raises(CommandError, match="私有文件可被匿名读取"):
        run_storage_check()
