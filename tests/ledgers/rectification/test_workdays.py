"""Working days on China's calendar: 国庆 2026, the 调休 Saturday, and the office's overrides."""

import datetime

import pytest

from ledgers.rectification.models import CalendarOverride, DayKind
from ledgers.rectification.workdays import WorkingCalendar, add_working_days, working_days_between

D = datetime.date


def test_national_day_2026_is_skipped():
    # Wednesday 30 Sep + 1 working day: 1–7 October are off, so Thursday 8 October.
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_make_up_saturday_counts():
    # 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, 调休 working day).
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    # …and the next is Monday 12 October (Sunday 11 is off).
    assert add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)


def test_make_up_sunday_before_national_day_counts():
    # Sunday 20 September 2026 is a working day (substituted for 6 October).
    assert add_working_days(D(2026, 9, 19), 1) == D(2026, 9, 20)


def test_ordinary_week_and_zero():
    assert add_working_days(D(2026, 11, 6), 1) == D(2026, 11, 9)  # Fri -> Mon
    assert add_working_days(D(2026, 11, 6), 0) == D(2026, 11, 6)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 6), -1)


def test_spring_festival_2026():
    # 15–23 February 2026 off (Sat 14 and Sat 28 February are working days).
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_overrides_win_over_the_package():
    calendar = WorkingCalendar({D(2026, 11, 9): False, D(2026, 11, 7): True})
    assert add_working_days(D(2026, 11, 6), 1, calendar) == D(2026, 11, 7)
    assert add_working_days(D(2026, 11, 7), 1, calendar) == D(2026, 11, 10)


@pytest.mark.django_db
def test_office_table_is_read():
    CalendarOverride.objects.create(date=D(2027, 2, 20), kind=DayKind.WORKDAY, note="2027调休")
    CalendarOverride.objects.create(date=D(2027, 2, 22), kind=DayKind.HOLIDAY, note="2027春节")
    calendar = WorkingCalendar.from_db()
    assert calendar.is_working_day(D(2027, 2, 20))  # a Saturday made a working day
    assert not calendar.is_working_day(D(2027, 2, 22))  # a Monday made a holiday


def test_working_days_between():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert working_days_between(D(2026, 9, 30), D(2026, 9, 30)) == 0
