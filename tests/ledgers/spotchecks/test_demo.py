"""The spot-check demo: one published round with worked calls, loaded twice without change, and
every demo login's view of it."""

import pytest
from django.urls import reverse

from ledgers.spotchecks.models import Call, Round, RoundState

pytestmark = pytest.mark.django_db


def test_demo_round_is_published_with_worked_calls_and_idempotent(demo):
    from ledgers.spotchecks import demo as spot_demo

    round_ = Round.objects.get()
    assert round_.state == RoundState.PUBLISHED and round_.seed == spot_demo.DEMO_SEED
    calls = Call.objects.filter(round=round_)
    assert calls.exclude(outcome="").count() >= 4
    assert calls.filter(outcome="false", case__isnull=False).count() == 1
    count = calls.count()
    spot_demo.load()
    assert Round.objects.count() == 1 and Call.objects.count() == count


def test_demo_logins_and_the_spot_check_menu(client, demo):
    round_ = Round.objects.get()
    from tests.ledgers.spotchecks.test_views import menu_labels

    assert "电话抽查" in menu_labels(demo["office"])
    assert "抽查结果" in menu_labels(demo["fangyuan"])
    client.force_login(demo["office"])
    verified = client.post(reverse("spot_rounds:verify", args=[round_.pk])).content.decode()
    assert "验证一致" in verified
    client.force_login(demo["fangyuan"])
    assert client.get(reverse("spot_rounds:results", args=[round_.pk])).status_code == 200
    client.force_login(demo["jiwei"])
    assert client.get(reverse("spot_rounds:results", args=[round_.pk])).status_code == 200


@pytest.mark.parametrize("username", ["office", "fangyuan", "jiwei"])
def test_spot_check_screens_are_in_chinese(client, demo, username):
    from tests.ledgers.test_admin_chinese import english_runs

    round_ = Round.objects.get()
    call = Call.objects.filter(round=round_).exclude(outcome="").first()
    urls = [
        reverse("spot_rounds:results_index"),
        reverse("spot_rounds:results", args=[round_.pk]),
    ]
    if username == "office":
        urls += [
            reverse("spot_rounds:index"),
            reverse("spot_rounds:add"),
            reverse("spot_rounds:work", args=[round_.pk]),
            reverse("spot_rounds:queue"),
            reverse("spot_rounds:call", args=[call.pk]),
            reverse("spot_rounds:print", args=[round_.pk]),
        ]
    client.force_login(demo[username])
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        runs = english_runs(response.content.decode())
        if runs:
            problems[url] = sorted(runs)[:8]
    assert not problems, problems
