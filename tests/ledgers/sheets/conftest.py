import datetime

import pytest

from ledgers.sheets.models import Period
from tests.factories import UnitFactory, clerk_user, office_user


@pytest.fixture
def period(db):
    return Period.objects.create(year=2026, half=1)


@pytest.fixture
def units(db):
    return {"a": UnitFactory(name="甲镇", cadre_count=1), "b": UnitFactory(name="乙局")}


@pytest.fixture
def people(units):
    return {
        "clerk_a": clerk_user(units["a"]),
        "clerk_b": clerk_user(units["b"]),
        "office": office_user(),
    }


@pytest.fixture
def on_time():
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(2026, 6, 1, 10, 0))
