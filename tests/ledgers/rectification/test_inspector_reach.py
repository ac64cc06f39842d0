"""纪委 reads the rectification cases its inspections opened (交办整改) — list, workbench (with the
case's progress), 交办单, export — and nothing else; it never acts on them. Other cases stay out of its reach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ledgers.inspections import services as inspections
from ledgers.inspections.models import Finding, Inspection
from ledgers.rectification.models import Case, CaseState
from tests.factories import make_user
from tests.ledgers.rectification.conftest import assigned_case
from tests.utils import assert_refused

ON = datetime.date(2026, 11, 2)
AT = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


@pytest.fixture
def reach(world):
    jiwei = make_user("inspector")
    inspection = Inspection.objects.create(
        inspected_on=ON, unit=world["zjj"], inspectors="甲", checked="在岗在位"
    )
    finding = Finding.objects.create(
        inspection=inspection, category=world["category"], description="窗口无人值守二十分钟"
    )
    inspection_case, _ = inspections.hand_over(finding, user=jiwei, on=ON, at=AT)
    other_case = assigned_case(world)
    return world | {"jiwei": jiwei, "mine": inspection_case, "other_case": other_case}


def test_jiwei_lists_only_inspection_cases(client, reach):
    client.force_login(reach["jiwei"])
    response = client.get(reverse("rectification_admin:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reach["mine"].slip_number in body
    assert reach["other_case"].slip_number not in body


@pytest.mark.parametrize(
    "name",
    ["rectification_admin:detail", "rectification_admin:slip"],
)
def test_jiwei_reads_an_inspection_case_and_no_other(client, reach, name):
    client.force_login(reach["jiwei"])
    response = client.get(reverse(name, args=[reach["mine"].pk]))
    assert response.status_code == 200, response.status_code
    assert_refused(client.get(reverse(name, args=[reach["other_case"].pk])))


def test_jiwei_never_acts_on_a_case(client, reach):
    client.force_login(reach["jiwei"])
    case = reach["mine"]
    for action in ("sign", "assign", "close", "send_back", "flag"):
        response = client.post(reverse("rectification_admin:action", args=[case.pk, action]), {})
        assert response.status_code in (302, 400, 403), (action, response.status_code)
    case.refresh_from_db()
    assert case.state == CaseState.ASSIGNED
    assert_refused(client.get(reverse("rectification_admin:edit", args=[case.pk])))
    assert_refused(client.post(reverse("rectification_admin:delete", args=[case.pk])))
    assert Case.objects.filter(pk=case.pk).exists()


def test_jiwei_export_holds_inspection_cases_only(client, reach):
    client.force_login(reach["jiwei"])
    response = client.get(reverse("rectification_admin:index") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert reach["mine"].slip_number in body
    assert reach["other_case"].slip_number not in body


@pytest.mark.parametrize(
    "name",
    ["rectification_admin:dashboard", "rectification_admin:handover", "rectification_admin:queue"],
)
def test_jiwei_has_no_office_or_unit_screens(client, reach, name):
    client.force_login(reach["jiwei"])
    assert_refused(client.get(reverse(name)))
