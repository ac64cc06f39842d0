"""Addresses as people type them, reduced to a key for matching visits to households.

"3号楼2单元301室", "三号楼二单元三零一", "3栋2单元301", "3幢2-301", "3-2-301" all become the key
``3-2-301``; "前王组十五号" becomes ``15``. Chinese numerals (一…十, 十五, 二十三, 一百零二, digit
runs like 三零一), full-width digits and the usual words for a building (号楼/栋/幢/座/号院/#) are
understood. The compound part of the address is not in the key: households are matched within
their compound, which is found by name (:func:`find_compound`).
"""

import re
import unicodedata

_DIGITS = dict(zip("〇零一二两三四五六七八九", "001223456789", strict=True))
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(r"[〇零一二两三四五六七八九十百千]+")
_SPACES = re.compile(r"[\s\u3000]+")

BUILDING = r"(?:号楼|号院|栋|幢|座|楼|#楼|#)"
_FULL = re.compile(
    rf"(?P<b>\d+)\s*{BUILDING}\s*-?\s*(?:(?P<e>\d+)\s*(?:单元|-))?\s*-?\s*(?P<r>\d+)\s*(?:室|号|户)?"
)
_DASHED = re.compile(r"(?P<b>\d+)\s*-\s*(?P<e>\d+)\s*-\s*(?P<r>\d+)")
_BUILDING_ROOM = re.compile(r"(?P<b>\d+)\s*-\s*(?P<r>\d+)(?!\s*-)")
_ENTRANCE_ROOM = re.compile(r"(?P<e>\d+)\s*单元\s*(?P<r>\d+)")
_BUILDING_ONLY = re.compile(rf"(?P<b>\d+)\s*{BUILDING}")
_HOUSE_NUMBER = re.compile(r"(?P<r>\d+)\s*(?:号|室|户)?\s*$")


def chinese_to_int(text):
    """ "十五" → 15, "二十三" → 23, "一百零二" → 102, "三零一" → 301 (a run of digits), "两" → 2."""
    if not any(ch in _UNITS for ch in text):
        return int("".join(_DIGITS[ch] for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            current = int(_DIGITS[ch])
    return total + current


def arabic(text):
    """NFKC (full-width digits and letters), no blanks, Chinese numerals as Arabic ones."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _SPACES.sub("", text)
    text = text.replace("—", "-").replace("–", "-").replace("－", "-").replace("_", "-")
    return _CN_NUMBER.sub(lambda m: str(chinese_to_int(m.group())), text)


def parse_address(text, compound_name=""):
    """``(building, entrance, room)`` as digit strings ("" where absent) of an address, after
    the compound's name (when given and present) has been cut off."""
    text = arabic(text)
    if compound_name:
        name = arabic(compound_name)
        at = text.find(name)
        if at >= 0:
            text = text[at + len(name) :]
    for pattern in (_FULL, _DASHED):
        m = pattern.search(text)
        if m:
            return m.group("b"), m.groupdict().get("e") or "", m.group("r")
    m = _BUILDING_ROOM.search(text)
    if m:
        return m.group("b"), "", m.group("r")
    m = _ENTRANCE_ROOM.search(text)
    if m:
        b = _BUILDING_ONLY.search(text)
        return (b.group("b") if b else ""), m.group("e"), m.group("r")
    m = _BUILDING_ONLY.search(text)
    if m:
        return m.group("b"), "", ""
    m = _HOUSE_NUMBER.search(text)
    if m:
        return "", "", m.group("r")
    return "", "", ""


def address_key(building, entrance, room):
    """The matching key: the non-empty parts, without leading zeros, joined by "-"; "" when there
    is no room (a building alone does not name a household)."""
    if not room:
        return ""
    parts = [p.lstrip("0") or "0" for p in (building, entrance, room) if p]
    return "-".join(parts)


def key_of(text, compound_name=""):
    return address_key(*parse_address(text, compound_name))


def find_compound(text, compounds):
    """The compound whose name (or the name without 小区/组/村) occurs in ``text``: the longest
    such name wins; None when none does. ``compounds``: objects with ``.name``."""
    plain = arabic(text)
    best, best_len = None, 0
    for compound in compounds:
        for name in _name_forms(compound.name):
            if name and name in plain and len(name) > best_len:
                best, best_len = compound, len(name)
    return best


def _name_forms(name):
    full = arabic(name)
    short = re.sub(r"(小区|家园|花园|社区|自然村|村民小组|组)$", "", full)
    return {full, short} if len(short) >= 2 else {full}
