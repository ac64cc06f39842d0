"""The 纪委 login on the demo data: the office's settings, users and write actions (report-box
triage and assignment, case actions, uploads, rounds) are refused and change nothing."""

import pytest
from django.urls import reverse

from ledgers.rectification.models import Case
from ledgers.reportbox.models import Report
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db

SETTINGS_AND_ADMIN = [
    ("wagtailsettings:edit", ["ratings", "ratingsettings"]),
    ("wagtailusers_users:add", []),
    ("wagtailusers_groups:index", []),
    ("reportbox_reports:add", []),
    ("spot_rounds:add", []),
]


@pytest.mark.parametrize(("name", "args"), SETTINGS_AND_ADMIN)
def test_office_settings_and_admin_screens_refused(client, demo, name, args):
    client.force_login(demo["jiwei"])
    try:
        url = reverse(name, args=args)
    except Exception:
        pytest.skip(f"{name} not routed")
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith(url):
        url = response["Location"]  # a generic setting's edit URL adds its pk
        response = client.get(url)
    assert response.status_code in (302, 403), (url, response.status_code)
    if response.status_code == 302:
        assert "/login/" not in response["Location"] and url not in response["Location"]
    assert_refused(client.post(url, {}))


def test_triage_and_case_actions_change_nothing(client, demo):
    client.force_login(demo["jiwei"])
    states = {r.pk: r.status for r in Report.objects.all()}
    for report in Report.objects.all():
        for action in ("accept", "spam", "assign", "reply"):
            assert_refused(
                client.post(reverse("reportbox_reports:action", args=[report.pk, action]), {})
            )
    assert {r.pk: r.status for r in Report.objects.all()} == states
    cases = {c.pk: (c.state, c.assigned_unit_id) for c in Case.objects.all()}
    for case in Case.objects.all():
        for action in ("assign", "sign", "close", "send_back", "flag", "accept"):
            response = client.post(reverse("rectification_admin:action", args=[case.pk, action]))
            assert response.status_code in (302, 400, 403), (case.pk, action)
    assert {c.pk: (c.state, c.assigned_unit_id) for c in Case.objects.all()} == cases
