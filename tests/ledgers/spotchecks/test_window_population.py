"""Window service users (好差评 raters who left a phone) as a spot-check population.

Runs once the ratings app (``ratings.Rating``: unit, approval_item, level, name, phone,
created_at) is in the project; skipped before that."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from ledgers.satisfaction import Satisfaction
from ledgers.spotchecks import services
from ledgers.spotchecks.models import Task
from ledgers.spotchecks.population import window_users
from tests.factories import UnitFactory
from tests.ledgers.spotchecks.conftest import AT, ON


def _rating_model():
    try:
        return apps.get_model("ratings", "Rating")
    except LookupError:
        return None


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(_rating_model() is None, reason="ratings.Rating not in this build yet"),
]


def rate(unit, phone, when, level=Satisfaction.SATISFIED, name="周八"):
    Rating = _rating_model()
    rating = Rating.objects.create(unit=unit, level=level, name=name, phone=phone)
    Rating.objects.filter(pk=rating.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
    )
    return rating


def test_window_users_are_raters_of_the_half_year_who_left_a_phone(round_factory):
    window = UnitFactory(name="审批局", is_window=True)
    kept = rate(window, "13700001111", datetime.date(2026, 3, 2))
    rate(window, "", datetime.date(2026, 3, 2))  # no phone: cannot be called
    rate(window, "13700002222", datetime.date(2026, 8, 2))  # second half-year
    round_ = round_factory(check_visits=False, check_targets=False, check_window=True)
    people = list(window_users(round_))
    assert [p.key for p in people] == [f"ratings.rating:{kept.pk}"]
    person = people[0]
    assert person.unit_id == window.pk and person.task == Task.WINDOW
    assert person.phone == "13700001111" and person.name == "周八"
    assert person.facts["评价"] == "满意"


def test_window_users_are_drawn_per_window_unit(round_factory):
    from tests.factories import office_user

    one, two = UnitFactory(is_window=True), UnitFactory(is_window=True)
    for i in range(6):
        rate(one, f"1370000{i:04d}", datetime.date(2026, 5, 1))
    rate(two, "13711112222", datetime.date(2026, 5, 1), level=Satisfaction.DISSATISFIED)
    round_ = round_factory(check_visits=False, check_targets=False, check_window=True, per_unit=3)
    round_ = services.draw(round_, user=office_user(), on=ON, at=AT)
    assert round_.calls.filter(unit=one, task=Task.WINDOW).count() == 3
    assert round_.calls.filter(unit=two, task=Task.WINDOW).count() == 1
    assert services.redraw(round_) == services.stored_sample(round_)
