"""Unit scoping: the policy and the viewset mixin refuse another unit's objects."""

import pytest

from ledgers.models import UnitMembership
from ledgers.permissions import UnitScope, UnitScopedPermissionPolicy
from tests.factories import UnitFactory, clerk_user, make_user, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units():
    return UnitFactory(), UnitFactory()


def test_scope_queryset_per_role(two_units):
    a, b = two_units
    clerk_a = clerk_user(a)
    scope = UnitScope("unit")
    qs = UnitMembership.objects.all()
    clerk_b = clerk_user(b)
    assert set(scope.scope_queryset(clerk_a, qs)) == {clerk_a.unit_membership}
    assert set(scope.scope_queryset(clerk_b, qs)) == {clerk_b.unit_membership}
    assert scope.scope_queryset(office_user(), qs).count() == 2
    assert scope.scope_queryset(make_user("inspector"), qs).count() == 0
    assert (
        UnitScope("unit", inspectors_read=True).scope_queryset(make_user("inspector"), qs).count()
        == 2
    )


def test_user_can_reach(two_units):
    a, b = two_units
    clerk_a, clerk_b = clerk_user(a), clerk_user(b)
    scope = UnitScope("unit")
    assert scope.user_can_reach(clerk_a, clerk_a.unit_membership)
    assert not scope.user_can_reach(clerk_a, clerk_b.unit_membership)
    assert scope.user_can_reach(office_user(), clerk_b.unit_membership)


def test_policy_combines_model_permission_and_scope(two_units):
    a, b = two_units
    clerk_a, clerk_b = clerk_user(a), clerk_user(b)
    policy = UnitScopedPermissionPolicy(UnitMembership, scope=UnitScope("unit"))
    # Clerks have no model permission on memberships at all.
    assert not policy.user_has_permission_for_instance(clerk_a, "change", clerk_a.unit_membership)
    office = office_user()
    assert policy.user_has_permission_for_instance(office, "change", clerk_b.unit_membership)
    assert policy.instances_user_has_permission_for(clerk_a, "change").count() == 0
    assert policy.instances_user_has_permission_for(office, "change").count() == 2


def test_anonymous_reaches_nothing(two_units):
    from django.contrib.auth.models import AnonymousUser

    a, _ = two_units
    clerk = clerk_user(a)
    scope = UnitScope("unit")
    assert not scope.user_can_reach(AnonymousUser(), clerk.unit_membership)
    assert scope.scope_queryset(AnonymousUser(), UnitMembership.objects.all()).count() == 0
