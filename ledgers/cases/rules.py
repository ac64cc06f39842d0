"""Policy rules of the rectification ledger, one named function each (tests/ledgers/cases/test_rules.py).

Time limits are counted in working days on China's calendar (:mod:`ledgers.cases.workdays`).
"""

import datetime

from ledgers.cases.workdays import WorkingCalendar, add_working_days
from ledgers.rules import assignment_conflicts

# A unit signs (签收) within 1 working day; after that the clock starts anyway.
SIGN_GRACE_WORKING_DAYS = 1
# A unit may return (退回) a case it is not responsible for within 2 working days of assignment.
RETURN_WINDOW_WORKING_DAYS = 2
# A citizen's dissatisfaction reopens a closed case once for review.
REOPEN_LIMIT = 1
# Reminder this many working days before the deadline, and on the deadline itself.
REMINDER_LEAD_WORKING_DAYS = 2
# Cluster (回头看): the same category raised by at least this many residents of one compound.
CLUSTER_MIN_RESIDENTS = 3
# Default time limit offered on the assignment form.
DEFAULT_TIME_LIMIT_WORKING_DAYS = 10

EVIDENCE_KINDS = ("jpeg", "png", "pdf", "docx", "ole", "wps")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10


def case_assignment_conflicts(case, unit):
    """The report box's conflict-of-interest rule applied to a case: the unit complained about
    must not be the one that handles the complaint."""
    return assignment_conflicts(case.concerned_unit_id, unit.pk if unit else None)


def auto_sign_date(assigned_on, calendar=None):
    """The day the clock starts if nobody signs: 1 working day after assignment."""
    return add_working_days(assigned_on, SIGN_GRACE_WORKING_DAYS, calendar)


def clock_start_for_signature(assigned_on, signed_on, calendar=None):
    """Signing starts the clock, but never later than the automatic start."""
    return min(signed_on, auto_sign_date(assigned_on, calendar))


def return_allowed(assigned_on, today, calendar=None):
    """A unit may return a case up to and including the 2nd working day after assignment."""
    return today <= add_working_days(assigned_on, RETURN_WINDOW_WORKING_DAYS, calendar)


def reminder_date(deadline, calendar=None):
    """The working day ``REMINDER_LEAD_WORKING_DAYS`` before ``deadline`` (for the 临期提醒)."""
    calendar = calendar or WorkingCalendar()
    day, remaining = deadline, REMINDER_LEAD_WORKING_DAYS
    while remaining:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def may_reopen(reopen_count):
    """A citizen's dissatisfaction reopens a case only once."""
    return reopen_count < REOPEN_LIMIT


def on_time(result_submitted_on, deadline):
    """A case counts as handled on time when the unit reported its result by the deadline."""
    if result_submitted_on is None or deadline is None:
        return None
    return result_submitted_on <= deadline


def is_cluster(resident_count, threshold=CLUSTER_MIN_RESIDENTS):
    """Several residents of one compound raising the same category in one period."""
    return resident_count >= threshold
