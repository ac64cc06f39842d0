"""Open whatever a unit sends (.xlsx, .xls, .ods, CSV in UTF-8 or GBK) as sheets of rows.

Refuses, before parsing, what is not a workbook, what is empty, and decompression bombs (zip
members are checked for size and compression ratio from the zip directory, without inflating
anything). Rows are streamed: an .xlsx is read with openpyxl in read-only mode, so memory stays
flat however long the sheet is (see docs/sheets.md for the measurements behind the choice).
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from ledgers.uploads import OLE_MAGIC

MAX_COLUMNS = 40


class LedgerFileError(Exception):
    """The file cannot be taken as a ledger; ``message`` says why, in Chinese."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def setting(name, default):
    return getattr(settings, name, default)


def max_rows():
    return int(setting("PORTAL_LEDGER_MAX_ROWS", 100_000))


@dataclass
class Sheet:
    name: str
    rows: object  # iterator of (row_number, tuple of values)
    estimated_rows: int = 0


def sniff_kind(fileobj):
    """xlsx, ods, xls, csv or None, by content."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if not head:
        return None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
                mimetype = (
                    archive.read("mimetype")[:100] if "mimetype" in names else b""
                )  # tiny, stored member
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return None
        finally:
            fileobj.seek(0)
        if "xl/workbook.xml" in names:
            return "xlsx"
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        return None
    if head.startswith(OLE_MAGIC):
        return "xls"
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return "csv"
        except UnicodeDecodeError:
            # a multibyte character may be cut at the end of the sample
            try:
                head[:-4].decode(encoding)
                return "csv"
            except UnicodeDecodeError:
                continue
    return None


def check_zip(fileobj):
    """Refuse decompression bombs from the zip directory alone (nothing is inflated)."""
    limit_total = int(setting("PORTAL_LEDGER_MAX_UNCOMPRESSED", 400 * 1024 * 1024))
    limit_ratio = int(setting("PORTAL_LEDGER_MAX_RATIO", 200))
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LedgerFileError("文件已损坏,无法作为 Excel 工作簿打开。", "corrupt") from exc
    finally:
        fileobj.seek(0)
    if len(infos) > 5000:
        raise LedgerFileError("工作簿内部文件数量异常,疑似恶意压缩文件,已拒收。", "bomb")
    total = 0
    for info in infos:
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and info.file_size / compressed > limit_ratio:
            raise LedgerFileError(
                f"工作簿内的“{info.filename}”解压后约 {info.file_size // (1024 * 1024)} MB,"
                f"压缩比超过 {limit_ratio}:1,疑似“压缩炸弹”,已拒收。",
                "bomb",
            )
    if total > limit_total:
        raise LedgerFileError(
            f"工作簿解压后约 {total // (1024 * 1024)} MB,超过上限 "
            f"{limit_total // (1024 * 1024)} MB,已拒收。请拆分后上传。",
            "bomb",
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


def _csv_sheets(fileobj, name):
    fileobj.seek(0)
    data = fileobj.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerFileError(
            "CSV 文件的编码无法识别(支持 UTF-8 和 GBK)。请用 Excel 或 WPS “另存为” Excel 工作簿(*.xlsx)后再上传。",
            "encoding",
        )
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)

    def rows():
        for number, values in enumerate(reader, start=1):
            yield number, tuple(values[:MAX_COLUMNS])

    yield Sheet(name.rsplit(".", 1)[0][:100] or "CSV", rows(), text.count("\n") + 1)


def open_sheets(fileobj, name="台账"):
    """(kind, iterator of Sheet). Raises LedgerFileError for what cannot be a ledger."""
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    if size == 0:
        raise LedgerFileError(f"文件“{name}”是空文件。", "empty")
    limit = int(setting("PORTAL_LEDGER_MAX_BYTES", 30 * 1024 * 1024))
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
    if kind in ("xlsx", "ods"):
        check_zip(fileobj)
    if kind == "xlsx":
        # Measured (docs/sheets.md): python-calamine reads ~15–25x faster than openpyxl's
        # read-only mode but holds the whole sheet in memory (~0.6 KB a row); openpyxl streams
        # with flat memory. Small files take the fast path, large ones stream.
        if size <= int(setting("PORTAL_LEDGER_CALAMINE_MAX_BYTES", 2 * 1024 * 1024)):
            return kind, _calamine_sheets(fileobj, kind)
        return kind, _openpyxl_sheets(fileobj)
    if kind in ("xls", "ods"):
        return kind, _calamine_sheets(fileobj, kind)
    return kind, _csv_sheets(fileobj, name)
