"""Working days on China's official calendar.

The maintained ``holidays`` package knows the public holidays and the 调休 make-up working days
(``holidays.China(...).is_working_day``). The office can correct or extend it — e.g. when the
State Council publishes next year's arrangement before a package upgrade — in the
:class:`~ledgers.rectification.models.CalendarOverride` table (admin: 问题整改 → 节假日调整).
"""

import datetime

import holidays


class WorkingCalendar:
    """China's calendar plus the office's overrides: ``{date: True (work) / False (day off)}``."""

    def __init__(self, overrides=None):
        self.overrides = dict(overrides or {})
        # expand=True (the default) fills in each year on first lookup.
        self._china = holidays.China()

    @classmethod
    def from_db(cls):
        from ledgers.rectification.models import CalendarOverride, DayKind

        return cls(
            {
                row.date: row.kind == DayKind.WORKDAY
                for row in CalendarOverride.objects.only("date", "kind")
            }
        )

    def is_working_day(self, day):
        if day in self.overrides:
            return self.overrides[day]
        return self._china.is_working_day(day)


def add_working_days(start, n, calendar=None):
    """The date ``n`` working days after ``start`` (``start`` itself is not counted).

    ``n == 0`` returns ``start``. A case assigned on Wednesday 30 September 2026 with 1 working
    day is due on Thursday 8 October (国庆 1–7 October); with 3 days, on Saturday 10 October, a
    调休 working day.
    """
    calendar = calendar or WorkingCalendar()
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    remaining = n
    while remaining:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start, end, calendar=None):
    """How many working days lie in (start, end]; negative when ``end`` is before ``start``."""
    calendar = calendar or WorkingCalendar()
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign == 1 else (end, start)
    count = 0
    day = low
    while day < high:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return sign * count
