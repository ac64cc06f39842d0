"""Normalising what people type into ledgers: names, phones, whitespace, cell values."""

import datetime
import re
import unicodedata

from ledgers.phones import normalise_phone  # noqa: F401 - the ledgers import it from here

SPACES = re.compile(r"[\s\u3000\u00a0\u200b]+")


def cell_text(value):
    """A cell as text: numbers without '.0', dates as ISO, whitespace trimmed, NFKC applied."""
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
    text = unicodedata.normalize("NFKC", str(value))
    return text.strip()


def collapse_spaces(text):
    return SPACES.sub(" ", text).strip()


def normalise_name(value):
    """Person name: NFKC, no spaces at all (张 三 → 张三), middle dots unified."""
    text = cell_text(value)
    text = SPACES.sub("", text)
    return text.replace("·", "·").replace("•", "·")


def person_key(name, phone):
    """What identifies a person across ledgers and units: normalised name + normalised phone."""
    return f"{name}|{phone}" if name else ""
