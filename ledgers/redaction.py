"""One redaction for every text that leaves the office (whistle-blower protection).

Whatever a unit, a 交办单, an export, a history entry or the public site shows of a text that a
reporter or the office wrote (report content and place, case titles and content, answers) passes
through :func:`redact`:

- the reporters' names (given by the caller) become "王某"; "我叫王小明", "姓名:王小明",
  "王小明先生" patterns are masked too;
- phone numbers in any format — mobile, landline with area code, local 7–8 digits, +86/0086,
  spaces, dashes, dots, brackets, full-width digits (１３８…), Chinese numerals (一三八…) —
  become "[电话已隐去]";
- 18-digit ID numbers (check digit X included) and 15-digit old ones become "[证件号已隐去]";
- any other run of 7 or more digits (QQ, bank card…) becomes "[号码已隐去]"; dates such as
  2026-12-17 or 20261217 stay.

``public=True`` (the public results list) also removes house numbers (3号楼, 2单元, 501室,
5-2-301, 三号楼) and shorter digit runs, while dates like 10月12号 survive. The unit keeps the
address, which it needs to fix the problem.

:func:`search_matches` is the unit-side search filter: a term matches only what the user is shown,
so a search can never reveal hidden text (no oracle).
"""

import re

PHONE_MASK = "[电话已隐去]"
ID_MASK = "[证件号已隐去]"
NUMBER_MASK = "[号码已隐去]"
HOUSE_MASK = "**"

# Characters people type for digits, mapped one to one (the string keeps its length, so match
# positions in the translated text are positions in the original).
_FULL_WIDTH = {ord("０") + i: str(i) for i in range(10)}
_FULL_WIDTH.update({ord("Ｘ"): "X", ord("ｘ"): "x"})
_CN_DIGITS = dict(zip("〇零幺一二三四五六七八九", "001123456789", strict=True))
_CN_TABLE = {ord(k): v for k, v in _CN_DIGITS.items()}

# Between two digits: up to two separators (space, ideographic space, dashes, dots, brackets).
_SEP = r"[ \t\u3000\u00a0\-－—–‐.．·()（）/]"
_RUN = re.compile(rf"(?<![0-9])(?:\+{_SEP}?)?[(（]?[0-9](?:{_SEP}{{0,2}}[0-9])*(?:{_SEP}?[Xx])?")
_CN_RUN = re.compile(r"[〇零幺一二三四五六七八九](?:[ \u3000\-－]?[〇零幺一二三四五六七八九]){6,}")
_DATE = re.compile(r"^(?:19|20)\d{2}(?:[-./年－](\d{1,2})[-./月－](\d{1,2})日?|(\d{2})(\d{2}))$")
_WHITESPACE = re.compile(r"[ \t\u3000\u00a0]+")

_CN_NUM = "0-9０-９一二三四五六七八九十百零〇两"
_HOUSE = re.compile(
    rf"(?<![月{_CN_NUM}])[{_CN_NUM}]+(?:[-－—][{_CN_NUM}]+)*\s*(?:号楼|栋|幢|单元|室|号院|号|户|楼|层)"
    rf"|(?<![0-9])(?<![0-9][-－—])(?!(?:19|20)\d\d[-－—]\d{{1,2}}[-－—]\d{{1,2}}(?![0-9]))"
    rf"\d{{1,4}}(?:[-－—]\d{{1,4}}){{1,2}}(?![0-9])"
)
_PUBLIC_DIGITS = re.compile(r"(?<![0-9])[0-9０-９]{6,}[0-9Xx]?")
# "本人" is also an ordinary pronoun ("本人多次反映"): only a name right after it is masked.
_INTRO = re.compile(
    r"(我叫|我的名字是|本人叫|姓名[::]?|反映人[::]?|举报人[::]?|联系人[::]?|"
    r"本人(?!反映|多次|认为|要求|希望|发现|看到|一直|投诉|举报|曾经|已经|现在|今天|昨天|家住|住在|"
    r"在|于|是|已|曾|家|的|和|与|向|对|住|也|就|因|最|于|从|被|把|将|只|还|又|再|都))"
    r"\s*([\u4e00-\u9fa5]{2,3})"
)
_TITLE = re.compile(r"([\u4e00-\u9fa5])[\u4e00-\u9fa5]{0,2}(先生|女士|老师|大爷|大妈|阿姨)")


def _mask_person(name):
    return name[0] + "某" if name else name


def classify_number(digits, text):
    """What a run of digits is: "phone", "id", "number" (7+ digits of anything else) or None
    (a date, or too short to identify anyone). ``text`` is the run as written (for dates)."""
    compact = digits.upper()
    if compact.endswith("X"):
        return "id" if len(compact) == 18 else None
    national = compact
    if national.startswith("0086"):
        national = national[4:]
    elif national.startswith("86") and len(national) == 13:
        national = national[2:]
    if len(national) == 11 and national[0] == "1" and national[1] in "3456789":
        return "phone"
    if national.startswith("0") and 10 <= len(national) <= 12:
        return "phone"
    if len(compact) in (15, 18):
        return "id"
    date = _DATE.match(text.strip())
    if date:
        month, day = (date.group(1), date.group(2)) if date.group(1) else date.group(3, 4)
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return None
    if len(national) in (7, 8):
        return "phone"
    if len(compact) >= 7:
        return "number"
    return None


_MASKS = {"phone": PHONE_MASK, "id": ID_MASK, "number": NUMBER_MASK}


def _number_spans(original, translated):
    """(start, end, mask) for each identifying number in ``original``."""
    spans = []
    for match in _RUN.finditer(translated):
        spans.extend(_classify_run(original, translated, match.start(), match.end()))
    cn = translated.translate(_CN_TABLE)
    for match in _CN_RUN.finditer(translated):
        digits = "".join(ch for ch in cn[match.start() : match.end()] if ch.isdigit())
        kind = classify_number(digits, "")
        if kind:
            spans.append((match.start(), match.end(), _MASKS[kind]))
    return spans


def _classify_run(original, translated, start, end):
    text = translated[start:end]
    digits = "".join(ch for ch in text if ch in "0123456789Xx")
    kind = classify_number(digits, text)
    if kind is None and digits[-1:] in "Xx":
        # "…1234X" that is not an ID: judge the digits alone.
        stripped = text.rstrip("Xx").rstrip()
        return _classify_run(original, translated, start, start + len(stripped)) if stripped else []
    if kind in ("phone", "id"):
        return [(start, end, _MASKS[kind])]
    # Several numbers typed one after the other ("2026-12-17 13800138000"): judge each part.
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^ \t\u3000\u00a0]+", text)]
    if len(parts) > 1 and _WHITESPACE.search(text):
        spans = []
        for part_start, part_end in parts:
            spans.extend(_classify_run(original, translated, start + part_start, start + part_end))
        return spans
    if kind == "number":
        return [(start, end, NUMBER_MASK)]
    return []


def _replace_spans(text, spans):
    if not spans:
        return text
    out, last = [], 0
    for start, end, mask in sorted(spans):
        if start < last:
            continue  # overlapping (a Chinese-numeral run inside an already masked one)
        out.append(text[last:start])
        out.append(mask)
        last = end
    out.append(text[last:])
    return "".join(out)


def redact(text, names=(), *, public=False):
    """``text`` with the reporters' ``names``, phone numbers, ID numbers and other long numbers
    removed; with ``public=True`` house numbers too. None and "" give ""."""
    if not text:
        return ""
    result = str(text)
    for name in sorted({str(n).strip() for n in names if n and len(str(n).strip()) >= 2}, key=len)[
        ::-1
    ]:
        result = result.replace(name, _mask_person(name))
    result = _replace_spans(result, _number_spans(result, result.translate(_FULL_WIDTH)))
    if public:
        result = _PUBLIC_DIGITS.sub(HOUSE_MASK, result)
        result = _HOUSE.sub(HOUSE_MASK, result)
    result = _INTRO.sub(lambda m: m.group(1) + _mask_person(m.group(2)), result)
    return _TITLE.sub(lambda m: m.group(1) + m.group(2), result)


def redact_public(text, names=()):
    """For everyone (问题整改公示): :func:`redact` plus house numbers."""
    return redact(text, names, public=True)


def search_matches(term, *texts):
    """Whether an admin search ``term`` is found in what is shown of ``texts`` (already redacted
    by the caller): case-insensitive, whole term in one text — like the ORM search it refines."""
    term = (term or "").strip().casefold()
    if not term:
        return True
    return any(term in (text or "").casefold() for text in texts)


class RedactedSearchMixin:
    """For admin index views that units use: after the database search, keep only the rows
    whose *shown* (redacted) texts contain the term, so that a search for a hidden phone or ID
    number finds nothing (no oracle). The office searches the full text.

    Subclasses define ``shown_search_texts(obj)``.
    """

    def shown_search_texts(self, obj):
        raise NotImplementedError

    def search_queryset(self, queryset):
        from ledgers.roles import is_office

        queryset = super().search_queryset(queryset)
        if not self.is_searching or is_office(self.request.user):
            return queryset
        keep = [
            obj.pk
            for obj in queryset
            if search_matches(self.search_query, *self.shown_search_texts(obj))
        ]
        return queryset.filter(pk__in=keep)
