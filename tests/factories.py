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


def ledger_row(unit, attachment=2, sphere="public", year=2026, half=2, **fields):
    """A row of a confirmed ledger upload of ``unit`` (the real models, no workbook parsing)."""
    from ledgers.models import ProblemCategory
    from ledgers.sheets.models import LedgerRow, LedgerUpload, Period, UploadStatus

    period, _ = Period.objects.get_or_create(year=year, half=half)
    upload = LedgerUpload.objects.filter(
        unit=unit, period=period, attachment=attachment, status=UploadStatus.CONFIRMED
    ).first() or LedgerUpload.objects.create(
        unit=unit, period=period, attachment=attachment, status=UploadStatus.CONFIRMED
    )
    values = {
        "sheet_name": f"附件{attachment}",
        "row_number": LedgerRow.objects.filter(upload=upload).count() + 4,
        "person_name": "赵六",
        "phone": "13900002222",
        "address": "方圆街道海滨社区海滨花园5号楼",
        "category": ProblemCategory.objects.get(name="物业"),
        "problem_content": "小区垃圾清运不及时",
        "sphere": sphere,
    }
    values.update(fields)
    return LedgerRow.objects.create(upload=upload, **values)
