"""One way from a report to its case and back (ledgers/rectification/links.py).

The report box's 交办 goes through the rectification ledger: one case per report, a numbered slip,
a working-day limit, the conflict-of-interest rule with a single logged override. From then on
the case owns the state: the report box shows the case's *current* unit and deadline, scopes the
report, its attachments and its exports by the case's current unit, and refuses its own triage;
the answer flows back to the citizen when the case closes."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ledgers.rectification import services as cases
from ledgers.rectification.models import Case, CaseSource, CaseState, SlipCounter
from ledgers.rectification.workdays import WorkingCalendar, add_working_days
from ledgers.reportbox import services
from ledgers.reportbox.models import Status
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.ledgers.reportbox.conftest import jpeg_with_gps
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db

NAME, PHONE = "孙丽华", "13605351122"
SLIP_RE = re.compile(r"^海作交〔\d{4}〕第\d{4}号$")


@pytest.fixture
def category(db):
    from ledgers.models import ProblemCategory

    return ProblemCategory.objects.get(name="干部作风")


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
        },
        files=[services.clean_attachment(SimpleUploadedFile("现场.jpg", jpeg_with_gps()), "jpeg")],
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
    assert report.status == Status.ASSIGNED and report.assigned_at is not None

    html = response.content.decode()
    prose_deadline = f"{case.deadline.year}年{case.deadline.month}月{case.deadline.day}日"
    assert case.slip_number in html and prose_deadline in html
    assert reverse("rectification_admin:detail", args=[case.pk]) in html

    entry = ModelLogEntry.objects.get(action="reportbox.assign")
    assert entry.data["slip_number"] == case.slip_number and entry.data["case_id"] == case.pk
    assert entry.data["note"] == "请尽快核实"
    assert ModelLogEntry.objects.filter(action="rectification.hand_over").count() == 1
    assert ModelLogEntry.objects.filter(action="rectification.assign").count() == 1


def test_assigning_twice_does_not_create_a_second_case(client, world):
    login(client, world["office"])
    report = world["report"]
    assign(client, report, unit=world["a"].pk)
    case = Case.objects.get()
    counter = SlipCounter.objects.get().last

    response = assign(client, report, unit=world["b"].pk, time_limit_days=5)
    html = response.content.decode()
    assert "不能再在举报箱交办" in html and case.slip_number in html
    assert reverse("rectification_admin:detail", args=[case.pk]) in html
    assert Case.objects.count() == 1
    assert SlipCounter.objects.get().last == counter
    case.refresh_from_db()
    assert case.assigned_unit == world["a"]
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
    assert report.status == Status.NEW


def test_a_report_handed_over_from_the_queue_is_assigned_on_the_workbench(client, world):
    """Handed over earlier (the rectification queue): the report box refuses its own 交办 and
    points to the workbench; nothing is created or numbered twice."""
    office = world["office"]
    report = world["report"]
    case, _ = cases.hand_over_report(report, user=office, on=timezone.localdate())
    login(client, office)
    response = assign(client, report, unit=world["a"].pk)
    assert "请到整改问题工作台办理" in response.content.decode()
    assert Case.objects.count() == 1
    case.refresh_from_db()
    assert case.state == CaseState.NEW and not case.slip_number
    assert not SlipCounter.objects.filter(last__gt=0).exists()


@pytest.mark.parametrize("action", ["accept", "duplicate", "out_of_scope", "spam", "reply"])
def test_triage_of_a_report_with_an_open_case_is_refused(client, world, action):
    login(client, world["office"])
    report = world["report"]
    assign(client, report, unit=world["a"].pk)
    before = report.__class__.objects.get(pk=report.pk)
    data = {
        "duplicate": {"original_code": report.formatted_code},
        "out_of_scope": {"reason": "不属于受理范围。"},
        "reply": {"reply": "已处理。", "close": "on"},
    }.get(action, {})
    url = reverse("reportbox_reports:action", args=[report.pk, action])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "已移交整改问题" in response.content.decode()
    after = report.__class__.objects.get(pk=report.pk)
    assert (after.status, after.public_reply, after.status_changed_at) == (
        before.status,
        before.public_reply,
        before.status_changed_at,
    )
    assert not ModelLogEntry.objects.filter(action=f"reportbox.{action}").exists()


def test_re_routing_on_the_workbench_moves_report_and_attachments(client, world, category):
    """The unit returns the case, the office re-assigns it on the case workbench: the new unit
    sees the report and downloads its attachments, the old one is refused; the box shows the
    new unit and deadline."""
    office = world["office"]
    report = world["report"]
    attachment = report.attachments.get()
    login(client, office)
    assign(client, report, unit=world["a"].pk)
    case = Case.objects.get()
    cases.return_case(
        case, user=world["clerk_a"], on=timezone.localdate(), reason="不属于本镇职责范围。"
    )
    client.post(
        reverse("rectification_admin:action", args=[case.pk, "assign"]),
        {"assign-unit": world["b"].pk, "assign-time_limit_days": 15},
    )
    case.refresh_from_db()
    assert case.assigned_unit == world["b"] and case.time_limit_days == 15
    rows = client.get(reverse("reportbox_reports:index"), {"export": "csv"})
    row = [
        line
        for line in b"".join(rows.streaming_content).decode().splitlines()
        if report.receipt_code in line
    ]
    assert "乙局" in row[0] and case.deadline.isoformat() in row[0] and "甲镇" not in row[0]
    client.logout()

    inspect = reverse("reportbox_assigned:inspect", args=[report.pk])
    download = reverse("reportbox:attachment", args=[attachment.pk])
    login(client, world["clerk_a"])
    assert_refused(client.get(inspect))
    assert_refused(client.get(download))
    assert (
        report.formatted_code
        not in client.get(reverse("reportbox_assigned:index")).content.decode()
    )
    client.logout()
    login(client, world["clerk_b"])
    assert client.get(inspect).status_code == 200
    assert report.formatted_code in client.get(reverse("reportbox_assigned:index")).content.decode()
    assert client.get(download).status_code == 200


def test_unit_views_link_to_the_case_workbench(client, world):
    login(client, world["office"])
    report = world["report"]
    assign(client, report, unit=world["a"].pk)
    case = Case.objects.get()
    workbench = reverse("rectification_admin:detail", args=[case.pk])
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
        assert reverse("rectification_admin:detail", args=[case.pk]) in html
    assert six == one, "\n".join(q["sql"][:200] for q in captured_last)


def _box_deadline(client, user, report):
    """The deadline the report box shows a unit for ``report`` (its export, one row)."""
    login(client, user)
    response = client.get(reverse("reportbox_assigned:index"), {"export": "csv"})
    client.logout()
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [line for line in lines if report.receipt_code in line][0].rsplit(",", 1)[1]


def test_extensions_and_send_backs_move_the_deadline_the_report_box_shows(client, world):
    from ledgers.rectification.models import Outcome
    from ledgers.reportbox.handover import link
    from ledgers.reportbox.models import Report

    office, clerk = world["office"], world["clerk_a"]
    report = world["report"]
    today = timezone.localdate()
    login(client, office)
    assign(client, report, unit=world["a"].pk)
    client.logout()
    case = Case.objects.get()
    assert _box_deadline(client, clerk, report) == case.deadline.isoformat()

    cases.sign(case, user=clerk, on=today)
    extension = cases.request_extension(case, user=clerk, on=today, days=5, reason="需采购材料")
    cases.decide_extension(extension, user=office, on=today, grant=True, note="同意")
    case.refresh_from_db()
    extended = case.deadline
    assert extended == extension.new_deadline
    assert _box_deadline(client, clerk, report) == extended.isoformat()
    info = link().case_of(report)
    assert info.deadline == extended and info.extensions_granted[0][:2] == (5, extended)

    photo = SimpleUploadedFile("修好了.jpg", jpeg_with_gps(), content_type="image/jpeg")
    cases.submit_result(
        case, user=clerk, on=today, outcome=Outcome.SOLVED, detail="已维修", files=[photo]
    )
    cases.send_back(case, user=office, on=today, reason="未附照片", extra_days=3)
    case.refresh_from_db()
    assert case.deadline != extended
    assert _box_deadline(client, clerk, report) == case.deadline.isoformat()

    # The box's overdue filter and banner read the case's current deadline.
    after = case.deadline + datetime.timedelta(days=1)
    assert list(Report.objects.overdue(after)) == [report]
    assert not Report.objects.overdue(case.deadline).exists()


def test_att5_rows_are_handed_over_exactly_once_from_either_page(client, world):
    """附件5 rows (sphere column empty) appear on the ledgers' hand-over page and in the
    rectification queue; posting from both pages makes one case."""
    from ledgers.sheets.models import LedgerRow
    from tests.factories import ledger_row

    row = ledger_row(world["a"], attachment=5, sphere="", problem_content="夜间施工噪音扰民")
    sector = ledger_row(world["a"], attachment=4, sphere="sector", problem_content="本单位自改")
    assert list(LedgerRow.objects.to_hand_over()) == [row]
    login(client, world["office"])
    period = row.upload.period
    sheets_page = client.get(reverse("sheets:handover"), {"period": period.pk}).content.decode()
    queue = client.get(reverse("rectification_admin:handover")).content.decode()
    post_url = reverse("rectification_admin:hand_over", args=["ledger_row", row.pk])
    assert post_url in sheets_page and post_url in queue
    assert "夜间施工噪音扰民" in sheets_page and "本单位自改" not in sheets_page

    client.post(post_url, {"next": reverse("sheets:handover")})
    client.post(post_url, {"next": reverse("rectification_admin:handover")})
    assert CaseSource.objects.filter(ledger_row=row).count() == 1
    case = Case.objects.get()
    assert case.source == "hotline"
    sheets_page = client.get(reverse("sheets:handover"), {"period": period.pk}).content.decode()
    assert post_url not in sheets_page and "已移交" in sheets_page
    assert post_url not in client.get(reverse("rectification_admin:handover")).content.decode()
    refused = client.post(
        reverse("rectification_admin:hand_over", args=["ledger_row", sector.pk]), follow=True
    )
    assert "行业领域" in refused.content.decode()
    assert Case.objects.count() == 1
