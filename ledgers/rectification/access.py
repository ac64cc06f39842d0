"""Who may reach a case — the one place for the rectification ledger's object-level policy
(ledgers/permissions.py does the generic work).

* the office: every case;
* the assigned (responsible) unit: the cases assigned to it now;
* the unit that entered a case (the 89000 centre typing in a hotline call): the cases it entered,
  and only those — to follow them and record the 回访 (callback);
* 纪委: reads (never changes) the cases its inspections opened (source 纪委明察暗访);
* a town (镇街区, ``Unit.kind == TOWN``): reads (never changes) every case whose ``town`` names it
  (its ``name`` or ``short_name``, blanks stripped: :func:`town_names`), whoever handles it — the
  state, the answer, the progress (issue 14, "the town's view");
* the unit whose ledger raised a problem (a ``CaseSource`` from a row of its ``LedgerUpload``):
  reads (never changes) that case's progress;
* everyone else (other units, anonymous): nothing.

Reading is not handling: the two read-only reaches above hold for the action ``"view"`` only;
``"change"`` (every POST on a case) stays with the office, the assigned unit and the entering
unit, and the services check the assigned unit per action. Reporter identity follows
``Case.identity_visible_to`` (the office, the entering unit, the consenting handling unit) — a
town or a raising unit reading a case never sees it. The work lists (the unit's queue, the overdue
list, the home-screen waiting lists) keep to :func:`own_cases`: what the unit handles or entered,
never what it only reads.

:data:`CASE_SCOPE` is used by the case viewset (index, export, history, every single-object
view), by the workbench, 交办单, evidence downloads (:data:`CHILD_SCOPE`) and the look-back (all
"view"), by every case action (``"change"``), by the overdue list (:func:`own_cases`), and by the
log-entry scoping of ledgers/history_scope.py (which asks for any action, so the change scope: a
town's site history holds no other unit's case activity). What a user may *do* on a case
it reaches is decided per action in :mod:`ledgers.rectification.services`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Trim
from django.db.models.lookups import In

from ledgers.models import SpecialFunction, UnitKind
from ledgers.permissions import UnitScope
from ledgers.rectification.models import CaseSource, SourceKind
from ledgers.roles import is_inspector, is_office, unit_of

# Why a unit reads a case it neither handles nor entered (the listing's 范围 filter, the notice on
# the case page).
READS_IN_TOWN = "town"
READS_RAISED = "raised"


def town_names(unit):
    """The names a case's ``town`` may give for ``unit`` when it is a town (its name and short
    name, blanks stripped); empty for a department or no unit."""
    if unit is None or unit.kind != UnitKind.TOWN:
        return []
    return sorted({n.strip() for n in (unit.name, unit.short_name) if n and n.strip()})


def case_in_town_q(unit, prefix=""):
    """Cases (``prefix=""``) or children of cases (``prefix="case__"``) whose place lies in the
    town ``unit`` (exact match on the trimmed ``town`` field); nothing for a department."""
    names = town_names(unit)
    if not names:
        return Q(pk__in=[])
    return Q(In(Trim(f"{prefix}town"), names))


def case_raised_by_q(unit, prefix=""):
    """Cases (or their children) fed by a row of ``unit``'s own ledger — one ``EXISTS`` per row,
    no join that could repeat a case."""
    if unit is None:
        return Q(pk__in=[])
    outer = prefix.removesuffix("__") or "pk"
    return Q(
        Exists(CaseSource.objects.filter(case=OuterRef(outer), ledger_row__upload__unit=unit.pk))
    )


def own_q(unit, prefix=""):
    """What ``unit`` works on: the cases assigned to it and the ones it entered."""
    if unit is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}assigned_unit": unit.pk}) | Q(**{f"{prefix}entered_by_unit": unit.pk})


class CaseScope(UnitScope):
    """The unit scope of cases (``prefix=""``) or of a case's children (``prefix="case__"``):
    the assigned unit or the entering unit; for reading also the town the place lies in and the
    unit whose ledger raised it."""

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
        q = own_q(unit, self.prefix)
        if action == "view":
            q |= case_in_town_q(unit, self.prefix) | case_raised_by_q(unit, self.prefix)
        return q

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
        if unit.pk in (case.assigned_unit_id, case.entered_by_unit_id):
            return True
        return action == "view" and reading_reason(unit, case) is not None


def reading_reason(unit, case):
    """Why ``unit`` may read ``case`` without handling it: :data:`READS_IN_TOWN`,
    :data:`READS_RAISED` or None (it handles or entered it, or may not read it at all)."""
    if unit is None or unit.pk in (case.assigned_unit_id, case.entered_by_unit_id):
        return None
    if (case.town or "").strip() in town_names(unit):
        return READS_IN_TOWN
    if CaseSource.objects.filter(case=case, ledger_row__upload__unit=unit.pk).exists():
        return READS_RAISED
    return None


CASE_SCOPE = CaseScope()
# Child objects (evidence, notes, extensions) are reached with their case.
CHILD_SCOPE = CaseScope(prefix="case__")


def require_unit_or_office(user):
    if not (is_office(user) or unit_of(user) is not None):
        raise PermissionDenied


def scoped_cases(user, qs):
    """The cases ``user`` may read (listing, look-back, the case page's nearby cases)."""
    return CASE_SCOPE.scope_queryset(user, qs)


def own_cases(user, qs):
    """The cases ``user`` works on — the "change" scope: the office every case, a unit the cases
    it handles or entered; 纪委 what it reads (it works on none). For work lists (the overdue
    list), which must not fill up with the cases a town or a raising unit only reads."""
    if is_inspector(user) and not is_office(user):
        return scoped_cases(user, qs)
    return CASE_SCOPE.scope_queryset(user, qs, "change")


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
