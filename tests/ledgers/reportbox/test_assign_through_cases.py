"""The report box's 交办 goes through the rectification ledger: one case per report, a numbered
slip, a working-day limit, the conflict-of-interest rule with a single logged override, and the
report mirroring the case's unit and deadline; the units' view links to the case workbench."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ledgers.cases import services as cases
from ledgers.cases.models import Case, CaseSource, CaseState, SlipCounter
from ledgers.cases.workdays import WorkingCalendar, add_working_days
from ledgers.reportbox import services
from ledgers.reportbox.models import Status
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db

NAME, PHONE = "孙丽华", "13605351122"
SLIP_RE = re.compile(r"^海作交〔\d{4}〕第\d{4}号$")


@pytest.fixture
def world(category):
    a, b, concerned = UnitFactory(name="甲镇"), UnitFactory(name="乙局"), UnitFactory(name="丙局")
    report = services.submit_report(
        data={
            "category": category,
            "concerned_unit": concerned,
            "place": "方圆街道东村社区幸福小区",
            "content": "窗口工作人员上班时间玩手机,群众排队很久无人办理。",
            "is_anonymous": False,
            "reporter_name": NAME,
            "reporter_phone": PHONE,
        }
    ).report
    return {
        "a": a,
        "b": b,
        "concerned": concerned,
        "report": report,
        "office": office_user(),
        "clerk_a": clerk_user(a),
        "clerk_b": clerk_user(b),
    }


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def assign(client, report, **data):
    url = reverse("reportbox_reports:action", args=[report.pk, "assign"])
    return client.post(url, {"time_limit_days": 10, **data}, follow=True)


def test_office_assigns_from_the_moderation_queue_through_the_cases_module(client, world):
    login(client, world["office"])
    report = world["report"]
    response = assign(client, report, unit=world["a"].pk, flag="on", note="请尽快核实")
    assert response.status_code == 200

    case = Case.objects.get()
    source = CaseSource.objects.get()
    assert source.case == case and source.report_id == report.pk
    assert SLIP_RE.match(case.slip_number)
    assert case.state == CaseState.ASSIGNED and case.assigned_unit == world["a"]
    assert case.time_limit_days == 10 and case.flagged
    today = timezone.localdate()
    calendar = WorkingCalendar.from_db()
    expected = add_working_days(add_working_days(today, 1, calendar), 10, calendar)
    assert case.deadline == expected

    report.refresh_from_db()
    assert report.assigned_unit == world["a"] and report.deadline == case.deadline
    assert report.status == Status.ASSIGNED and report.assigned_at is not None

    html = response.content.decode()
    assert case.slip_number in html and f"{case.deadline:%Y-%m-%d}" in html
    assert reverse("case_admin:detail", args=[case.pk]) in html

    entry = ModelLogEntry.objects.get(action="reportbox.assign")
    assert entry.data["slip_number"] == case.slip_number and entry.data["case_id"] == case.pk
    assert entry.data["note"] == "请尽快核实"
    assert ModelLogEntry.objects.filter(action="cases.hand_over").count() == 1
    assert ModelLogEntry.objects.filter(action="cases.assign").count() == 1


def test_assigning_twice_does_not_create_a_second_case(client, world):
    login(client, world["office"])
    report = world["report"]
    assign(client, report, unit=world["a"].pk)
    case = Case.objects.get()
    counter = SlipCounter.objects.get().last

    response = assign(client, report, unit=world["b"].pk, time_limit_days=5)
    html = response.content.decode()
    assert "不能在举报箱重新交办" in html and case.slip_number in html
    assert reverse("case_admin:detail", args=[case.pk]) in html
    assert Case.objects.count() == 1
    assert SlipCounter.objects.get().last == counter
    report.refresh_from_db()
    case.refresh_from_db()
    assert report.assigned_unit == world["a"] == case.assigned_unit
    # The form shows the existing case (and its link) before anything is posted.
    page = client.get(reverse("reportbox_reports:action", args=[report.pk, "assign"]))
    assert case.slip_number in page.content.decode()


def test_conflict_rule_still_refuses_without_a_reason(client, world):
    login(client, world["office"])
    report = world["report"]
    response = assign(client, report, unit=world["concerned"].pk, override_conflict="on")
    assert "必须填写理由" in response.content.decode()
    response = assign(client, report, unit=world["concerned"].pk)
    assert "按回避原则不能交由该单位办理" in response.content.decode()
    assert not Case.objects.exists()
    report.refresh_from_db()
    assert report.status == Status.NEW and report.assigned_unit is None


def test_case_rule_refusal_rolls_everything_back(client, world, category):
    """The case keeps the concerned unit it was handed over with; if the report was reclassified
    since, the cases module's own check still refuses, and nothing is half-saved."""
    office = world["office"]
    report = world["report"]
    case, _ = cases.hand_over_report(report, user=office, on=timezone.localdate())
    report.concerned_unit = None
    report.save()
    login(client, office)
    response = assign(client, report, unit=world["concerned"].pk)
    assert "按回避规则不能由其自查自办" in response.content.decode()
    case.refresh_from_db()
    report.refresh_from_db()
    assert case.state == CaseState.NEW and not case.slip_number
    assert report.assigned_unit is None and report.status == Status.NEW
    assert not SlipCounter.objects.filter(last__gt=0).exists()


def test_a_case_handed_over_earlier_is_assigned_not_duplicated(client, world):
    office = world["office"]
    report = world["report"]
    case, _ = cases.hand_over_report(report, user=office, on=timezone.localdate())
    login(client, office)
    assign(client, report, unit=world["a"].pk)
    assert Case.objects.count() == 1
    case.refresh_from_db()
    assert case.state == CaseState.ASSIGNED and case.assigned_unit == world["a"]


def test_a_returned_case_is_re_routed_with_a_new_slip(client, world):
    office = world["office"]
    report = world["report"]
    login(client, office)
    assign(client, report, unit=world["a"].pk)
    case = Case.objects.get()
    first_slip = case.slip_number
    cases.return_case(
        case, user=world["clerk_a"], on=timezone.localdate(), reason="不属于本镇职责范围。"
    )

    response = assign(client, report, unit=world["b"].pk, time_limit_days=15)
    assert Case.objects.count() == 1
    case.refresh_from_db()
    report.refresh_from_db()
    assert case.state == CaseState.ASSIGNED and case.assigned_unit == world["b"]
    assert case.slip_number != first_slip and case.time_limit_days == 15
    assert report.assigned_unit == world["b"] and report.deadline == case.deadline
    assert case.slip_number in response.content.decode()


def test_unit_views_link_to_the_case_workbench(client, world):
    login(client, world["office"])
    report = world["report"]
    assign(client, report, unit=world["a"].pk)
    case = Case.objects.get()
    workbench = reverse("case_admin:detail", args=[case.pk])
    client.logout()

    login(client, world["clerk_a"])
    for url in (
        reverse("reportbox_assigned:index"),
        reverse("reportbox_assigned:inspect", args=[report.pk]),
    ):
        html = client.get(url).content.decode()
        assert workbench in html and case.slip_number in html
        assert NAME not in html and PHONE not in html
    assert client.get(workbench).status_code == 200
    client.logout()

    login(client, world["clerk_b"])
    assert_refused(client.get(reverse("reportbox_assigned:inspect", args=[report.pk])))
    assert_refused(client.get(workbench))


def test_unit_list_queries_do_not_grow_with_rows(client, world, category):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_assigned(count):
        login(client, world["office"])
        for i in range(count):
            other = services.submit_report(
                data={
                    "category": category,
                    "concerned_unit": None,
                    "place": f"某社区{i}",
                    "content": "窗口工作人员上班时间玩手机,群众排队很久无人办理。",
                    "is_anonymous": True,
                }
            ).report
            assign(client, other, unit=world["a"].pk)
        client.logout()

    def list_queries():
        login(client, world["clerk_a"])
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("reportbox_assigned:index")).content.decode()
        client.logout()
        captured_last[:] = captured.captured_queries
        return len(captured), html

    captured_last = []
    add_assigned(1)
    list_queries()  # warm caches
    one, _ = list_queries()
    add_assigned(5)
    six, html = list_queries()
    assert Case.objects.count() == 6
    for case in Case.objects.all():
        assert reverse("case_admin:detail", args=[case.pk]) in html
    assert six == one, "\n".join(q["sql"][:200] for q in captured_last)
