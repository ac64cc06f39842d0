"""Normalising what people type into ledgers: names, phones, whitespace, cell values.

Two different things happen to a cell: it is *stored* exactly as typed (``cell_text``: only the
leading and trailing blanks trimmed), and it is *matched* through a normalised key
(``match_text``, ``normalise_name``, ``person_key``, ``layouts.normalise_header``). Full-width
punctuation in a Chinese sentence (,:“”()) is part of what the clerk wrote and is never
rewritten in what we store.
"""

import datetime
import re
import unicodedata

from ledgers.phones import normalise_phone  # noqa: F401 - the ledgers import it from here

SPACES = re.compile(r"[\s\u3000\u00a0\u200b]+")
# What a stored value loses: leading/trailing ASCII blanks and the ideographic space (U+3000).
TRIMMED = " \t\r\n\x0b\x0c\u3000"


def cell_text(value):
    """A cell as text, as typed: numbers without '.0', dates as ISO, only the leading and
    trailing ASCII and U+3000 blanks trimmed (no NFKC, no punctuation rewriting)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip(TRIMMED)


def match_text(text):
    """The matching form of a text (never stored as the value): NFKC, blanks collapsed."""
    return SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def collapse_spaces(text):
    return SPACES.sub(" ", text).strip()


def normalise_name(value):
    """Person name as a matching key: NFKC, no spaces at all (张 三 → 张三), middle dots unified."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    text = SPACES.sub("", text)
    return text.replace("・", "·").replace("•", "·")


def person_key(name, phone):
    """What identifies a person across ledgers and units: normalised name + normalised phone."""
    name = normalise_name(name)
    return f"{name}|{phone}" if name else ""


_YES = {
    "是",
    "有",
    "已",
    "已留",
    "已填",
    "已解决",
    "已发",
    "√",
    "✓",
    "✔",
    "1",
    "y",
    "yes",
    "true",
    "对",
}
_NO = {
    "否",
    "无",
    "没有",
    "未",
    "未留",
    "未填",
    "未解决",
    "未发",
    "×",
    "✗",
    "✘",
    "x",
    "0",
    "n",
    "no",
    "false",
}


def yes_no(text):
    """ "是"/"否" as typed in a 四个一 column: True, False, or None when it cannot be read. Blank
    cells are not passed here (they mean "not stated")."""
    word = unicodedata.normalize("NFKC", str(text)).strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def visit_date(value):
    """A visit date: a real date/datetime, an Excel serial number, or text like 2026-03-05,
    2026/3/5, 2026.3.5, 2026年3月5日. None when it cannot be read."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial day (1954–2119)
            return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
        return None
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        return None
    try:
        return datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None
