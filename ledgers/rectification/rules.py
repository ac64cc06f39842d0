"""Policy rules of the rectification ledger, one named function each (tests/ledgers/rectification/test_rules.py).

Time limits are counted in working days on China's calendar (:mod:`ledgers.rectification.workdays`).
"""

import datetime

from ledgers.rectification.workdays import WorkingCalendar, add_working_days
from ledgers.rules import DEFAULT_TIME_LIMIT_WORKING_DAYS  # noqa: F401  (offered on the forms)

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

EVIDENCE_KINDS = ("jpeg", "png", "pdf", "docx", "ole", "wps")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10


def auto_sign_date(assigned_on, calendar=None):
    """The day the clock starts if nobody signs: 1 working day after assignment."""
    return add_working_days(assigned_on, SIGN_GRACE_WORKING_DAYS, calendar)


def clock_start_for_signature(assigned_on, signed_on, calendar=None):
    """The clock starts on the sign-by day (1 working day after 交办), whenever the unit signs
    within it: signing acknowledges the case, it does not shorten the time. So the deadline
    printed on the 交办单 never moves — a unit signing on the day of 交办 keeps it, and the
    automatic start of an unsigned case lands on the same day. ``signed_on`` is kept for the
    record (签收日期) but does not change the count."""
    return auto_sign_date(assigned_on, calendar)


def deadline_rule_text(time_limit_days):
    """The deadline's rule in words, printed wherever the deadline is shown."""
    return (
        f"自签收之日起 {time_limit_days} 个工作日；签收时限为交办后 {SIGN_GRACE_WORKING_DAYS} "
        "个工作日，期限从签收时限届满日起算，提前签收不缩短、逾期未签收自动起算，"
        "与交办单所印期限一致"
    )


def callback_missing(needs_callback, callback_count):
    """A case that must be called back (回访: a 差评 rating, a hotline item) cannot be closed
    out before at least one 回访记录 is written."""
    return bool(needs_callback) and callback_count < 1


def may_answer_on_spot(appeal_type):
    """Of the four 诉求类型 only a 咨询 (a question) can be answered in the call itself: the
    centre records it as 当场办结 with its answer — no unit, no deadline, no 回访. A 求助, 建议 or
    投诉 always goes to the office to be assigned, and is called back before close-out."""
    from ledgers.rectification.models import AppealType

    return appeal_type == AppealType.CONSULT


def centre_may_call_back(state):
    """The unit that entered a case (the 89000 centre) records the 回访 once the handling unit has
    reported its result (已报结果待审核) or the citizen's objection is under review — before the
    office closes it. Earlier there is nothing to ask the caller about."""
    from ledgers.rectification.models import CaseState

    return state in (CaseState.SUBMITTED, CaseState.REOPENED)


def handling_unit_may_call_back(entered_by_unit_id):
    """The handling unit may write the 回访 of a case only when no unit entered it: a call the
    89000 centre entered is called back by the centre (or the office), not by the unit whose work
    the caller is asked about."""
    return entered_by_unit_id is None


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


def on_time_rate(closed_on_time, closed, open_overdue):
    """按期办结率 in percent (one decimal): cases closed on time ÷ (every closed case + every open
    case already past its deadline). Open overdue cases count against the rate at once — three of
    them with nothing closed is 0.0%, not 100%. None when there is nothing to judge."""
    judged = closed + open_overdue
    if not judged:
        return None
    return round(100 * closed_on_time / judged, 1)


def is_cluster(resident_count, threshold=CLUSTER_MIN_RESIDENTS):
    """Several residents of one compound raising the same category in one period."""
    return resident_count >= threshold
