"""Uploaded files: recognised by content (not by name), size-capped, kept in private storage.

Every module that accepts files (report attachments, plan documents, ledgers) calls
:func:`validate_upload`; files that must never have a public URL are saved to
``storages["private"]`` and served only through :func:`private_file_response` after the caller
has checked the user's permission.
"""

import os
import zipfile

import puremagic
from django.core.exceptions import ValidationError
from django.core.files.storage import storages

# Kinds we accept somewhere, keyed by a short name; each maps to the MIME types that content
# sniffing may report for it.
KINDS = {
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "pdf": ("application/pdf",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet",),
    "ole": ("application/msword", "application/vnd.ms-excel", "application/x-ole-storage"),
    "wps": ("application/kswps", "application/vnd.ms-works"),
    "csv": ("text/csv", "text/plain"),
}
KIND_LABELS = {
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "ods": "OpenDocument 表格 (.ods)",
    "ole": "Word/Excel 97-2003 (.doc/.xls) 或 WPS",
    "wps": "WPS 文字",
    "csv": "CSV 文本",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def private_storage():
    return storages["private"]


def _head(uploaded, size=8192):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _zip_kind(uploaded):
    """OOXML and OpenDocument files are zips: tell docx, xlsx and ods apart by their parts."""
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            # The OpenDocument "mimetype" member is tiny and stored uncompressed.
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        uploaded.seek(0)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    return None


MARKUP_MARKERS = (
    "<html",
    "<!doctype",
    "<?xml",
    "<svg",
    "<script",
    "<body",
    "<head",
    "<iframe",
    "<object",
    "<embed",
    "<meta",
    "<a ",
    "<img",
    "<style",
    "javascript:",
)


def is_csv_text(text):
    """Whether decoded ``text`` (the head of a file) can be CSV: delimited text, not markup.
    HTML, SVG or XML renamed to .csv is refused — a browser or a spreadsheet program may run
    what it holds."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped.startswith("<"):
        return False
    lowered = stripped.casefold()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        return False
    return any(delimiter in stripped for delimiter in (",", "\t", ";", ",", ";"))


def decoded_head(head):
    """The head as text (UTF-8 or GB18030; a character cut at the end is tolerated), or None."""
    for encoding in ("utf-8-sig", "gb18030"):
        for sample in (head, head[:-4]):
            try:
                return sample.decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def sniff(uploaded):
    """The kind of ``uploaded`` judged by its bytes, or None."""
    head = _head(uploaded)
    if not head:
        return None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(uploaded)
    if head.startswith(OLE_MAGIC):
        return "ole"
    try:
        mime = puremagic.from_string(head, mime=True)
    except (puremagic.PureError, ValueError):
        mime = ""
    for kind, mimes in KINDS.items():
        if mime in mimes and kind != "csv":  # text is judged below
            return kind
    if b"\x00" not in head:
        text = decoded_head(head)
        return "csv" if text is not None and is_csv_text(text) else None
    return None


def human_size(num_bytes):
    return (
        f"{num_bytes / (1024 * 1024):.0f} MB"
        if num_bytes >= 1024 * 1024
        else f"{num_bytes // 1024} KB"
    )


def validate_upload(uploaded, allowed_kinds, max_bytes):
    """Return the sniffed kind, or raise ValidationError with a message in Chinese."""
    name = os.path.basename(getattr(uploaded, "name", "") or "文件")
    if uploaded.size > max_bytes:
        raise ValidationError(
            f"文件“{name}”大小为 {human_size(uploaded.size)},超过上限 {human_size(max_bytes)}。",
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。", code="empty")
    kind = sniff(uploaded)
    if kind not in allowed_kinds:
        allowed = "、".join(KIND_LABELS[k] for k in allowed_kinds)
        raise ValidationError(
            f"文件“{name}”的内容不是允许的类型(仅限 {allowed});系统按文件内容识别,改扩展名无效。",
            code="bad_type",
        )
    return kind


def private_file_response(field_file, download_name, request=None):
    """Hand a private file to the user (logged; streamed, signed URL or nginx X-Accel-Redirect,
    see ``ledgers/private_files.py``). Call only after checking permission."""
    from ledgers.private_files import deliver

    return deliver(field_file, download_name, request=request)
