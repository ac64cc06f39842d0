"""Open whatever a unit sends (.xlsx, .xls, .ods, CSV in UTF-8 or GBK) as sheets of rows.

Refuses, before parsing, what is not a workbook, what is empty, and decompression bombs (zip
members are checked for size and compression ratio from the zip directory, without inflating
anything). Rows are streamed: an .xlsx whose sheets are large *once unpacked* is read with
openpyxl in read-only mode, so memory stays flat however long the sheet is; only sheets small
once unpacked take python-calamine, which holds the sheet (see docs/sheets.md for the
measurements behind the choice). CSV is decoded chunk by chunk. The parser adds a row cap and a
wall-clock limit on every path.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from ledgers.uploads import sniff

MAX_COLUMNS = 40


class LedgerFileError(Exception):
    """The file cannot be taken as a ledger; ``message`` says why, in Chinese."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def max_rows():
    return int(settings.PORTAL_LEDGER_MAX_ROWS)


def max_seconds():
    """Wall-clock limit of one read (preview or confirm), in seconds."""
    return float(settings.PORTAL_LEDGER_MAX_SECONDS)


def calamine_max_unpacked():
    """Sheets up to this size *once unpacked* may be held whole by python-calamine."""
    return int(settings.PORTAL_LEDGER_CALAMINE_MAX_UNPACKED)


@dataclass
class Sheet:
    name: str
    rows: object  # iterator of (row_number, tuple of values)
    estimated_rows: int = 0


def sniff_kind(fileobj):
    """xlsx, ods, xls, csv or None, by content: the project's one upload sniffer
    (``ledgers.uploads.sniff``) decides; an OLE file is read as a 97-2003 workbook, and CSV is
    only delimited text (HTML/SVG/XML renamed .csv is refused)."""
    kind = sniff(fileobj)
    if kind == "ole":
        return "xls"
    return kind if kind in ("xlsx", "ods", "csv") else None


def check_zip(fileobj):
    """Refuse decompression bombs from the zip directory alone (nothing is inflated)."""
    limit_total = int(settings.PORTAL_LEDGER_MAX_UNCOMPRESSED)
    limit_ratio = int(settings.PORTAL_LEDGER_MAX_RATIO)
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LedgerFileError("文件已损坏,无法作为 Excel 工作簿打开。", "corrupt") from exc
    finally:
        fileobj.seek(0)
    if len(infos) > 5000:
        raise LedgerFileError(
            "工作簿内部结构异常(部件数量过多),无法作为台账读取,已拒收。"
            "请在 Excel 或 WPS 中“另存为”新的 .xlsx 文件后再上传。",
            "bomb",
        )
    total = 0
    for info in infos:
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and info.file_size / compressed > limit_ratio:
            raise LedgerFileError(
                f"文件解压后过大(约 {info.file_size // (1024 * 1024)} MB,是压缩后的 "
                f"{limit_ratio} 倍以上),无法安全读取,已拒收。"
                "如确是台账,请删去多余的空白行列,或拆分为几个较小的文件后分别上传。",
                "bomb",
            )
    if total > limit_total:
        raise LedgerFileError(
            f"文件解压后过大(约 {total // (1024 * 1024)} MB,上限 "
            f"{limit_total // (1024 * 1024)} MB),已拒收。请拆分为几个较小的文件后分别上传。",
            "bomb",
        )
    return infos


def unpacked_sheet_bytes(infos, kind):
    """How large the sheet data is once unpacked (from the zip directory, nothing inflated)."""
    if kind == "ods":
        return sum(i.file_size for i in infos if i.filename == "content.xml")
    return sum(
        i.file_size
        for i in infos
        if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml"
    )


def _openpyxl_sheets(fileobj):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise LedgerFileError("文件已损坏或不是有效的 Excel 工作簿,无法读取。", "corrupt") from exc
    for worksheet in workbook.worksheets:
        if getattr(worksheet, "sheet_state", "visible") != "visible":
            continue

        def rows(ws=worksheet):
            yield from enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)

        try:
            estimated = worksheet.max_row or 0
        except Exception:  # a sheet without a dimension element
            estimated = 0
        yield Sheet(worksheet.title, rows(), estimated)
    workbook.close()


def _calamine_sheets(fileobj, kind):
    from python_calamine import CalamineError, CalamineWorkbook

    fileobj.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(fileobj)
    except (CalamineError, ValueError, OSError) as exc:
        raise LedgerFileError(
            f"文件已损坏,无法作为 .{kind} 工作簿读取。请在 Excel 或 WPS 中“另存为” Excel 工作簿(*.xlsx)后再上传。",
            "corrupt",
        ) from exc
    for metadata in workbook.sheets_metadata:
        if str(metadata.visible).lower().endswith("hidden"):
            continue
        sheet = workbook.get_sheet_by_name(metadata.name)

        # python-calamine yields rows from the first row of the sheet but columns only from
        # the first used column: pad on the left so that column letters stay true.
        pad = (None,) * (sheet.start[1] if sheet.start else 0)

        def rows(sheet=sheet, pad=pad):
            for number, values in enumerate(sheet.iter_rows(), start=1):
                yield number, (pad + tuple(values))[:MAX_COLUMNS]

        yield Sheet(metadata.name, rows(), sheet.height or 0)


def _csv_encoding(fileobj):
    """utf-8-sig or gb18030, checked over the whole file chunk by chunk (nothing kept)."""
    for encoding in ("utf-8-sig", "gb18030"):
        fileobj.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in iter(lambda: fileobj.read(1 << 16), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        fileobj.seek(0)
        return encoding
    raise LedgerFileError(
        "CSV 文件的编码无法识别(支持 UTF-8 和 GBK)。请用 Excel 或 WPS “另存为” Excel 工作簿(*.xlsx)后再上传。",
        "encoding",
    )


def _csv_lines(fileobj, encoding):
    """The file's lines, decoded chunk by chunk: never the whole text in memory."""
    fileobj.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    pending = ""
    for chunk in iter(lambda: fileobj.read(1 << 16), b""):
        pending += decoder.decode(chunk)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _csv_sheets(fileobj, name):
    encoding = _csv_encoding(fileobj)
    sample = "".join(
        line for line, _ in zip(_csv_lines(fileobj, encoding), range(20), strict=False)
    )
    try:
        dialect = csv.Sniffer().sniff(sample[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    fileobj.seek(0)
    estimated = sum(chunk.count(b"\n") for chunk in iter(lambda: fileobj.read(1 << 16), b"")) + 1
    reader = csv.reader(_csv_lines(fileobj, encoding), dialect)

    def rows():
        for number, values in enumerate(reader, start=1):
            yield number, tuple(values[:MAX_COLUMNS])

    yield Sheet(name.rsplit(".", 1)[0][:100] or "CSV", rows(), estimated)


def open_sheets(fileobj, name="台账"):
    """(kind, iterator of Sheet). Raises LedgerFileError for what cannot be a ledger."""
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    if size == 0:
        raise LedgerFileError(f"文件“{name}”是空文件。", "empty")
    limit = int(settings.PORTAL_LEDGER_MAX_BYTES)
    if size > limit:
        raise LedgerFileError(
            f"文件“{name}”超过上限 {limit // (1024 * 1024)} MB。请拆分后上传。", "too_large"
        )
    kind = sniff_kind(fileobj)
    if kind is None:
        raise LedgerFileError(
            f"文件“{name}”不是 Excel 工作簿(系统按文件内容识别,改扩展名无效)。"
            "请上传 .xlsx 文件;.xls 和 CSV(UTF-8 或 GBK)也可读取。",
            "not_workbook",
        )
    return kind, _sheets_of_kind(fileobj, kind, size, name)


def choose_engine(kind, size, unpacked):
    """Which reader takes a file: "calamine" (fast, holds the sheet), "openpyxl" (streams),
    "csv" (streams), or None when no reader can take it within bounded memory.

    Measured (docs/sheets.md): python-calamine reads ~15–25x faster than openpyxl's read-only
    mode but holds the whole sheet (~0.6 KB a row); openpyxl streams with flat memory. The choice
    is made on the size *once unpacked*, so a highly compressed file cannot slip a huge sheet
    onto the calamine path.
    """
    limit = calamine_max_unpacked()
    if kind == "csv":
        return "csv"
    if kind == "xlsx":
        small_file = size <= int(settings.PORTAL_LEDGER_CALAMINE_MAX_BYTES)
        return "calamine" if small_file and unpacked <= limit else "openpyxl"
    # .ods and .xls: only python-calamine reads them, and it holds the sheet
    return "calamine" if unpacked <= limit else None


def _sheets_of_kind(fileobj, kind, size, name):
    unpacked = size
    if kind in ("xlsx", "ods"):
        unpacked = unpacked_sheet_bytes(check_zip(fileobj), kind)
    engine = choose_engine(kind, size, unpacked)
    if engine is None:
        raise LedgerFileError(
            f"文件解压后过大(约 {unpacked // (1024 * 1024)} MB),.{kind} 格式无法分段读取,已拒收。"
            "请在 Excel 或 WPS 中“另存为” Excel 工作簿(*.xlsx)后上传,或拆分为几个较小的文件。",
            "too_large_unpacked",
        )
    if engine == "calamine":
        return _calamine_sheets(fileobj, kind)
    if engine == "openpyxl":
        return _openpyxl_sheets(fileobj)
    return _csv_sheets(fileobj, name)
