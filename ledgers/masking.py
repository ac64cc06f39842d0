"""Masking of personal data shown outside the office (whistle-blower protection)."""

import re

_DIGITS = re.compile(r"\d")


def mask_phone(phone):
    """138****5678 for a mobile number; landlines keep area code and last 4 digits."""
    if not phone:
        return ""
    digits = "".join(_DIGITS.findall(str(phone)))
    if len(digits) < 7:
        return "*" * len(digits)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    keep = 4 if len(digits) >= 11 else 3  # area code 0535 / 010 …
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


def mask_name(name):
    """张** — the surname only."""
    if not name:
        return ""
    name = str(name).strip()
    return name[0] + "*" * max(1, len(name) - 1)
