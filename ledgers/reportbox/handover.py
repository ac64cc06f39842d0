"""What the report box knows of a report after the office hands it over.

A report the office accepts becomes exactly one rectification case, and from then on the case
owns the state: the responsible unit, the deadline (moved by signing, extensions and send-backs),
progress and the answer to the citizen. The report keeps only its own triage state and shows the
case's through this module.

Dependencies run one way: the rectification app imports the report box, never the reverse. That
app registers a :class:`CaseLink` here when it starts (``RectificationConfig.ready``). Without
one (the report box on its own) no report has a case, no unit sees any report and hand-over is
refused with a clear message.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, Value

from ledgers.permissions import UnitScope
from ledgers.roles import unit_of
from ledgers.rules import ActionRefused


@dataclass(frozen=True)
class CaseInfo:
    """The case a report became, as the report box shows it (never the reporter)."""

    pk: int
    slip_number: str
    state: str
    state_label: str
    unit_id: int | None
    unit_name: str
    deadline: datetime.date | None
    extensions_granted: tuple = ()  # (days, new deadline, decided on) of each granted extension
    is_open: bool = True
    overdue_from: datetime.date | None = None  # the clock runs: overdue on days after this
    answer: str = ""
    url: str = ""
    may_object: bool = False  # the citizen may say once that they are not satisfied

    def is_overdue(self, today):
        return self.overdue_from is not None and self.overdue_from < today


class CaseLink:
    """The contract between the report box and the app that owns cases, and its behaviour when
    no such app is installed."""

    # ORM path from a Report to the *current* responsible unit of its case.
    unit_path = None

    def has_case_q(self):
        return Q(pk__in=[])

    def overdue_q(self, today):
        """Reports whose case runs its clock and is past its current deadline on ``today``."""
        return Q(pk__in=[])

    def annotations(self):
        """Listing columns taken from the case in the same query: ``case_pk``, ``case_slip``,
        ``case_state``, ``case_unit`` (name) and ``case_deadline``."""
        return {
            "case_pk": Value(None),
            "case_slip": Value(""),
            "case_state": Value(""),
            "case_unit": Value(""),
            "case_deadline": Value(None),
        }

    def case_of(self, report):
        """The :class:`CaseInfo` of ``report``, or None before hand-over."""
        return None

    def info_from_annotations(self, report):
        """The :class:`CaseInfo` of a report of an annotated listing (no query)."""
        return None

    def hand_over_and_assign(self, report, **kwargs):
        raise ActionRefused("本系统未启用整改问题台账,不能交办。")

    def record_dissatisfaction(self, report, *, reason, on):
        """The citizen is not satisfied with the answer (once): the case is reviewed again."""
        raise ActionRefused("本件没有可复核的处理结果。")


_link = CaseLink()


def register(link):
    """Called once by the app that owns cases."""
    global _link
    _link = link


def link():
    return _link


def unit_q(unit_id, prefix=""):
    """Reports (or, with ``prefix="report__"``, their attachments) whose case the unit
    ``unit_id`` is responsible for now."""
    path = _link.unit_path
    if not path:
        return Q(pk__in=[])
    return Q(**{f"{prefix}{path}": unit_id})


class CaseUnitScope(UnitScope):
    """Unit scope of reports (``prefix=""``) and their attachments (``prefix="report__"``): the
    office sees all; a unit only what its case currently assigns to it — after re-routing the
    new unit, never the old one."""

    def __init__(self, prefix=""):
        super().__init__(unit_path=None)
        self.prefix = prefix

    def filter_q(self, user, action="view"):
        if self.sees_all(user, action):
            return Q()
        unit = unit_of(user)
        return unit_q(unit.pk, self.prefix) if unit is not None else Q(pk__in=[])

    def user_can_reach(self, user, obj, action="view"):
        if self.sees_all(user, action):
            return True
        manager = type(obj)._default_manager
        return manager.filter(pk=obj.pk).filter(self.filter_q(user, action)).exists()


class ForwardedScope(UnitScope):
    """Reports forwarded to 纪委 (``prefix=""``) or their attachments (``prefix="report__"``):
    the office and 纪委 read them, identity included; units never."""

    def __init__(self, prefix=""):
        super().__init__(unit_path=f"{prefix}concerned_unit")
        self.prefix = prefix

    @staticmethod
    def reads(user, action="view"):
        """Whether ``user`` reads forwarded reports at all: the office and 纪委, view only."""
        from ledgers.roles import is_inspector, is_office

        return action == "view" and (is_office(user) or is_inspector(user))

    def sees_all(self, user, action="view"):
        # Nobody sees every report through this scope (only the forwarded ones), so a missing id
        # is refused like one out of reach: no existence oracle for 纪委.
        return False

    def filter_q(self, user, action="view"):
        if not self.reads(user, action):
            return Q(pk__in=[])
        return Q(**{f"{self.prefix}forwarded_at__isnull": False})

    def user_can_reach(self, user, obj, action="view"):
        report = obj.report if self.prefix else obj
        return self.reads(user, action) and report.forwarded_at is not None
