"""Fixtures of the spot-check tests: two units with 附件1/附件3 rows, and a user in each role."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import UnitFactory, clerk_user, ledger_row, make_user, office_user

ON = datetime.date(2026, 7, 1)
AT = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))


def phone(unit_index, n, attachment=1):
    return f"139{unit_index:02d}{attachment}{n:05d}"


def rows(unit, unit_index, count, attachment=1, year=2026, half=1):
    return [
        ledger_row(
            unit,
            attachment=attachment,
            sphere="",
            year=year,
            half=half,
            person_name=f"村民{unit_index}-{n}",
            phone=phone(unit_index, n, attachment),
            address=f"某镇某村{n}号",
            category=None,
            problem_content="",
        )
        for n in range(count)
    ]


@pytest.fixture
def world(db):
    unit_a, unit_b = UnitFactory(name="甲镇"), UnitFactory(name="乙局")
    rows(unit_a, 1, 12)
    rows(unit_b, 2, 5)
    rows(unit_a, 1, 4, attachment=3)
    return {
        "a": unit_a,
        "b": unit_b,
        "office": office_user(),
        "clerk_a": clerk_user(unit_a),
        "clerk_b": clerk_user(unit_b),
        "inspector": make_user("inspector"),
    }


@pytest.fixture
def round_factory(db):
    from ledgers.spotchecks.models import Round

    def make(**fields):
        values = {
            "year": 2026,
            "season": "mid",
            "check_visits": True,
            "check_targets": True,
            "check_cases": False,
            "check_window": False,
            "per_unit": 3,
        }
        values.update(fields)
        return Round.objects.create(**values)

    return make


@pytest.fixture
def drawn(world, round_factory):
    from ledgers.spotchecks import services

    return services.draw(round_factory(seed="42"), user=world["office"], on=ON, at=AT)
