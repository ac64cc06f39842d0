"""Moderation actions follow the report's state: only the allowed ones are offered (inspect
header, listing row menu) and the others are refused on the server with a Chinese message."""

import pytest
from django.urls import reverse

from ledgers.reportbox import rules
from ledgers.reportbox.models import Status
from ledgers.reportbox.services import submit_report
from tests.factories import UnitFactory, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(category):
    return submit_report(
        data={
            "category": category,
            "place": "某社区",
            "content": "反映某单位窗口人员态度恶劣,拒绝解释办事流程。",
            "is_anonymous": True,
        },
        files=[],
    ).report


def action_url(report, name):
    return reverse("reportbox_reports:action", args=[report.pk, name])


@pytest.mark.parametrize(
    "status, allowed",
    [
        (
            Status.NEW,
            ["accept", "duplicate", "out_of_scope", "spam", "classify", "assign", "reply"],
        ),
        (Status.ACCEPTED, ["duplicate", "out_of_scope", "spam", "classify", "assign", "reply"]),
        (Status.ASSIGNED, []),
        (Status.REPLIED, ["reply"]),
        (Status.CLOSED, []),
        (Status.SPAM, []),
    ],
)
def test_allowed_actions_by_status(status, allowed):
    assert rules.allowed_actions(status) == allowed


def test_after_assign_no_triage_action_is_offered(client, report):
    """Once handed over, the case owns the item: neither the inspect page nor the queue row
    offers a triage action (the workbench does the rest)."""
    office = office_user()
    client.force_login(office)
    unit = UnitFactory(name="甲镇")
    response = client.post(action_url(report, "assign"), {"unit": unit.pk, "time_limit_days": 7})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ASSIGNED

    html = client.get(reverse("reportbox_reports:inspect", args=[report.pk])).content.decode()
    listing = client.get(reverse("reportbox_reports:index")).content.decode()
    for name in ("accept", "spam", "duplicate", "out_of_scope", "classify", "assign", "reply"):
        assert action_url(report, name) not in html, name
        assert action_url(report, name) not in listing, name
    assert reverse("reportbox_reports:inspect", args=[report.pk]) in listing


def test_new_report_row_offers_its_actions(client, report):
    client.force_login(office_user())
    listing = client.get(reverse("reportbox_reports:index")).content.decode()
    for name in rules.allowed_actions(report.status):
        assert action_url(report, name) in listing, name


def test_action_the_state_does_not_allow_is_refused(client, report):
    client.force_login(office_user())
    report.set_status(Status.CLOSED)
    report.save()
    response = client.post(action_url(report, "spam"), {})
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    assert "本件状态为“已办结”,不能屏蔽" in response.content.decode()
