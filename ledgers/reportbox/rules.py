"""Report box rules, one named function each (tests in tests/ledgers/reportbox/test_rules.py)."""

from ledgers.reportbox.models import Status
from ledgers.rules import assignment_conflicts

CONTENT_MIN = 10
CONTENT_MAX = 2000
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_KINDS = ("jpeg", "png", "pdf")


def content_length_error(text):
    """A message in Chinese when the content is outside 10–2000 characters, else None."""
    length = len((text or "").strip())
    if length < CONTENT_MIN:
        return f"举报内容至少 {CONTENT_MIN} 个字(现在 {length} 个字),请把问题写清楚。"
    if length > CONTENT_MAX:
        return f"举报内容最多 {CONTENT_MAX} 个字(现在 {length} 个字),请精简,或分几次提交。"
    return None


def is_overdue(report, today):
    """An assigned item whose deadline has passed on ``today``."""
    return (
        report.status == Status.ASSIGNED and report.deadline is not None and report.deadline < today
    )


def assignment_needs_override(report, unit):
    """A complaint about unit X must not be assigned to unit X without an explicit override."""
    return assignment_conflicts(report.concerned_unit_id, getattr(unit, "pk", unit))


def can_triage(report):
    """Accept / duplicate / out of scope / spam apply to items not yet closed."""
    return report.status not in (Status.CLOSED,)


def can_assign(report):
    """Only items the office has not thrown out can be assigned to a unit."""
    return report.status in (Status.NEW, Status.ACCEPTED, Status.ASSIGNED)
