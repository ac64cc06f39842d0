"""Shared test factories: units and users in each role."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ledgers.models import Unit, UnitKind, UnitMembership
from ledgers.roles import CLERK_GROUP, INSPECTOR_GROUP, OFFICE_GROUP

PASSWORD = "pw-for-tests-1"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT
    cadre_count = 3
    contact_email = factory.Sequence(lambda n: f"unit{n}@example.gov.cn")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.gov.cn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role, unit=None, **kwargs):
    """A non-superuser in ``role`` ("office", "clerk", "inspector"); clerks belong to ``unit``."""
    user = UserFactory(**kwargs)
    group = {"office": OFFICE_GROUP, "clerk": CLERK_GROUP, "inspector": INSPECTOR_GROUP}[role]
    user.groups.add(Group.objects.get(name=group))
    if unit is not None:
        UnitMembership.objects.create(user=user, unit=unit)
    return user


def office_user(**kwargs):
    return make_user("office", **kwargs)


def clerk_user(unit, **kwargs):
    return make_user("clerk", unit=unit, **kwargs)
