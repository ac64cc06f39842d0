"""The named filing rules, with fixed dates."""

import datetime

import pytest

from ledgers.plans.models import AppliesTo, PlanType
from ledgers.plans.rules import days_until, is_late, reminder_due

D = datetime.date
DEADLINE = D(2026, 4, 30)


@pytest.mark.parametrize(
    ("submitted", "today", "late"),
    [
        (D(2026, 4, 30), D(2026, 6, 1), False),  # on the deadline day is on time
        (D(2026, 5, 1), D(2026, 6, 1), True),  # a day after is late
        (None, D(2026, 4, 30), False),  # not yet, but the deadline has not passed
        (None, D(2026, 5, 1), True),
        (D(2026, 4, 1), D(2027, 1, 1), False),  # the review's length does not count
    ],
)
def test_is_late(submitted, today, late):
    assert is_late(DEADLINE, submitted, today) is late


def test_days_until_and_reminder_window():
    assert days_until(DEADLINE, D(2026, 4, 23)) == 7
    assert days_until(DEADLINE, D(2026, 5, 2)) == -2
    assert not reminder_due(DEADLINE, D(2026, 4, 22), 7)
    assert reminder_due(DEADLINE, D(2026, 4, 23), 7)
    assert reminder_due(DEADLINE, D(2026, 4, 30), 7)
    assert not reminder_due(DEADLINE, D(2026, 5, 1), 7)


def test_deadline_clamps_to_month_end():
    plan_type = PlanType(name="x", deadline_month=2, deadline_day=29)
    assert plan_type.deadline_for(2027) == D(2027, 2, 28)
    assert plan_type.deadline_for(2028) == D(2028, 2, 29)
    assert PlanType(name="y").deadline_for(2026) == DEADLINE


@pytest.mark.django_db
def test_obligated_units(world):
    town, window, dept = world["town"], world["window"], world["dept"]
    cases = {
        AppliesTo.ALL: {town, window, dept},
        AppliesTo.TOWNS_AND_DEPARTMENTS: {town, window, dept},
        AppliesTo.TOWNS: {town},
        AppliesTo.DEPARTMENTS: {window, dept},
        AppliesTo.WINDOWS: {window},
    }
    for applies_to, expected in cases.items():
        plan_type = PlanType.objects.create(name=f"t-{applies_to}", applies_to=applies_to)
        assert set(plan_type.obligated_units()) == expected, applies_to
    chosen = PlanType.objects.create(name="chosen", applies_to=AppliesTo.CHOSEN)
    chosen.units.add(dept)
    assert list(chosen.obligated_units()) == [dept]
    dept.is_active = False
    dept.save()
    assert list(chosen.obligated_units()) == []


def test_invalid_deadline_day_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        PlanType(name="z", deadline_month=4, deadline_day=31).clean()
