"""Turn a unit's workbook into normalised ledger rows plus row-level errors and warnings.

:class:`LedgerParser` finds the header row wherever it is on each sheet, reads every sheet whose
header matches the attachment, skips title/unit/blank/decorative/note rows, normalises names and
phones, resolves problem types, and yields unsaved :class:`LedgerRow` objects one by one so that
memory does not grow with the number of rows. The same parser serves the web upload (preview and
confirm), the ``import_ledger`` command and the benchmark.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ledgers.models import ProblemArea, ProblemCategory
from ledgers.sheets.layouts import (
    LAYOUTS,
    Area,
    Attachment,
    Sphere,
    attachments_matching,
    header_lookup,
    normalise_header,
)
from ledgers.sheets.models import new_row
from ledgers.sheets.normalise import (
    cell_text,
    collapse_spaces,
    normalise_name,
    normalise_phone,
    person_key,
)
from ledgers.sheets.reader import LedgerFileError, max_rows, open_sheets

HEADER_SCAN_ROWS = 30
LETTERS = [get_column_letter(i + 1) for i in range(64)]
WORDLIKE = re.compile(r"[^\W_]")
STORED_ISSUES = 5000
NOTE_PREFIX = re.compile(r"^(注|说明|填表说明|备注[::]|附注|制表|填表人|审核人|联系人|合计|总计)")
UNIT_LINE = re.compile(r"^单位(\(公章\)|(公章))?[::]\s*(.*)$")
AREA_WORDS = {
    "城市": Area.URBAN,
    "城镇": Area.URBAN,
    "城区": Area.URBAN,
    "社区": Area.URBAN,
    "农村": Area.RURAL,
    "乡村": Area.RURAL,
}
SPHERE_WORDS = {
    "行业领域": Sphere.SECTOR,
    "行业": Sphere.SECTOR,
    "公共方面": Sphere.PUBLIC,
    "公共": Sphere.PUBLIC,
}


@dataclass
class Issue:
    level: str  # "error" | "warning"
    sheet: str
    row: int | None
    column: str | None  # column letter
    header: str
    message: str

    def as_dict(self):
        return {
            "level": self.level,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }

    def location(self):
        where = f"工作表“{self.sheet}”"
        if self.row:
            where += f" 第{self.row}行"
        if self.column:
            where += f" {self.column}列({self.header})"
        return where


@dataclass
class PersonRecord:
    """What the rules need of a row (kept for 附件1 and 附件3 only)."""

    key: str
    name: str
    cadre: str
    area: str
    sheet: str
    row: int


@dataclass
class SheetSummary:
    name: str
    header_row: int | None = None
    rows: int = 0
    skipped: int = 0
    looks_like: list = field(default_factory=list)
    note: str = ""

    def as_dict(self):
        return {
            "name": self.name,
            "header_row": self.header_row,
            "rows": self.rows,
            "skipped": self.skipped,
            "looks_like": self.looks_like,
            "note": self.note,
        }


def _text_words(mapping, text):
    found = {value for word, value in mapping.items() if word in text}
    return found.pop() if len(found) == 1 else ""


class LedgerParser:
    """Parse one file for ``attachment`` as sent by ``unit`` (unit may be None in tests)."""

    def __init__(self, attachment, unit=None, categories=None, row_cap=None, progress=None):
        self.attachment = int(attachment)
        self.layout = LAYOUTS[self.attachment]
        self.lookup = header_lookup(self.layout)
        self.unit = unit
        if categories is None:
            categories = ProblemCategory.objects.all()
        self.categories = {normalise_header(c.name): c for c in categories}
        self.row_cap = row_cap or max_rows()
        self.progress = progress
        self.issues = []
        self.error_count = 0
        self.warning_count = 0
        self.row_count = 0
        self.sheets = []
        self.people = []
        self.kind = ""
        self.unknown_categories = {}
        self.area_missing = 0
        self.area_sample = []
        self.keep_people = self.attachment in (Attachment.VISITS, Attachment.TARGETS)

    # -- issues -----------------------------------------------------------------------------
    def add_issue(self, level, sheet, row, column_index, header, message):
        if level == "error":
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self.issues) < STORED_ISSUES:
            letter = get_column_letter(column_index + 1) if column_index is not None else None
            self.issues.append(Issue(level, sheet, row, letter, header, message))

    # -- main loop --------------------------------------------------------------------------
    def rows(self, fileobj, name="台账"):
        """Yield unsaved LedgerRow objects; raise LedgerFileError for a file refused as a whole."""
        self.kind, sheets = open_sheets(fileobj, name)
        seen_physical = 0
        matched_any = False
        other_matches = set()
        any_content = False
        physical_cap = self.row_cap + 10_000
        for sheet in sheets:
            summary = SheetSummary(sheet.name)
            self.sheets.append(summary)
            header = None
            context_text = sheet.name
            for number, values in sheet.rows:
                seen_physical += 1
                if seen_physical > physical_cap:
                    raise LedgerFileError(
                        f"文件行数超过上限(最多 {self.row_cap} 行数据),已拒收。请拆分后上传。",
                        "too_many_rows",
                    )
                texts = [cell_text(v) for v in values]
                if not any(texts):
                    if header is not None:
                        summary.skipped += 1
                    continue
                any_content = True
                if header is None:
                    if number > HEADER_SCAN_ROWS:
                        break
                    header = self._try_header(texts, summary, other_matches)
                    if header is None:
                        self._check_preamble(texts, summary, number)
                        context_text += " " + " ".join(texts)
                    else:
                        summary.header_row = number
                        matched_any = True
                        defaults = self._sheet_defaults(context_text)
                    continue
                row = self._data_row(values, texts, header, summary, number, defaults)
                if row is None:
                    summary.skipped += 1
                    continue
                self.row_count += 1
                summary.rows += 1
                if self.row_count > self.row_cap:
                    raise LedgerFileError(
                        f"数据行数超过上限 {self.row_cap} 行,已拒收。请拆分后分别上传。",
                        "too_many_rows",
                    )
                if self.progress and self.row_count % 2000 == 0:
                    self.progress(self.row_count, sheet.estimated_rows)
                yield row
            if header is None and summary.looks_like:
                names = "、".join(f"附件{n}" for n in summary.looks_like)
                summary.note = f"表头与附件{self.attachment}不符,看起来是{names},未读取"
            elif header is None:
                summary.note = "没有找到表头,未读取"
        if not any_content:
            raise LedgerFileError("工作簿是空的,没有任何内容。", "empty")
        if not matched_any:
            if other_matches:
                names = "、".join(f"附件{n}“{LAYOUTS[n].title}”" for n in sorted(other_matches))
                raise LedgerFileError(
                    f"这不是附件{self.attachment}“{self.layout.title}”:表头看起来是{names}。"
                    "请确认选择的附件,或使用正确的模板。",
                    "wrong_attachment",
                )
            expected = "、".join(c.header for c in self.layout.official_columns)
            raise LedgerFileError(
                f"在前 {HEADER_SCAN_ROWS} 行中没有找到附件{self.attachment}的表头"
                f"(应包含:{expected})。请使用下载的模板填写。",
                "no_header",
            )
        if self.row_count == 0:
            raise LedgerFileError("找到了表头,但没有任何数据行。", "no_rows")

    def parse(self, fileobj, name="台账"):
        """Read everything without keeping the rows (preview); returns self."""
        for _ in self.rows(fileobj, name):
            pass
        return self

    # -- pieces -----------------------------------------------------------------------------
    def _try_header(self, texts, summary, other_matches):
        normalised = [normalise_header(t) for t in texts]
        matches = attachments_matching({n for n in normalised if n})
        if not matches:
            return None
        if self.attachment not in matches:
            summary.looks_like = matches[:1]
            other_matches.update(matches[:1])
            return None
        if matches[0] != self.attachment:
            # e.g. a problem table (附件2) offered as 附件1: the more specific one wins.
            summary.looks_like = matches[:1]
            other_matches.update(matches[:1])
            return None
        header = {}
        for index, text in enumerate(normalised):
            key = self.lookup.get(text)
            if key and key not in header.values():
                header[index] = key
        return header

    def _check_preamble(self, texts, summary, number):
        first = next((t for t in texts if t), "")
        match = UNIT_LINE.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", first)))
        if match and self.unit is not None:
            named = match.group(3) or next((t for t in texts[texts.index(first) + 1 :] if t), "")
            named = normalise_header(named)
            names = {normalise_header(self.unit.name), normalise_header(self.unit.short_name or "")}
            if named and not any(n and (n in named or named in n) for n in names):
                self.add_issue(
                    "warning",
                    summary.name,
                    number,
                    None,
                    "",
                    f"表中填写的单位“{named}”与上传单位“{self.unit.name}”不一致",
                )

    def _sheet_defaults(self, context):
        # the sheet name wins over the title/unit lines above the header
        sheet_name, _sep, preamble = context.partition(" ")
        area = _text_words(AREA_WORDS, sheet_name) or _text_words(AREA_WORDS, preamble)
        defaults = {"area": area, "sphere": ""}
        if self.attachment == Attachment.VISIT_PROBLEMS:
            defaults["sphere"] = Sphere.PUBLIC
        elif self.attachment == Attachment.TARGET_PROBLEMS:
            # The official title names both spheres: only a sheet name or a title naming one counts.
            defaults["sphere"] = _text_words(SPHERE_WORDS, sheet_name) or _text_words(
                SPHERE_WORDS, preamble.replace("行业领域/公共方面", "")
            )
        if self.attachment in (Attachment.TARGETS, Attachment.TARGET_PROBLEMS, Attachment.HOTLINE):
            defaults["area"] = ""
        return defaults

    def _data_row(self, values, texts, header, summary, number, defaults):
        cells = {}
        raw = {}
        for index, key in header.items():
            if index < len(texts):
                cells[key] = (index, values[index], texts[index])
        non_empty = [t for t in texts if t]
        # repeated header (page break), note, total or decorative single-cell rows
        first = non_empty[0]
        if not any(WORDLIKE.search(t) for t in non_empty):
            return None  # decorative: only stars, dashes, lines
        if NOTE_PREFIX.match(first) and not cells.get("phone", (0, None, ""))[2]:
            return None
        if (
            normalise_header(first) in self.lookup
            and sum(1 for t in non_empty if normalise_header(t) in self.lookup) >= 2
        ):
            return None
        if len(non_empty) == 1 and not any(
            cells.get(c.key, (0, None, ""))[2] for c in self.layout.columns if c.required
        ):
            return None
        for index, text in enumerate(texts):
            if text:
                raw[LETTERS[index]] = text[:500]

        sheet = summary.name
        row = new_row(sheet_name=sheet[:100], row_number=number, raw=raw)
        for column in self.layout.columns:
            if column.required and not cells.get(column.key, (0, None, ""))[2]:
                index = next((i for i, k in header.items() if k == column.key), None)
                self.add_issue(
                    "error", sheet, number, index, column.header, f"“{column.header}”不能为空"
                )

        def text_of(key, limit=None):
            value = collapse_spaces(cells[key][2]) if key in cells else ""
            return value[:limit] if limit else value

        row.person_name = normalise_name(cells["name"][1])[:100] if "name" in cells else ""
        if "phone" in cells:
            index, value, text = cells["phone"]
            phone, problem = normalise_phone(value)
            row.phone = phone[:40]
            if problem:
                level, message = problem.split(":", 1)
                self.add_issue(level, sheet, number, index, "联系电话", message)
        if not row.phone and self.attachment in (Attachment.VISITS, Attachment.TARGETS):
            index = next((i for i, k in header.items() if k == "phone"), None)
            self.add_issue("warning", sheet, number, index, "联系电话", "没有联系电话,无法回访")
        row.person_key = person_key(row.person_name, row.phone)[:150]
        row.address = text_of("address", 255)
        row.problem_content = text_of("content")
        row.handling = text_of("handling")
        row.responsible_unit = text_of("responsible_unit", 200)
        row.remarks = text_of("remarks")
        row.cadre = normalise_name(cells["cadre"][1])[:100] if "cadre" in cells else ""

        row.area = defaults["area"]
        if "area" in cells and cells["area"][2]:
            area = _text_words(AREA_WORDS, cells["area"][2])
            if area:
                row.area = area
            else:
                self.add_issue(
                    "error",
                    sheet,
                    number,
                    cells["area"][0],
                    "城市/农村",
                    f"“{cells['area'][2]}”应填“城市”或“农村”",
                )
        row.sphere = defaults["sphere"]
        if "sphere" in cells and cells["sphere"][2]:
            sphere = _text_words(SPHERE_WORDS, cells["sphere"][2])
            if sphere:
                row.sphere = sphere
            else:
                self.add_issue(
                    "error",
                    sheet,
                    number,
                    cells["sphere"][0],
                    "行业领域/公共方面",
                    f"“{cells['sphere'][2]}”应填“行业领域”或“公共方面”",
                )
        if self.attachment == Attachment.TARGET_PROBLEMS and not row.sphere:
            self.add_issue(
                "warning",
                sheet,
                number,
                None,
                "行业领域/公共方面",
                "未注明属于行业领域还是公共方面(可在工作表名称或“行业领域/公共方面”列中注明)",
            )
        if "category" in cells and cells["category"][2]:
            name = normalise_header(cells["category"][2])
            category = self.categories.get(name)
            if category is None:
                self.unknown_categories[cells["category"][2]] = (
                    self.unknown_categories.get(cells["category"][2], 0) + 1
                )
                self.add_issue(
                    "error",
                    sheet,
                    number,
                    cells["category"][0],
                    "问题类型",
                    f"未知的问题类型“{cells['category'][2]}”(如确需新增,请联系作风办在“问题类型”中添加)",
                )
            else:
                row.category_id = category.pk
                if not category.is_active:
                    self.add_issue(
                        "warning",
                        sheet,
                        number,
                        cells["category"][0],
                        "问题类型",
                        f"问题类型“{category.name}”已停用",
                    )
                elif row.area and category.area != ProblemArea.BOTH and category.area != row.area:
                    self.add_issue(
                        "warning",
                        sheet,
                        number,
                        cells["category"][0],
                        "问题类型",
                        f"“{category.name}”是{category.get_area_display()}问题类型,本行为{Area(row.area).label}",
                    )
        if not row.area and self.attachment in (Attachment.VISITS, Attachment.VISIT_PROBLEMS):
            self.area_missing += 1
            if self.area_missing <= 1000 and not self.keep_people:
                self.area_sample.append(
                    PersonRecord(row.person_key, row.person_name, row.cadre, "", sheet, number)
                )
        if self.keep_people and row.person_key:
            self.people.append(
                PersonRecord(row.person_key, row.person_name, row.cadre, row.area, sheet, number)
            )
        return row

    # -- results ----------------------------------------------------------------------------
    def report(self):
        return {
            "kind": self.kind,
            "rows": self.row_count,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "sheets": [s.as_dict() for s in self.sheets],
            "issues": [i.as_dict() for i in self.issues],
            "issues_truncated": self.error_count + self.warning_count > len(self.issues),
            "unknown_categories": self.unknown_categories,
        }
