"""One way to show time and values: Asia/Shanghai, 2026-12-17 in tables, 2026年12月17日 in
prose, 是/否/— for booleans and empty values — including the UTC-midnight edge."""

import datetime

import pytest
from django.template import Context, Template

from ledgers.display import format_value, format_when, local_date

UTC = datetime.UTC
# 16:30 UTC on 16 December is 00:30 on 17 December in Shanghai.
LATE_EVENING_UTC = datetime.datetime(2026, 12, 16, 16, 30, tzinfo=UTC)
UTC_MIDNIGHT = datetime.datetime(2026, 12, 17, 0, 0, tzinfo=UTC)


def test_utc_late_evening_is_next_day_in_shanghai():
    assert format_when(LATE_EVENING_UTC) == "2026-12-17 00:30"
    assert format_when(LATE_EVENING_UTC, "date") == "2026-12-17"
    assert format_when(LATE_EVENING_UTC, "prose") == "2026年12月17日 00:30"
    assert format_when(LATE_EVENING_UTC, "prose-date") == "2026年12月17日"
    assert local_date(LATE_EVENING_UTC) == datetime.date(2026, 12, 17)


def test_utc_midnight_is_eight_in_the_morning():
    assert format_when(UTC_MIDNIGHT) == "2026-12-17 08:00"
    assert format_when(UTC_MIDNIGHT, "time") == "08:00"


def test_dates_unpadded_in_prose_padded_in_tables():
    day = datetime.date(2026, 1, 5)
    assert format_when(day) == "2026-01-05"
    assert format_when(day, "prose") == "2026年1月5日"


def test_empty_and_booleans():
    assert format_when(None) == "—"
    assert format_value(None) == "—"
    assert format_value("") == "—"
    assert format_value(True) == "是"
    assert format_value(False) == "否"
    assert format_value(0) == 0
    assert format_value("文字") == "文字"


def test_unknown_style_is_an_error():
    with pytest.raises(ValueError):
        format_when(UTC_MIDNIGHT, "long")


def test_filters_and_bare_dates_in_templates():
    """The filters are builtins; a bare date prints in the table style (project formats)."""
    html = Template(
        "{{ t|when }}|{{ t|when:'prose' }}|{{ d }}|{{ t }}|{{ b|shown }}|{{ n|shown }}"
    ).render(
        Context({"t": LATE_EVENING_UTC, "d": datetime.date(2026, 12, 17), "b": False, "n": None})
    )
    assert html == "2026-12-17 00:30|2026年12月17日 00:30|2026-12-17|2026-12-17 00:30|否|—"
