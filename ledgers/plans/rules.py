"""Filing rules for implementation plans, one named function each (tests in
tests/ledgers/plans/test_rules.py). Dates are passed in; nothing here asks for "today"."""

import datetime


def is_late(deadline, first_submitted_on, today):
    """A unit is late when it did not submit its plan by the deadline (inclusive).

    What counts is the unit's *first* submission: the office's review time and a later return
    for changes do not make a unit that submitted on time late. A unit that has not submitted
    is late once ``today`` is past the deadline.
    """
    if first_submitted_on is not None:
        return first_submitted_on > deadline
    return today > deadline


def days_until(deadline, today):
    """Whole days from ``today`` to ``deadline`` (negative once it has passed)."""
    return (deadline - today).days


def reminder_due(deadline, today, days_before):
    """A unit that has not submitted is reminded from ``days_before`` days before the deadline
    up to the deadline itself (so a missed daily run still reminds it); the sent-log makes sure
    it happens once."""
    remaining = days_until(deadline, today)
    return 0 <= remaining <= days_before


def to_local_date(value):
    """A stored datetime as a local calendar date (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localdate(value)
    return value
