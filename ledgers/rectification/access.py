"""Who may reach a case: the assigned unit and the office (ledgers/permissions.py does the work)."""

from django.core.exceptions import PermissionDenied

from ledgers.permissions import UnitScope
from ledgers.roles import is_office, unit_of

CASE_SCOPE = UnitScope("assigned_unit")
# Child objects (evidence, notes, extensions) belong to the case's unit.
CHILD_SCOPE = UnitScope("case__assigned_unit")


def require_unit_or_office(user):
    if not (is_office(user) or unit_of(user) is not None):
        raise PermissionDenied


def scoped_cases(user, qs):
    return CASE_SCOPE.scope_queryset(user, qs)
