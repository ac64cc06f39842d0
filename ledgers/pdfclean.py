"""PDF attachments from the public, made safe to pass on (pypdf, a maintained library).

A PDF that carries JavaScript (document, page, annotation or form-field actions, the names tree)
or launches programs is refused. Any other PDF is re-written page by page: the document
information (author, creator, producer, dates), XMP metadata, open actions, additional actions,
forms, embedded files and file-attachment annotations are left behind; only the pages' content
and resources reach the unit.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Reading is bounded: a file with more objects than this is refused rather than walked.
MAX_OBJECTS = 200_000
MAX_PAGES = 500

# Action types that run code or programs: refused.
DANGEROUS_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition"}
# Keys that hold active content, removed from every page that is kept.
PAGE_KEYS_DROPPED = ("/AA", "/Metadata", "/PieceInfo")
ANNOTATION_SUBTYPES_DROPPED = {"/FileAttachment", "/Widget", "/Movie", "/Sound", "/Screen"}


class PdfRefused(ValueError):
    """A PDF that cannot be passed on; the message (Chinese) tells the sender what to do."""


def _walk(root, budget):
    """Yield every dictionary reachable from ``root`` (each indirect object once)."""
    seen = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > budget:
                raise PdfRefused("PDF 文件结构过于复杂,无法检查。请另存为普通 PDF 或拍照上传。")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            yield obj
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def find_active_content(reader):
    """A short Chinese description of the JavaScript (or program launch) in ``reader``, or ""."""
    root = reader.trailer.get("/Root")
    for obj in _walk(root, MAX_OBJECTS):
        if "/JS" in obj or "/JavaScript" in obj:
            return "含有 JavaScript 脚本"
        action = obj.get("/S")
        if action in DANGEROUS_ACTIONS:
            return "含有自动运行的脚本或程序" if action != "/JavaScript" else "含有 JavaScript 脚本"
    return ""


def _open(data):
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRefused("PDF 设有密码或加密,无法检查。请去掉密码后再上传。")
        pages = len(reader.pages)
    except PdfRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise PdfRefused("PDF 文件无法读取或已损坏,请重新导出后再上传。") from exc
    if pages == 0:
        raise PdfRefused("PDF 文件没有页面。")
    if pages > MAX_PAGES:
        raise PdfRefused(f"PDF 共 {pages} 页,超过上限 {MAX_PAGES} 页。")
    return reader


def clean_pdf(data):
    """Bytes of a re-written copy of the PDF ``data`` without metadata and active content;
    :class:`PdfRefused` when it carries JavaScript or cannot be read."""
    reader = _open(data)
    try:
        problem = find_active_content(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise PdfRefused("PDF 文件无法读取或已损坏,请重新导出后再上传。") from exc
    if problem:
        raise PdfRefused(f"PDF {problem},为安全起见不予接收。请打印后拍照,或另存为不含脚本的 PDF。")
    try:
        writer = PdfWriter()
        for page in reader.pages:
            for key in PAGE_KEYS_DROPPED:
                if key in page:
                    del page[NameObject(key)]
            annots = page.get("/Annots")
            if annots is not None:
                kept = ArrayObject(
                    a
                    for a in annots.get_object()
                    if a.get_object().get("/Subtype") not in ANNOTATION_SUBTYPES_DROPPED
                    and "/AA" not in a.get_object()
                )
                if kept:
                    page[NameObject("/Annots")] = kept
                else:
                    del page[NameObject("/Annots")]
            writer.add_page(page)
        writer.metadata = None  # no document information dictionary at all
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise PdfRefused("PDF 文件无法读取或已损坏,请重新导出后再上传。") from exc
    return out.getvalue()
