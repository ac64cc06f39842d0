"""STORAGES entries for an S3-compatible object store, built from environment variables.

Used by the settings (``PORTAL_S3_BUCKET`` set) and by the storage tests, so both configure the
store the same way. Media (Wagtail images and documents) are public objects under ``media/``;
private files (plans, ledgers, report attachments, case evidence) are objects with the "private"
ACL under ``private/`` (or in their own bucket), reached only through permission-checked views.
"""


def s3_storages(get):
    """``{"default": …, "private": …}`` for ``STORAGES``; ``get(name, default)`` reads the
    environment (``os.environ.get`` or a dict's ``get`` in tests)."""
    bucket = get("PORTAL_S3_BUCKET", None)
    common = {
        "endpoint_url": get("PORTAL_S3_ENDPOINT_URL", None),  # unset: AWS itself
        "access_key": get("PORTAL_S3_ACCESS_KEY_ID", None),
        "secret_key": get("PORTAL_S3_SECRET_ACCESS_KEY", None),
        "region_name": get("PORTAL_S3_REGION", "us-east-1"),
        "addressing_style": get("PORTAL_S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": "media",
                # Stores without ACLs (AWS "bucket owner enforced"): set PORTAL_S3_MEDIA_ACL to
                # an empty value and make the media/ prefix readable by a bucket policy instead.
                "default_acl": get("PORTAL_S3_MEDIA_ACL", "public-read") or None,
                "querystring_auth": False,
                "custom_domain": get("PORTAL_S3_MEDIA_DOMAIN", None) or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": get("PORTAL_S3_PRIVATE_BUCKET", None) or bucket,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": int(get("PORTAL_PRIVATE_URL_SECONDS", "60")),
            },
        },
    }


def media_origins(get):
    """Origins other than the site's own that serve media when they live on S3 (for the
    Content-Security-Policy's img-src and media-src); empty on the local disk."""
    from urllib.parse import urlsplit

    if not get("PORTAL_S3_BUCKET", None):
        return []
    domain = get("PORTAL_S3_MEDIA_DOMAIN", None)
    if domain:
        return [f"https://{domain.split('/')[0]}"]
    endpoint = get("PORTAL_S3_ENDPOINT_URL", None)
    if endpoint:
        parts = urlsplit(endpoint)
        return [f"{parts.scheme}://{parts.netloc}"]
    return ["https://*.amazonaws.com"]
