"""Safe spreadsheet export: cells that Excel/WPS would read as formulas are written as text.

One guard for every export of the project. Hand-written workbooks pass their rows through
:func:`safe_row`. Every Wagtail export — the ``list_export`` of each ModelViewSet and
SnippetViewSet, report views, Wagtail's own page explorer and reports — goes through
``SpreadsheetExportMixin.preprocess_field_value``; :func:`install_export_guard` (run once by
``LedgersConfig.ready``) wraps that one method, so no viewset can forget it, including viewsets
added later. Wagtail has no setting for this; its documented extension points
(``custom_value_preprocess``) see the raw value, e.g. a ProblemCategory instance, not the text
written. ``tests/ledgers/test_export_guard.py`` walks every registered viewset and report view and
feeds formula text to each.
"""

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Escape a value for export (CSV injection): a leading ' makes Excel and WPS show text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]


def install_export_guard():
    """Make every Wagtail spreadsheet export escape formula-like cells (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "export_guard", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(original(self, field, value, export_format))

    preprocess_field_value.export_guard = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def xlsx_response(content, filename):
    """An .xlsx download: ``content`` is the workbook's bytes or an openpyxl ``Workbook``; never
    cached (the sheets hold personal data)."""
    import io

    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    if not isinstance(content, bytes | bytearray):
        buffer = io.BytesIO()
        content.save(buffer)
        content = buffer.getvalue()
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
