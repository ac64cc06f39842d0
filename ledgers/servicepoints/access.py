"""Who reaches the service points (the one object-level rule for this app).

* the office: every point, read and write;
* a town's clerks: the points of their own town (the town is set from their unit, never chosen);
* departments, 纪委 and everyone else: nothing — not even the listing or the add form.
"""

from wagtail.permissions import register_permission_policy

from ledgers.models import UnitKind
from ledgers.permissions import UNIT_SCOPED_POLICIES, UnitScope, UnitScopedPermissionPolicy
from ledgers.roles import is_office, unit_of


def town_of(user):
    """The town a user acts for, or None (office, departments, anonymous)."""
    unit = unit_of(user)
    return unit if unit is not None and unit.kind == UnitKind.TOWN else None


def may_manage(user):
    return is_office(user) or town_of(user) is not None


class ServicePointScope(UnitScope):
    """Points belong to their town (``town``): the office all, a town its own."""

    def __init__(self):
        super().__init__(unit_path="town")


class ServicePointPolicy(UnitScopedPermissionPolicy):
    """Model permissions and the unit scope, and only towns and the office act at all (the
    clerks' group holds the permissions for every unit; departments must not add points)."""

    def user_has_permission(self, user, action):
        return may_manage(user) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return may_manage(user) and super().user_has_any_permission(user, actions)


SERVICE_POINT_SCOPE = ServicePointScope()


def register_policy(model):
    policy = ServicePointPolicy(model, scope=SERVICE_POINT_SCOPE)
    register_permission_policy(model, policy)
    UNIT_SCOPED_POLICIES[model] = policy
    return policy
