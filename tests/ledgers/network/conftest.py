"""A small piece of ground: town 方圆 with a community of two compounds and a village, two
departments (住建 answers for 幸福小区, 民政 for the whole 王家村), their clerks and the office."""

import datetime

import pytest

from ledgers.models import UnitKind
from ledgers.network import services
from ledgers.network.models import Community, CommunityKind, Compound
from tests.factories import UnitFactory, clerk_user, office_user

START = datetime.date(2026, 1, 1)


@pytest.fixture
def ground(db):
    town = UnitFactory(name="方圆街道", kind=UnitKind.TOWN)
    other_town = UnitFactory(name="海阳镇", kind=UnitKind.TOWN)
    zjj = UnitFactory(name="住建局")
    mzj = UnitFactory(name="民政局")
    other = UnitFactory(name="教育局")
    east = Community.objects.create(town=town, name="东村社区")
    village = Community.objects.create(town=town, name="王家村", kind=CommunityKind.VILLAGE)
    far = Community.objects.create(town=other_town, name="海边社区")
    happy = Compound.objects.create(community=east, name="幸福小区", building_count=6)
    garden = Compound.objects.create(community=east, name="海滨花园", building_count=3)
    front = Compound.objects.create(community=village, name="前王组")
    seaside = Compound.objects.create(community=far, name="海景小区")
    office = office_user()
    services.assign(east, happy, zjj, start_on=START, user=office)
    services.assign(village, None, mzj, start_on=START, user=office)
    return type(
        "Ground",
        (),
        dict(
            town=town,
            other_town=other_town,
            zjj=zjj,
            mzj=mzj,
            other=other,
            east=east,
            village=village,
            far=far,
            happy=happy,
            garden=garden,
            front=front,
            seaside=seaside,
            office=office,
            zjj_clerk=clerk_user(zjj),
            mzj_clerk=clerk_user(mzj),
            other_clerk=clerk_user(other),
            town_clerk=clerk_user(town),
            other_town_clerk=clerk_user(other_town),
        ),
    )
