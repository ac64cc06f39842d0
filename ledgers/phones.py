"""Phone numbers as people type them (forms) and as Excel stores them (ledgers).

One normaliser for the whole portal, so that the report box, the ledgers and the cases match the
same person on the same number: full-width digits, spaces, dashes, brackets, +86 and numbers stored
as floats all come out the same.
"""

import re
import unicodedata

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3})(\d{7,8})$")
LOCAL = re.compile(r"^[2-9]\d{6,7}$")
PHONE_SPLIT = re.compile(r"[,,;;/、]|\s{2,}")
# 1.81760E+10, 1.8176E10: what Excel shows (and a CSV keeps) for a long number in a General cell.
SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d{1,2}$")


def looks_scientific(value):
    """True when a phone arrived as text in scientific notation: the last digits are lost."""
    return isinstance(value, str) and bool(SCIENTIFIC.match(_text(value)))


def scientific_message(text):
    return (
        f"联系电话“{text}”已被 Excel 变成科学计数法(如 1.8E+10),号码的后几位已经丢失。"
        "请在 Excel/WPS 中把“联系电话”列的单元格格式设为“文本”,重新输入完整号码后再保存上传"
    )


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def phone_digits(value):
    """Only the ASCII digits of a number (full-width digits folded): a stable matching key."""
    return "".join(ch for ch in _text(value or "") if "0" <= ch <= "9")


def normalise_phone(value):
    """(normalised, problem) — problem is None, "warning:…" or "error:…" in Chinese.

    Mobile numbers become 11 digits; landlines ``0535-3221234`` (area code, dash, number); a
    number stored as a number in Excel (13812345678.0) or typed with spaces, dashes, brackets,
    full-width digits or +86 is accepted.
    """
    if value is None or value == "":
        return "", None
    text = _text(value)
    if not text:
        return "", None
    if looks_scientific(text):
        return text, "error:" + scientific_message(text)
    parts = [p for p in PHONE_SPLIT.split(text) if p.strip()]
    note = None
    if len(parts) > 1:
        note = f"warning:填写了多个号码,只取第一个“{parts[0].strip()}”"
        text = parts[0]
    digits = re.sub(r"[\s\-()()\.—–]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit():
        return text, f"error:联系电话“{text}”含有非数字字符"
    if MOBILE.match(digits):
        return digits, note
    if LANDLINE.match(digits):
        # 010 and 02x are the three-digit area codes; all others have four digits.
        cut = 3 if digits[1] in "12" else 4
        if 7 <= len(digits) - cut <= 8:
            return f"{digits[:cut]}-{digits[cut:]}", note
    if LOCAL.match(digits):
        return digits, note or f"warning:固定电话“{text}”缺少区号"
    return digits, f"error:联系电话“{text}”不是有效的手机号(11位)或带区号的固定电话"
