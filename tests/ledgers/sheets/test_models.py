"""Periods: policy due dates, default obligations; admin lists scoped by unit."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ledgers.models import SpecialFunction
from ledgers.sheets.models import LedgerUpload, Obligation, Period, UploadStatus
from tests.factories import PASSWORD, UnitFactory
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db


def test_due_dates_follow_the_policy():
    first = Period.objects.create(year=2026, half=1)
    assert first.due_att5 == datetime.date(2026, 6, 1)
    assert first.due_att3 == first.due_att4 == datetime.date(2026, 6, 5)
    assert first.due_att1 == first.due_att2 == datetime.date(2026, 6, 10)
    second = Period.objects.create(year=2026, half=2, due_att1=datetime.date(2026, 12, 14))
    assert second.due_att5 == datetime.date(2026, 12, 1)
    assert second.due_att1 == datetime.date(2026, 12, 14)  # office moved it
    assert str(second) == "2026年下半年"


def test_default_obligations():
    town = UnitFactory(name="某镇")
    hotline = UnitFactory(name="热线", special_function=SpecialFunction.HOTLINE_CENTRE)
    organs = UnitFactory(name="工委", special_function=SpecialFunction.ORGANS_COMMITTEE)
    UnitFactory(name="停用", is_active=False)
    period = Period.objects.create(year=2026, half=1)
    owed = set(period.obligations.values_list("unit__name", "attachment"))
    assert owed == {("某镇", 1), ("某镇", 2), ("某镇", 3), ("某镇", 4), ("热线", 5), ("工委", 5)}
    assert period.ensure_obligations() == 0  # idempotent
    Obligation.objects.create(period=period, unit=town, attachment=5)
    assert {hotline.pk, organs.pk} < set(
        period.obligations.filter(attachment=5).values_list("unit_id", flat=True)
    )


def test_only_one_confirmed_upload_per_unit_period_attachment(units, period):
    def make(status):
        return LedgerUpload.objects.create(
            unit=units["a"], period=period, attachment=1, original="x.xlsx", status=status
        )

    make(UploadStatus.CONFIRMED)
    make(UploadStatus.SUPERSEDED)
    with pytest.raises(IntegrityError):
        make(UploadStatus.CONFIRMED)


@pytest.fixture
def admin_world(units, period, people):
    upload = LedgerUpload.objects.create(
        unit=units["b"], period=period, attachment=1, original="x.xlsx", original_name="乙局.xlsx"
    )
    return {"upload": upload, **people}


def test_upload_admin_inspect_in_fours(client, admin_world):
    u = reverse("sheet_uploads:inspect", args=[admin_world["upload"].pk])
    assert_login_required(client.get(u))
    client.login(username=admin_world["clerk_a"].username, password=PASSWORD)
    assert_refused(client.get(u))
    client.logout()
    for user in (admin_world["clerk_b"], admin_world["office"]):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(u).status_code == 200
        client.logout()


def test_upload_admin_index_scoped(client, admin_world):
    link = reverse("sheet_uploads:inspect", args=[admin_world["upload"].pk])
    client.login(username=admin_world["clerk_a"].username, password=PASSWORD)
    assert link not in client.get(reverse("sheet_uploads:index")).content.decode()
    client.logout()
    client.login(username=admin_world["clerk_b"].username, password=PASSWORD)
    assert link in client.get(reverse("sheet_uploads:index")).content.decode()


def test_period_admin_office_only(client, admin_world):
    client.login(username=admin_world["clerk_a"].username, password=PASSWORD)
    assert_refused(client.get(reverse("sheet_periods:add")))
    client.logout()
    client.login(username=admin_world["office"].username, password=PASSWORD)
    assert client.get(reverse("sheet_periods:add")).status_code == 200


def test_demo_loads_idempotently():
    from ledgers.demo import load_units
    from ledgers.sheets import demo
    from ledgers.sheets.views import board_cells

    load_units()
    assert demo.load() == len(demo.PLAN)
    assert demo.load() == 0
    period = Period.objects.get(year=2026, half=1)
    states = {
        (unit.name, n): cell["state"]
        for unit, by_att in board_cells(period).items()
        for n, cell in by_att.items()
    }
    assert states[("方圆街道", 1)] == "on_time"
    assert states[("留格庄镇", 2)] == "late"
    assert states[("凤城街道", 1)] == "missing"
    assert states[("海阳市89000民生服务中心", 5)] == "on_time"


def test_unit_created_or_activated_after_period_opens_owes_it(period):
    from ledgers.models import Unit
    from ledgers.sheets.models import Obligation, Period
    from ledgers.sheets.signals import joins_reporting

    closed = Period.objects.create(year=2025, half=2, is_open=False)
    late = UnitFactory(name="新设镇")
    assert sorted(
        Obligation.objects.filter(unit=late, period=period).values_list("attachment", flat=True)
    ) == [1, 2, 3, 4]
    assert not Obligation.objects.filter(unit=late, period=closed).exists()
    dormant = UnitFactory(name="停用局", is_active=False)
    assert not Obligation.objects.filter(unit=dormant).exists()
    dormant.is_active = True
    dormant.save()
    assert Obligation.objects.filter(unit=dormant, period=period).count() == 4
    # the office exempts a unit from 附件1; editing the unit later does not bring it back
    Obligation.objects.filter(unit=dormant, attachment=1).delete()
    Unit.objects.get(pk=dormant.pk).save()
    assert Obligation.objects.filter(unit=dormant, period=period).count() == 3
    assert joins_reporting(created=True, was_active=False, is_active=True)
    assert not joins_reporting(created=False, was_active=True, is_active=True)
    assert not joins_reporting(created=True, was_active=False, is_active=False)
