"""Turn a unit's workbook into normalised ledger rows plus row-level errors and warnings.

:class:`LedgerParser` finds the header row wherever it is on each sheet, reads every sheet whose
header matches the attachment, skips title/unit/blank/decorative/note rows, normalises names and
phones, resolves problem types, and yields unsaved :class:`LedgerRow` objects one by one so that
memory does not grow with the number of rows. The same parser serves the web upload (preview and
confirm), the ``import_ledger`` command and the benchmark.
"""

import datetime
import re
import time
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ledgers.models import ProblemArea, ProblemCategory
from ledgers.phones import looks_scientific
from ledgers.sheets.layouts import (
    FOUR_ONES_FIELDS,
    LAYOUTS,
    Area,
    Attachment,
    Sphere,
    attachments_matching,
    header_lookup,
    normalise_header,
)
from ledgers.sheets.models import FindingCode, FindingDecision, ReviewState, new_row
from ledgers.sheets.normalise import (
    cell_text,
    match_text,
    normalise_name,
    normalise_phone,
    person_key,
    visit_date,
    yes_no,
)
from ledgers.sheets.reader import LedgerFileError, max_rows, max_seconds, open_sheets

HEADER_SCAN_ROWS = 30
LETTERS = [get_column_letter(i + 1) for i in range(64)]
WORDLIKE = re.compile(r"[^\W_]")
STORED_ISSUES = 5000
STORED_SKIPPED = 5000
DEADLINE_EVERY = 256  # rows between two looks at the clock
# A problem table's row without these is real data that needs a look (a finding), not an error.
FINDING_IF_EMPTY = {
    "category": FindingCode.CATEGORY_MISSING,
    "content": FindingCode.CONTENT_MISSING,
}
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
    """One thing found in a cell or row.

    ``level``: "error" (the row is unusable: it is not stored unless the clerk skips it),
    "finding" (real data that needs a look: stored, marked 待核实 with ``code``) or "warning"
    (a hint; nothing is marked).
    """

    level: str
    sheet: str
    row: int | None
    column: str | None  # column letter
    header: str
    message: str
    code: str = ""

    def as_dict(self):
        return {
            "level": self.level,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
            "code": self.code,
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
    found_headers: list = field(default_factory=list)
    header_row_seen: int | None = None
    note: str = ""

    def as_dict(self):
        return {
            "name": self.name,
            "header_row": self.header_row,
            "rows": self.rows,
            "skipped": self.skipped,
            "looks_like": self.looks_like,
            "found_headers": self.found_headers,
            "note": self.note,
        }


def _text_words(mapping, text):
    found = {value for word, value in mapping.items() if word in text}
    return found.pop() if len(found) == 1 else ""


# 附件1's optional columns also match with a trailing hint, e.g. “留联系卡(是/否)”, “走访日期(年月日)”
HINTED_KEYS = frozenset({"visited_on", *FOUR_ONES_FIELDS})


def _hinted_optional(lookup, text):
    """The optional 走访日期/四个一 column a header names once a trailing bracketed hint is
    dropped; None otherwise (the official columns match as before)."""
    stripped = re.sub(r"\([^()]*\)$", "", text)
    key = lookup.get(stripped) if stripped and stripped != text else None
    return key if key in HINTED_KEYS else None


class LedgerParser:
    """Parse one file for ``attachment`` as sent by ``unit`` (unit may be None in tests)."""

    def __init__(
        self,
        attachment,
        unit=None,
        categories=None,
        row_cap=None,
        progress=None,
        skip_errors=False,
        create_trade_types=False,
        time_limit=None,
        period_end=None,
    ):
        self.attachment = int(attachment)
        # the upload's period end (its due date): 附件1 visit dates after it, or more than a year
        # before it, are warned about; None (tests, no period) checks only that a date is readable
        self.period_end = period_end
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
        self.time_limit = max_seconds() if time_limit is None else time_limit
        self.finding_count = 0
        self.error_rows = 0
        self.finding_rows = 0
        self.finding_places = set()
        self.skip_errors = skip_errors
        self.skipped = []
        self.areas_seen = set()
        self._row_issues = []
        # 附件4 行业领域: the unit's own types (key → UnitTradeCategory), created on confirm only.
        self.create_trade_types = create_trade_types
        self.trade_types = {}
        self.new_trade_types = {}
        if self.attachment == Attachment.TARGET_PROBLEMS and unit is not None:
            from ledgers.sheets.models import UnitTradeCategory

            for trade in UnitTradeCategory.objects.filter(unit=unit).select_related(
                "merged_into__merged_into"
            ):
                self.trade_types[trade.key] = trade.kept()

    # -- issues -----------------------------------------------------------------------------
    def add_issue(self, level, sheet, row, column_index, header, message, code=""):
        if level == "error":
            self.error_count += 1
        elif level == "finding":
            self.finding_count += 1
        else:
            self.warning_count += 1
        letter = get_column_letter(column_index + 1) if column_index is not None else None
        issue = Issue(level, sheet, row, letter, header, message, str(code))
        if row is not None:
            self._row_issues.append(issue)
        if len(self.issues) < STORED_ISSUES:
            self.issues.append(issue)

    def _check_clock(self, started):
        if self.time_limit and time.monotonic() - started > self.time_limit:
            raise LedgerFileError(
                f"读取超过 {self.time_limit} 秒仍未完成,已停止。文件可能过大或过于复杂,"
                "请删去空白行列、拆分为几个较小的文件后分别上传。",
                "timeout",
            )

    # -- main loop --------------------------------------------------------------------------
    def rows(self, fileobj, name="台账"):
        """Yield unsaved LedgerRow objects; raise LedgerFileError for a file refused as a whole."""
        started = time.monotonic()
        self.kind, sheets = open_sheets(fileobj, name)
        self._check_clock(started)
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
                if seen_physical % DEADLINE_EVERY == 0:
                    self._check_clock(started)
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
                    header = self._try_header(texts, summary, other_matches, number)
                    if header is None:
                        self._check_preamble(texts, summary, number)
                        context_text += " " + " ".join(texts)
                    else:
                        summary.header_row = number
                        matched_any = True
                        defaults = self._sheet_defaults(context_text)
                    continue
                self._row_issues = []
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
                if self._mark(row, summary.name, number):
                    continue
                yield row
            if header is None and summary.looks_like:
                names = "、".join(f"附件{n}" for n in summary.looks_like)
                summary.note = (
                    f"表头与附件{self.attachment}不符,看起来是{names},未读取"
                    f"(找到的列:{'、'.join(summary.found_headers)})"
                )
            elif header is None:
                summary.note = "没有找到表头,未读取"
        if not any_content:
            raise LedgerFileError("工作簿是空的,没有任何内容。", "empty")
        if not matched_any:
            if other_matches:
                raise LedgerFileError(
                    self._wrong_attachment_message(other_matches), "wrong_attachment"
                )
            expected = "、".join(c.header for c in self.layout.official_columns)
            raise LedgerFileError(
                f"在前 {HEADER_SCAN_ROWS} 行中没有找到附件{self.attachment}的表头"
                f"(应包含:{expected})。请使用下载的模板填写。",
                "no_header",
            )
        if self.row_count == 0:
            raise LedgerFileError("找到了表头,但没有任何数据行。", "no_rows")

    def _wrong_attachment_message(self, other_matches):
        """Names the attachment expected, the expected columns missing and the columns found."""
        summary = next(s for s in self.sheets if s.looks_like)
        found = summary.found_headers
        found_keys = {normalise_header(h) for h in found}
        missing = [
            c.header
            for c in self.layout.official_columns
            if not ({normalise_header(c.header)} | {normalise_header(a) for a in c.aliases})
            & found_keys
        ]
        names = "、".join(f"附件{n}“{LAYOUTS[n].title}”" for n in sorted(other_matches))
        return (
            f"这不是附件{self.attachment}“{self.layout.title}”:工作表“{summary.name}”"
            f"第{summary.header_row_seen}行的表头看起来是{names}。"
            f"附件{self.attachment}应有的列中缺少:{'、'.join(missing) or '(无)'};"
            f"找到的列:{'、'.join(found)}。"
            f"请确认上传时选择的附件;如确是附件{self.attachment},请下载附件{self.attachment}的模板重新填写。"
        )

    def _mark(self, row, sheet, number):
        """Sort the row by what was found in it: True when it must not be stored (an error row
        while skipping errors). Findings go on the row itself (待核实 with their codes)."""
        issues = self._row_issues
        if any(i.level == "error" for i in issues):
            self.error_rows += 1
            if self.skip_errors:
                if len(self.skipped) < STORED_SKIPPED:
                    self.skipped.append(
                        {
                            "sheet": sheet,
                            "row": number,
                            "reasons": [
                                f"{i.column or ''}列({i.header}):{i.message}"
                                if i.column
                                else i.message
                                for i in issues
                                if i.level == "error"
                            ],
                        }
                    )
                return True
        findings = [i for i in issues if i.level == "finding"]
        if findings:
            self.finding_rows += 1
            self.finding_places.add((sheet[:100], number))
            row.review_state = ReviewState.PENDING
            row.review_codes = codes_text(i.code for i in findings)
            row.findings = [finding_entry(i.code, i.column, i.header, i.message) for i in findings]
        return False

    def parse(self, fileobj, name="台账"):
        """Read everything without keeping the rows (preview); returns self."""
        for _ in self.rows(fileobj, name):
            pass
        return self

    # -- pieces -----------------------------------------------------------------------------
    def _try_header(self, texts, summary, other_matches, number=None):
        normalised = [normalise_header(t) for t in texts]
        matches = attachments_matching({n for n in normalised if n})
        if not matches:
            return None
        if self.attachment not in matches or matches[0] != self.attachment:
            # (the second case: e.g. a problem table (附件2) offered as 附件1, the more specific
            # one wins)
            if not summary.looks_like:
                summary.looks_like = matches[:1]
                summary.found_headers = [t for t in texts if t]
                summary.header_row_seen = number
            other_matches.update(matches[:1])
            return None
        header = {}
        for index, text in enumerate(normalised):
            key = self.lookup.get(text) or _hinted_optional(self.lookup, text)
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
        if NOTE_PREFIX.match(match_text(first)) and not cells.get("phone", (0, None, ""))[2]:
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
        problem_table = self.attachment in (Attachment.VISIT_PROBLEMS, Attachment.TARGET_PROBLEMS)
        for column in self.layout.columns:
            if column.required and not cells.get(column.key, (0, None, ""))[2]:
                index = next((i for i, k in header.items() if k == column.key), None)
                if problem_table and column.key in FINDING_IF_EMPTY:
                    self.add_issue(
                        "finding",
                        sheet,
                        number,
                        index,
                        column.header,
                        f"“{column.header}”未填写,本行保存为待核实,请补充",
                        FINDING_IF_EMPTY[column.key],
                    )
                else:
                    self.add_issue(
                        "error",
                        sheet,
                        number,
                        index,
                        column.header,
                        f"“{column.header}”不能为空,请在第{number}行填写",
                    )

        def text_of(key, limit=None):
            # stored exactly as typed: only leading/trailing blanks were trimmed (cell_text)
            value = cells[key][2] if key in cells else ""
            return value[:limit] if limit else value

        row.person_name = text_of("name", 100)
        if "phone" in cells:
            index, value, text = cells["phone"]
            phone, problem = normalise_phone(value)
            row.phone = phone[:40]
            if problem:
                level, message = problem.split(":", 1)
                if level == "error":
                    code = (
                        FindingCode.PHONE_LOSSY
                        if looks_scientific(value)
                        else FindingCode.PHONE_INVALID
                    )
                    self.add_issue("finding", sheet, number, index, "联系电话", message, code)
                else:
                    self.add_issue(level, sheet, number, index, "联系电话", message)
        if not row.phone and self.attachment in (Attachment.VISITS, Attachment.TARGETS):
            index = next((i for i, k in header.items() if k == "phone"), None)
            self.add_issue("warning", sheet, number, index, "联系电话", "没有联系电话,无法回访")
        key_name = normalise_name(row.person_name)
        row.person_key = person_key(key_name, row.phone)[:150]
        row.address = text_of("address", 255)
        row.problem_content = text_of("content")
        row.handling = text_of("handling")
        row.responsible_unit = text_of("responsible_unit", 200)
        row.remarks = text_of("remarks")
        row.cadre = text_of("cadre", 100)
        cadre_key = normalise_name(row.cadre)
        if self.attachment == Attachment.VISITS:
            self._four_ones(row, cells, sheet, number)

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
                    f"“{cells['area'][2]}”无法归入城市或农村:请填“城市”或“农村”",
                )
        if row.area:
            self.areas_seen.add(row.area)
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
                    f"“{cells['sphere'][2]}”无法归入行业领域或公共方面:请填“行业领域”或“公共方面”",
                )
        if self.attachment == Attachment.TARGET_PROBLEMS and not row.sphere:
            self.add_issue(
                "warning",
                sheet,
                number,
                None,
                "行业领域/公共方面",
                "未注明属于行业领域还是公共方面,按公共方面检查问题类型"
                "(可在工作表名称或“行业领域/公共方面”列中注明)",
            )
        if "category" in cells and cells["category"][2]:
            row.category_text = cells["category"][2][:100]
            if self.attachment == Attachment.TARGET_PROBLEMS and row.sphere == Sphere.SECTOR:
                self._trade_category(row, cells["category"][2])
            else:
                self._public_category(row, cells["category"], sheet, number)
        if not row.area and self.attachment in (Attachment.VISITS, Attachment.VISIT_PROBLEMS):
            self.area_missing += 1
            if self.area_missing <= 1000 and not self.keep_people:
                self.area_sample.append(
                    PersonRecord(row.person_key, key_name, cadre_key, "", sheet, number)
                )
        if self.keep_people and row.person_key:
            self.people.append(
                PersonRecord(row.person_key, key_name, cadre_key, row.area, sheet, number)
            )
        return row

    def _four_ones(self, row, cells, sheet, number):
        """附件1's optional 走访日期 and 四个一 columns: read when present and filled; a value that
        cannot be read keeps the row (the field stays empty) and gets a warning saying the fix."""
        for key, field_name in FOUR_ONES_FIELDS.items():
            if key in cells and cells[key][2]:
                value = yes_no(cells[key][2])
                if value is None:
                    header = self.layout.column(key).header
                    self.add_issue(
                        "warning",
                        sheet,
                        number,
                        cells[key][0],
                        header,
                        f"第{number}行“{header}”填写为“{cells[key][2]}”,无法识别:请填“是”或“否”",
                    )
                setattr(row, field_name, value)
        if "visited_on" in cells and cells["visited_on"][2]:
            index, value, text = cells["visited_on"]
            day = visit_date(value)
            if day is None:
                self.add_issue(
                    "warning",
                    sheet,
                    number,
                    index,
                    "走访日期",
                    f"第{number}行“走访日期”填写为“{text}”,无法识别:请写成 2026-03-05",
                )
            elif self.period_end and not (
                self.period_end - datetime.timedelta(days=366) <= day <= self.period_end
            ):
                self.add_issue(
                    "warning",
                    sheet,
                    number,
                    index,
                    "走访日期",
                    f"第{number}行“走访日期”{day:%Y-%m-%d}不在本期范围内"
                    f"(本期截止于{self.period_end:%Y-%m-%d}):请核对走访日期",
                )
                day = None
            row.visited_on = day

    def _trade_category(self, row, typed):
        """附件4 行业领域: any non-empty type; the unit's own list grows from what it files."""
        key = normalise_header(typed)[:60]
        trade = self.trade_types.get(key)
        if trade is None and self.create_trade_types and self.unit is not None:
            from ledgers.sheets.models import UnitTradeCategory

            trade, _created = UnitTradeCategory.objects.get_or_create(
                unit=self.unit, key=key, defaults={"name": typed[:60]}
            )
            trade = trade.kept()
            self.trade_types[key] = trade
        if trade is None:
            self.new_trade_types[typed] = self.new_trade_types.get(typed, 0) + 1
        else:
            row.trade_category_id = trade.pk

    def _public_category(self, row, cell, sheet, number):
        """Public-sphere rows: the office's list; an unlisted type is a finding."""
        index, _value, typed = cell
        category = self.categories.get(normalise_header(typed))
        if category is None:
            self.unknown_categories[typed] = self.unknown_categories.get(typed, 0) + 1
            self.add_issue(
                "finding",
                sheet,
                number,
                index,
                "问题类型",
                f"问题类型“{typed}”不在作风办的问题类型目录中:本行照常保存并标记为待核实;"
                "如为新类型,请联系作风办添加",
                FindingCode.CATEGORY_UNLISTED,
            )
            return
        row.category_id = category.pk
        if not category.is_active:
            self.add_issue(
                "warning", sheet, number, index, "问题类型", f"问题类型“{category.name}”已停用"
            )
        elif row.area and category.area != ProblemArea.BOTH and category.area != row.area:
            self.add_issue(
                "warning",
                sheet,
                number,
                index,
                "问题类型",
                f"“{category.name}”是{category.get_area_display()}问题类型,本行为{Area(row.area).label}",
            )

    # -- results ----------------------------------------------------------------------------
    def report(self):
        return {
            "kind": self.kind,
            "rows": self.row_count,
            "errors": self.error_count,
            "error_rows": self.error_rows,
            "findings_in_rows": self.finding_count,
            "finding_rows": self.finding_rows,
            "warnings": self.warning_count,
            "sheets": [s.as_dict() for s in self.sheets],
            "issues": [i.as_dict() for i in self.issues],
            "issues_truncated": self.error_count + self.finding_count + self.warning_count
            > len(self.issues),
            "unknown_categories": self.unknown_categories,
            "new_trade_types": self.new_trade_types,
        }


def codes_text(codes):
    """ ",a,b," — stored with the row so that a listing can filter on one code."""
    unique = list(dict.fromkeys(str(c) for c in codes if c))
    return f",{','.join(unique)}," if unique else ""


def finding_entry(code, column, header, message):
    return {
        "code": str(code),
        "column": column or "",
        "header": header,
        "message": message,
        "state": FindingDecision.PENDING.value,
    }
