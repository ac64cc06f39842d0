"""portal/object_storage.py: STORAGES built from the PORTAL_S3_* environment (the S3 server
tests are in tests/ledgers/test_object_storage.py)."""

from portal.object_storage import media_origins, s3_storages

ENV = {
    "PORTAL_S3_BUCKET": "portal",
    "PORTAL_S3_ENDPOINT_URL": "http://minio.internal:9000",
    "PORTAL_S3_ACCESS_KEY_ID": "key",
    "PORTAL_S3_SECRET_ACCESS_KEY": "secret",
}


def build(**extra):
    return s3_storages({**ENV, **extra}.get)


def test_private_objects_are_private_and_signed_short():
    private = build()["private"]["OPTIONS"]
    assert private["default_acl"] == "private" and private["querystring_auth"] is True
    assert private["querystring_expire"] == 60 and private["location"] == "private"
    assert private["bucket_name"] == "portal" and private["file_overwrite"] is False
    assert build(PORTAL_PRIVATE_URL_SECONDS="30")["private"]["OPTIONS"]["querystring_expire"] == 30
    assert build(PORTAL_S3_PRIVATE_BUCKET="secret-files")["private"]["OPTIONS"]["bucket_name"] == (
        "secret-files"
    )


def test_media_are_public_unless_the_store_has_no_acls():
    media = build()["default"]["OPTIONS"]
    assert media["default_acl"] == "public-read" and media["querystring_auth"] is False
    assert media["location"] == "media" and media["endpoint_url"] == ENV["PORTAL_S3_ENDPOINT_URL"]
    assert build(PORTAL_S3_MEDIA_ACL="")["default"]["OPTIONS"]["default_acl"] is None


def test_media_origins_for_the_content_security_policy():
    assert media_origins({}.get) == []
    assert media_origins(ENV.get) == ["http://minio.internal:9000"]
    domain = {**ENV, "PORTAL_S3_MEDIA_DOMAIN": "media.example.gov.cn/portal"}
    assert media_origins(domain.get) == ["https://media.example.gov.cn"]
    aws = {"PORTAL_S3_BUCKET": "portal"}
    assert media_origins(aws.get) == ["https://*.amazonaws.com"]


def test_s3_media_origin_allowed_by_the_content_security_policy():
    """With media on S3, the store's origin is added to img-src and media-src (a fresh process
    configured by the environment, as an app server is)."""
    import os
    import subprocess
    import sys

    import pytest
    from django.conf import settings

    if not hasattr(settings, "CONTENT_SECURITY_POLICY"):
        pytest.skip("no Content-Security-Policy configured")
    code = (
        "from django.conf import settings as s; d = s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(d['img-src'], d['media-src'])"
    )
    env = {**os.environ, **ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.base"}
    env["DJANGO_SECRET_KEY"] = "csp-test-key-0123456789abcdefghijklmnopqrstuvwxyz0123"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert out.count("http://minio.internal:9000") == 2 and "'self'" in out
