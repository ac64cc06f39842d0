"""Delivering a private file after the caller's permission check, on any storage.

Private files (plan documents, ledgers, report attachments, case evidence) live in
``storages["private"]``: the local disk on the embedded default, an S3-compatible bucket with the
"private" ACL when ``PORTAL_S3_BUCKET`` is set. Views check permission first (``ledgers/
permissions.py``) and then call :func:`deliver`, which logs the download and hands the bytes over
in the way ``PORTAL_PRIVATE_DELIVERY`` says:

``stream``
    Django reads the file from the storage and streams it (works everywhere; the default).
``presigned``
    A 302 to a signed URL of the object that expires after ``PORTAL_PRIVATE_URL_SECONDS``; the
    store's endpoint must be reachable by browsers. Local storage has no URL: streamed instead.
``accel``
    nginx in front: an empty response with ``X-Accel-Redirect``; nginx serves the file from an
    ``internal`` location — the private root on disk (``PORTAL_PRIVATE_ACCEL_LOCATION``) or, for
    S3, a proxy to the signed URL passed in ``X-Accel-Storage-URL`` (never sent to the browser).
    The object store then only needs to be reachable by nginx.
"""

import logging
import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

logger = logging.getLogger("portal.downloads")

MODES = ("stream", "presigned", "accel")


def delivery_mode():
    mode = settings.PORTAL_PRIVATE_DELIVERY
    if mode not in MODES:
        raise ValueError(f"PORTAL_PRIVATE_DELIVERY must be one of {MODES}, not {mode!r}")
    return mode


def is_local(storage):
    """True when the storage keeps files on this machine's disk (has a filesystem path)."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


def signed_url(storage, name, download_name, content_type):
    """A short-lived signed GET URL whose response carries our download headers."""
    return storage.url(
        name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, download_name),
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        },
        expire=int(settings.PORTAL_PRIVATE_URL_SECONDS),
    )


def _client(request):
    if request is None:
        return "-", "-"
    from ledgers.reportbox.public_views import client_ip

    user = getattr(request, "user", None)
    who = f"{user.pk}:{user.get_username()}" if user and user.is_authenticated else "anonymous"
    return who, client_ip(request) or "-"


def _private_headers(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def deliver(field_file, download_name, request=None):
    """The response that hands ``field_file`` to the user. Call only after checking permission."""
    storage = field_file.storage
    name = field_file.name
    download_name = download_name or name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    mode = delivery_mode()
    local = is_local(storage)
    if mode == "presigned" and local:
        mode = "stream"
    who, ip = _client(request)
    logger.info("private download file=%s user=%s ip=%s via=%s", name, who, ip, mode)

    if mode == "stream":
        response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name)
    elif mode == "presigned":
        response = HttpResponseRedirect(signed_url(storage, name, download_name, content_type))
    else:
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, download_name)
        if local:
            response["X-Accel-Redirect"] = settings.PORTAL_PRIVATE_ACCEL_LOCATION + quote(name)
        else:
            response["X-Accel-Redirect"] = settings.PORTAL_PRIVATE_ACCEL_S3_LOCATION
            response["X-Accel-Storage-URL"] = signed_url(storage, name, download_name, content_type)
    return _private_headers(response)
