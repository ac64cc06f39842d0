"""Redaction for the public results list (问题整改公示): names, phone numbers, ID numbers and
house numbers are removed before a case's problem and answer are shown to everyone."""

import re

_CN_NUM = "0-9０-９一二三四五六七八九十百零〇两"
PHONE_RE = re.compile(
    r"(?<![0-9])(?:\+?86[\s-]?)?(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}[\s-]?\d{7,8})(?![0-9])"
)
LONG_DIGITS_RE = re.compile(r"\d{6,}[\dXx]?")
HOUSE_RE = re.compile(
    rf"(?<![月{_CN_NUM}])[{_CN_NUM}]+(?:[-－—][{_CN_NUM}]+)*\s*(?:号楼|栋|幢|单元|室|号院|号|户|楼|层)"
    rf"|(?<![0-9])\d{{1,4}}(?:[-－—]\d{{1,4}}){{1,2}}(?![0-9])"
)
INTRO_NAME_RE = re.compile(
    r"(我叫|本人|姓名[::]?|反映人[::]?|联系人[::]?)\s*([\u4e00-\u9fa5]{2,4})"
)
TITLE_NAME_RE = re.compile(r"([\u4e00-\u9fa5])[\u4e00-\u9fa5]{0,2}(先生|女士|老师|大爷|大妈|阿姨)")

PHONE_MASK = "[电话已隐去]"
HOUSE_MASK = "**"


def _mask_person(name):
    return name[0] + "某" if name else name


def redact_public_text(text, names=()):
    """Remove personal data from ``text``: every name in ``names`` (the case's reporters) becomes
    "张某"; phone and ID numbers disappear; house numbers (3号楼、2单元、501室、5-2-301) become
    "**"; "我叫王小明" and "李先生" patterns are masked too."""
    if not text:
        return ""
    result = str(text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        result = result.replace(name, _mask_person(name))
    result = PHONE_RE.sub(PHONE_MASK, result)
    result = LONG_DIGITS_RE.sub(HOUSE_MASK, result)
    result = HOUSE_RE.sub(HOUSE_MASK, result)
    result = INTRO_NAME_RE.sub(lambda m: m.group(1) + _mask_person(m.group(2)), result)
    result = TITLE_NAME_RE.sub(lambda m: m.group(1) + m.group(2), result)
    return result


def redact_identity(text, names=()):
    """For the assigned unit: the reporters' names and every phone number are removed, but the
    address (which the unit needs to fix the problem) stays."""
    if not text:
        return ""
    result = str(text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        result = result.replace(name, _mask_person(name))
    return PHONE_RE.sub(PHONE_MASK, result)
