"""Every rectification view as 纪委, for a case its inspection opened and for any other case:
read where specified (list, workbench, 交办单, history, evidence, export), refused everywhere
else (the office's and units' screens); the listing keeps a constant query count."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ledgers.inspections import services as inspections
from ledgers.inspections.models import Finding, Inspection
from ledgers.rectification.models import CaseEvidence
from tests.factories import make_user
from tests.ledgers.rectification.conftest import assigned_case
from tests.utils import assert_refused

ON = datetime.date(2026, 11, 2)
AT = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


def inspection_case(world, jiwei, text="窗口无人值守二十分钟"):
    inspection = Inspection.objects.create(
        inspected_on=ON, unit=world["zjj"], inspectors="甲", checked="在岗在位"
    )
    finding = Finding.objects.create(
        inspection=inspection, category=world["category"], description=text
    )
    case, _ = inspections.hand_over(finding, user=jiwei, on=ON, at=AT)
    return case


def evidence(case):
    item = CaseEvidence(case=case, original_name="整改照片.pdf", kind="pdf", uploaded_on=ON)
    item.file.save("e.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    item.save()
    return item


@pytest.fixture
def reach(world):
    jiwei = make_user("inspector")
    mine = inspection_case(world, jiwei)
    other = assigned_case(world)
    return world | {
        "jiwei": jiwei,
        "mine": mine,
        "other": other,
        "mine_evidence": evidence(mine),
        "other_evidence": evidence(other),
    }


@pytest.mark.parametrize("name", ["detail", "slip"])
def test_single_case_views_read_an_inspection_case_only(client, reach, name):
    client.force_login(reach["jiwei"])
    url = reverse(f"rectification_admin:{name}", args=[reach["mine"].pk])
    assert client.get(url).status_code == 200, url
    assert_refused(client.get(reverse(f"rectification_admin:{name}", args=[reach["other"].pk])))


def test_history_view_is_the_offices_alone(client, reach):
    """Like a unit, 纪委 follows a case's progress on its workbench, not the raw history."""
    client.force_login(reach["jiwei"])
    for case in (reach["mine"], reach["other"]):
        assert_refused(client.get(reverse("rectification_admin:history", args=[case.pk])))


def test_evidence_downloads_for_an_inspection_case_only(client, reach):
    client.force_login(reach["jiwei"])
    mine = reverse(
        "rectification_admin:evidence", args=[reach["mine"].pk, reach["mine_evidence"].pk]
    )
    other = reverse(
        "rectification_admin:evidence", args=[reach["other"].pk, reach["other_evidence"].pk]
    )
    assert client.get(mine).status_code == 200
    assert_refused(client.get(other))


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "queue",
        "overdue",
        "lookback",
        "clusters",
        "ledger_export",
        "att5_export",
        "calendar",
        "handover",
        "hotline",
        "hotline_entry",
        "add",
    ],
)
def test_office_and_unit_screens_refused(client, reach, name):
    client.force_login(reach["jiwei"])
    assert_refused(client.get(reverse(f"rectification_admin:{name}")))


@pytest.mark.parametrize("name", ["edit", "delete"])
def test_no_writes_on_any_case(client, reach, name):
    client.force_login(reach["jiwei"])
    for case in (reach["mine"], reach["other"]):
        assert_refused(client.get(reverse(f"rectification_admin:{name}", args=[case.pk])))
        assert_refused(client.post(reverse(f"rectification_admin:{name}", args=[case.pk]), {}))


def test_inspection_case_listing_keeps_a_constant_query_count(client, reach):
    client.force_login(reach["jiwei"])
    url = reverse("rectification_admin:index") + "?source=inspection"
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    added = [inspection_case(reach, reach["jiwei"], text=f"第{n}个问题:窗口无人") for n in range(5)]
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert all(case.slip_number in body for case in added)
    assert reach["other"].slip_number not in body
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
