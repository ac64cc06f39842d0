"""Each rule of 好差评 on its own."""

import pytest

from ledgers.ratings import rules
from ledgers.satisfaction import Satisfaction as S
from tests.factories import UnitFactory, clerk_user, make_user, office_user


@pytest.mark.parametrize(
    ("level", "phone", "expected"),
    [
        (S.DISSATISFIED, "13905351122", True),
        (S.VERY_DISSATISFIED, "0535-3221234", True),
        (S.DISSATISFIED, "", False),
        (S.VERY_DISSATISFIED, "   ", False),
        (S.BASIC, "13905351122", False),
        (S.SATISFIED, "13905351122", False),
        (S.VERY_SATISFIED, "13905351122", False),
    ],
)
def test_becomes_case(level, phone, expected):
    assert rules.becomes_case(level, phone) is expected


def test_is_bad_rating_uses_the_shared_scale():
    assert [rules.is_bad_rating(v) for v in S.values] == [False, False, False, True, True]


def test_default_time_limit_is_fifteen_working_days():
    assert rules.DEFAULT_TIME_LIMIT_WORKING_DAYS == 15


@pytest.mark.django_db
def test_only_the_office_sees_identity():
    unit = UnitFactory(is_window=True)
    assert rules.sees_identity(office_user())
    assert not rules.sees_identity(clerk_user(unit))
    assert not rules.sees_identity(make_user("inspector"))
