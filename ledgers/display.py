"""One way to show values in the admin and on the site: times in Asia/Shanghai, one date style
per context (``2026年12月17日`` in running text, ``2026-12-17`` in tables and data sheets),
booleans as 是/否 and empty values as —.

Templates use the ``when`` and ``shown`` filters (``{% load portal_display %}``); Python code
(messages, e-mails, exports) calls the functions below. The time zone is the project's
``TIME_ZONE``; an aware UTC value is converted before it is printed, so 16:30 UTC on 16 Dec is
printed as 17 Dec.
"""

import datetime

from django.utils import timezone

EMPTY = "—"
YES = "是"
NO = "否"

STYLES = ("table", "prose", "date", "prose-date", "time")


def local(value):
    """``value`` as a local (Asia/Shanghai) datetime when it is an aware datetime; dates and
    naive datetimes are returned unchanged."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def local_date(value):
    """The calendar date of ``value`` in Asia/Shanghai (a datetime's local date, or a date)."""
    value = local(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def format_when(value, style="table"):
    """Format a date or datetime.

    ``table`` (default): ``2026-12-17`` for a date, ``2026-12-17 19:25`` for a datetime;
    ``date``: ``2026-12-17`` even for a datetime; ``prose``: ``2026年12月17日`` (``… 19:25``
    for a datetime); ``prose-date``: ``2026年12月17日``; ``time``: ``19:25``.
    Empty values give ``—``; anything else is returned as text.
    """
    if value in (None, ""):
        return EMPTY
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}; use one of {STYLES}")
    value = local(value)
    if not isinstance(value, datetime.date):
        return str(value)
    is_datetime = isinstance(value, datetime.datetime)
    if style == "time":
        return f"{value:%H:%M}" if is_datetime else EMPTY
    if style in ("prose", "prose-date"):
        text = f"{value.year}年{value.month}月{value.day}日"
        if is_datetime and style == "prose":
            text += f" {value:%H:%M}"
        return text
    text = f"{value:%Y-%m-%d}"
    if is_datetime and style == "table":
        text += f" {value:%H:%M}"
    return text


def format_value(value):
    """Any field value as a reader sees it: 是/否 for booleans, — for empty, dates by
    :func:`format_when` (table style), everything else as text."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.date):
        return format_when(value)
    return value
