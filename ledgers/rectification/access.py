"""Who may reach a case — the one place for the rectification ledger's object-level policy
(ledgers/permissions.py does the generic work).

* the office: every case;
* the assigned (responsible) unit: the cases assigned to it now;
* the unit that entered a case (the 89000 centre typing in a hotline call): the cases it entered,
  and only those — to follow them and record the 回访 (callback);
* 纪委: reads (never changes) the cases its inspections opened (source 纪委明察暗访);
* everyone else (other units, anonymous): nothing.

:data:`CASE_SCOPE` is used by the case viewset (index, export, history, every single-object
view), by the workbench, 交办单, evidence downloads (:data:`CHILD_SCOPE`), the overdue list and the
look-back, and by the log-entry scoping of ledgers/history_scope.py. What a user may *do* on a case
it reaches is decided per action in :mod:`ledgers.rectification.services`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ledgers.models import SpecialFunction
from ledgers.permissions import UnitScope
from ledgers.rectification.models import SourceKind
from ledgers.roles import is_inspector, is_office, unit_of


class CaseScope(UnitScope):
    """The unit scope of cases (``prefix=""``) or of a case's children (``prefix="case__"``):
    the assigned unit or the entering unit."""

    def __init__(self, prefix=""):
        super().__init__(unit_path=f"{prefix}assigned_unit")
        self.prefix = prefix

    def filter_q(self, user, action="view"):
        if self.sees_all(user, action):
            return Q()
        if action == "view" and is_inspector(user):
            # 纪委 reads the cases its inspections opened (交办整改), nothing else, never writes.
            return Q(**{f"{self.prefix}source": SourceKind.INSPECTION})
        unit = unit_of(user)
        if unit is None:
            return Q(pk__in=[])
        return Q(**{f"{self.prefix}assigned_unit": unit.pk}) | Q(
            **{f"{self.prefix}entered_by_unit": unit.pk}
        )

    def _case(self, obj):
        return obj.case if self.prefix else obj

    def user_can_reach(self, user, obj, action="view"):
        if self.sees_all(user, action):
            return True
        if action == "view" and is_inspector(user):
            return self._case(obj).source == SourceKind.INSPECTION
        unit = unit_of(user)
        if unit is None:
            return False
        case = self._case(obj)
        return unit.pk in (case.assigned_unit_id, case.entered_by_unit_id)


CASE_SCOPE = CaseScope()
# Child objects (evidence, notes, extensions) are reached with their case.
CHILD_SCOPE = CaseScope(prefix="case__")


def require_unit_or_office(user):
    if not (is_office(user) or unit_of(user) is not None):
        raise PermissionDenied


def scoped_cases(user, qs):
    return CASE_SCOPE.scope_queryset(user, qs)


# --- the 89000 hotline centre ------------------------------------------------------------------


def hotline_centre_of(user):
    """The HOTLINE_CENTRE unit ``user`` is a clerk of, or None."""
    unit = unit_of(user)
    if unit is not None and unit.special_function == SpecialFunction.HOTLINE_CENTRE:
        return unit
    return None


def may_enter_hotline_items(user):
    """The 热线诉求录入 screen: clerks of a HOTLINE_CENTRE unit and the office."""
    return is_office(user) or hotline_centre_of(user) is not None


def require_hotline_or_office(user):
    if not may_enter_hotline_items(user):
        raise PermissionDenied


def hotline_entries(user, qs):
    """The 热线诉求 list: a centre its own entries only; the office every hotline case (also the
    ones it typed in itself); anybody else is refused."""
    if is_office(user):
        return qs.filter(source=SourceKind.HOTLINE)
    centre = hotline_centre_of(user)
    if centre is None:
        raise PermissionDenied
    return qs.filter(entered_by_unit=centre)
