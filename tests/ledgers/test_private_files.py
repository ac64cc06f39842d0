"""Private-file delivery on the embedded default (local disk): stream, nginx X-Accel-Redirect,
the signed-URL mode falling back to streaming (a disk has no URL), every download logged."""

from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from ledgers.private_files import deliver
from ledgers.uploads import private_storage
from tests.factories import office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    storage = private_storage()
    name = storage.save("cases/7/整改照片 1.pdf", ContentFile(b"%PDF-1.4 evidence"))
    field_file = type("F", (), {"storage": storage, "name": name})()
    field_file.open = lambda mode="rb": storage.open(name, mode)
    yield field_file
    storage.delete(name)


def request_as(user, ip="192.0.2.5"):
    request = RequestFactory().get("/download", REMOTE_ADDR=ip)
    request.user = user
    return request


def test_stream_is_the_default(stored, settings):
    assert settings.PORTAL_PRIVATE_DELIVERY == "stream"
    response = deliver(stored, "整改照片.pdf", request_as(office_user()))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_accel_points_nginx_at_the_internal_location(stored, settings):
    settings.PORTAL_PRIVATE_DELIVERY = "accel"
    response = deliver(stored, "整改照片.pdf", request_as(office_user()))
    assert response.content == b""
    target = response["X-Accel-Redirect"]
    assert target.startswith("/_private/cases/7/") and " " not in target
    assert unquote(target) == "/_private/" + stored.name
    assert "X-Accel-Storage-URL" not in response
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_presigned_on_local_disk_streams(stored, settings):
    settings.PORTAL_PRIVATE_DELIVERY = "presigned"
    response = deliver(stored, "a.pdf", request_as(office_user()))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"


def test_proxy_header_gives_the_logged_address(stored, settings, caplog):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = request_as(office_user(), ip="127.0.0.1")
    request.META["HTTP_X_REAL_IP"] = "203.0.113.44"
    with caplog.at_level("INFO", logger="portal.downloads"):
        deliver(stored, "a.pdf", request)
    [line] = [r.getMessage() for r in caplog.records if r.name == "portal.downloads"]
    assert "ip=203.0.113.44" in line and "via=stream" in line and stored.name in line


def test_unknown_mode_is_refused(stored, settings):
    settings.PORTAL_PRIVATE_DELIVERY = "public"
    with pytest.raises(ValueError, match="PORTAL_PRIVATE_DELIVERY"):
        deliver(stored, "a.pdf", None)
