"""Moderation admin: permission fours on every view (anonymous → login, other unit → refused,
own unit → allowed, office → allowed), identity hidden from units, actions logged in history,
the conflict-of-interest rule, filters, search, export escaping, paper entry."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ledgers.rectification.links import assign_report
from ledgers.rectification.models import Case
from ledgers.reportbox import services
from ledgers.reportbox.models import Report, ReportAttachment, Source, Status
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.utils import assert_login_required, assert_refused

from .conftest import PDF_BYTES, jpeg_with_gps

pytestmark = pytest.mark.django_db

NAME, PHONE, IP = "孙丽华", "13605351122", "192.0.2.77"


@pytest.fixture
def setup(category):
    a, b, concerned = UnitFactory(name="甲镇"), UnitFactory(name="乙局"), UnitFactory(name="丙局")
    office = office_user()

    def make(unit, content="反映某单位窗口人员态度恶劣,拒绝解释办事流程。"):
        photo = services.clean_attachment(
            SimpleUploadedFile("我的照片.jpg", jpeg_with_gps()), "jpeg"
        )
        report = services.submit_report(
            data={
                "category": category,
                "concerned_unit": concerned,
                "place": "某社区",
                "content": content,
                "is_anonymous": False,
                "reporter_name": NAME,
                "reporter_phone": PHONE,
            },
            files=[photo],
            client_ip=IP,
        ).report
        if unit:
            # The office's 交办: the report becomes a case assigned to ``unit``.
            assign_report(
                report, unit=unit, time_limit_days=10, user=office, on=timezone.localdate()
            )
            report.refresh_from_db()
        return report

    return {
        "a": a,
        "b": b,
        "concerned": concerned,
        "report_a": make(a),
        "report_b": make(b),
        "new": make(None),
        "clerk_a": clerk_user(a),
        "office": office,
        "make": make,
    }


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


OFFICE_VIEWS = ["edit", "inspect", "history"]
UNIT_VIEWS = ["inspect", "history"]


# --- the office's moderation screens ---------------------------------------------------------


@pytest.mark.parametrize("view", OFFICE_VIEWS)
def test_office_views_anonymous_redirected(client, setup, view):
    assert_login_required(
        client.get(reverse(f"reportbox_reports:{view}", args=[setup["report_a"].pk]))
    )


@pytest.mark.parametrize("view", OFFICE_VIEWS)
def test_office_views_refused_to_clerks_even_of_the_assigned_unit(client, setup, view):
    login(client, setup["clerk_a"])
    for report in (setup["report_a"], setup["report_b"]):
        assert_refused(client.get(reverse(f"reportbox_reports:{view}", args=[report.pk])))


def test_office_index_and_action_refused_to_clerks(client, setup):
    login(client, setup["clerk_a"])
    assert_refused(client.get(reverse("reportbox_reports:index")))
    response = client.post(
        reverse("reportbox_reports:action", args=[setup["report_a"].pk, "spam"]), {}
    )
    assert_refused(response)
    setup["report_a"].refresh_from_db()
    assert setup["report_a"].status == Status.ASSIGNED


@pytest.mark.parametrize("view", OFFICE_VIEWS)
def test_office_sees_identity(client, setup, view):
    login(client, setup["office"])
    response = client.get(reverse(f"reportbox_reports:{view}", args=[setup["report_b"].pk]))
    assert response.status_code == 200
    if view == "inspect":
        html = response.content.decode()
        assert NAME in html and PHONE in html and IP in html and "我的照片.jpg" in html


def test_office_index_search_filters_and_constant_queries(
    client, setup, django_assert_max_num_queries
):
    login(client, setup["office"])
    url = reverse("reportbox_reports:index")
    for i in range(5):
        setup["make"](setup["a"], content=f"第{i}件 反映某单位窗口人员态度恶劣的问题。")
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("某社区") >= 8
    html = client.get(url, {"q": setup["new"].receipt_code}).content.decode()
    assert setup["new"].formatted_code in html and setup["report_a"].formatted_code not in html
    html = client.get(url, {"status": "new"}).content.decode()
    assert setup["new"].formatted_code in html and setup["report_b"].formatted_code not in html
    html = client.get(url, {"assigned_unit": setup["b"].pk}).content.decode()
    assert setup["report_b"].formatted_code in html and setup["report_a"].formatted_code not in html
    html = client.get(url, {"source": Source.HALL_BOX}).content.decode()
    assert setup["report_b"].formatted_code not in html


def test_date_filter(client, setup):
    Report.objects.filter(pk=setup["report_a"].pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    login(client, setup["office"])
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    html = client.get(
        reverse("reportbox_reports:index"), {"created_at_from": since}
    ).content.decode()
    assert setup["report_b"].formatted_code in html
    assert setup["report_a"].formatted_code not in html


def test_overdue_filter(client, setup):
    Case.objects.filter(sources__report=setup["report_a"]).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    login(client, setup["office"])
    html = client.get(reverse("reportbox_reports:index"), {"overdue": "true"}).content.decode()
    assert setup["report_a"].formatted_code in html
    assert setup["report_b"].formatted_code not in html
    inspect = client.get(reverse("reportbox_reports:inspect", args=[setup["report_a"].pk]))
    assert "已超过整改问题的办理期限" in inspect.content.decode()


def test_office_export_escapes_formulas(client, setup):
    setup["make"](None, content='=HYPERLINK("http://evil") 这是一段注入测试内容')
    login(client, setup["office"])
    response = client.get(reverse("reportbox_reports:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body
    assert PHONE in body  # the office's own export keeps identity


# --- the units' view -----------------------------------------------------------------------


@pytest.mark.parametrize("view", UNIT_VIEWS)
def test_unit_views_anonymous_redirected(client, setup, view):
    assert_login_required(
        client.get(reverse(f"reportbox_assigned:{view}", args=[setup["report_a"].pk]))
    )


@pytest.mark.parametrize("view", [*UNIT_VIEWS, "edit", "delete"])
def test_unit_views_other_unit_refused(client, setup, view):
    login(client, setup["clerk_a"])
    assert_refused(client.get(reverse(f"reportbox_assigned:{view}", args=[setup["report_b"].pk])))


def test_unit_cannot_reach_unassigned_items(client, setup):
    login(client, setup["clerk_a"])
    assert_refused(client.get(reverse("reportbox_assigned:inspect", args=[setup["new"].pk])))


def test_own_unit_sees_problem_not_reporter(client, setup):
    login(client, setup["clerk_a"])
    response = client.get(reverse("reportbox_assigned:inspect", args=[setup["report_a"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "反映某单位窗口人员态度恶劣" in html and "某社区" in html
    for hidden in (NAME, PHONE, "136****1122", IP, "我的照片"):
        assert hidden not in html, hidden


def test_unit_index_lists_only_own_items_and_export_has_no_identity(client, setup):
    login(client, setup["clerk_a"])
    html = client.get(reverse("reportbox_assigned:index")).content.decode()
    assert setup["report_a"].formatted_code in html
    assert setup["report_b"].formatted_code not in html
    assert setup["new"].formatted_code not in html
    response = client.get(reverse("reportbox_assigned:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert setup["report_a"].receipt_code in body and setup["report_b"].receipt_code not in body
    assert NAME not in body and PHONE not in body and IP not in body


def test_unit_history_is_office_only(client, setup):
    """The history carries the office's notes and override reasons: not for units."""
    login(client, setup["clerk_a"])
    assert_refused(client.get(reverse("reportbox_assigned:history", args=[setup["report_a"].pk])))


def test_office_allowed_on_unit_view(client, setup):
    login(client, setup["office"])
    response = client.get(reverse("reportbox_assigned:inspect", args=[setup["report_b"].pk]))
    assert response.status_code == 200
    # The office reads an item's history on its own screen.
    response = client.get(reverse("reportbox_reports:history", args=[setup["report_b"].pk]))
    assert response.status_code == 200


# --- attachment downloads ------------------------------------------------------------------


def attachment_url(report):
    return reverse("reportbox:attachment", args=[report.attachments.get().pk])


def test_attachment_anonymous_redirected(client, setup):
    assert_login_required(client.get(attachment_url(setup["report_a"])))


def test_attachment_other_unit_refused(client, setup):
    login(client, setup["clerk_a"])
    assert_refused(client.get(attachment_url(setup["report_b"])))
    assert_refused(client.get(attachment_url(setup["new"])))


def test_attachment_own_unit_and_office_allowed(client, setup):
    login(client, setup["clerk_a"])
    response = client.get(attachment_url(setup["report_a"]))
    assert response.status_code == 200
    assert "我的照片" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    client.logout()
    login(client, setup["office"])
    assert client.get(attachment_url(setup["report_b"])).status_code == 200


# --- actions, logging, conflict of interest ------------------------------------------------


def act(client, report, action, data):
    return client.post(reverse("reportbox_reports:action", args=[report.pk, action]), data)


def report_log():
    return ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Report))


def logged(report):
    return list(report_log().filter(object_id=str(report.pk)).values_list("action", flat=True))


def test_every_action_is_logged_and_shown_in_history(client, setup, category):
    office = setup["office"]
    login(client, office)
    report, other = setup["new"], setup["make"](None)
    assert (
        client.get(reverse("reportbox_reports:action", args=[report.pk, "assign"])).status_code
        == 200
    )
    assert act(client, report, "accept", {"note": "已核实"}).status_code == 302
    assert (
        act(client, report, "classify", {"category": category.pk, "concerned_unit": ""}).status_code
        == 302
    )
    assert (
        act(client, report, "assign", {"unit": setup["a"].pk, "time_limit_days": 7}).status_code
        == 302
    )
    # Handed over: the case owns it now; the box's own reply is refused and changes nothing.
    refused = act(client, report, "reply", {"reply": "已办结,谢谢监督。", "close": "on"})
    assert refused.status_code == 200 and "已移交整改问题" in refused.content.decode()
    fifth = setup["make"](None)
    assert (
        act(client, fifth, "reply", {"reply": "已办结,谢谢监督。", "close": "on"}).status_code
        == 302
    )
    assert (
        act(client, other, "duplicate", {"original_code": report.formatted_code}).status_code == 302
    )
    third = setup["make"](None)
    assert (
        act(client, third, "out_of_scope", {"reason": "属于司法程序,请向法院反映。"}).status_code
        == 302
    )
    fourth = setup["make"](None)
    assert act(client, fourth, "spam", {}).status_code == 302

    report.refresh_from_db()
    other.refresh_from_db()
    third.refresh_from_db()
    fourth.refresh_from_db()
    fifth.refresh_from_db()
    assert report.status == Status.ASSIGNED and report.public_reply == ""
    assert Case.objects.get(sources__report=report).assigned_unit == setup["a"]
    assert fifth.status == Status.CLOSED and fifth.public_reply == "已办结,谢谢监督。"
    assert other.status == Status.DUPLICATE and other.duplicate_of == report
    assert third.status == Status.OUT_OF_SCOPE
    assert fourth.status == Status.SPAM
    assert set(logged(report)) == {
        "reportbox.submit",
        "reportbox.accept",
        "reportbox.classify",
        "reportbox.assign",
    }
    assert "reportbox.reply" in logged(fifth)
    assert "reportbox.duplicate" in logged(other)
    assert "reportbox.out_of_scope" in logged(third)
    assert "reportbox.spam" in logged(fourth)
    entry = report_log().get(object_id=str(report.pk), action="reportbox.assign")
    assert entry.user_id == office.pk
    assert entry.data["slip_number"] and entry.data["time_limit_days"] == 7
    history = client.get(reverse("reportbox_reports:history", args=[report.pk])).content.decode()
    assert "交办给 甲镇" in history and "受理(备注:已核实)" in history


def test_complaint_about_a_unit_is_not_assigned_to_it_without_override(client, setup):
    login(client, setup["office"])
    report = setup["new"]
    concerned = setup["concerned"]
    response = act(client, report, "assign", {"unit": concerned.pk, "time_limit_days": 5})
    assert response.status_code == 200
    assert "按回避原则不能交由该单位办理" in response.content.decode()
    response = act(
        client,
        report,
        "assign",
        {"unit": concerned.pk, "time_limit_days": 5, "override_conflict": "on"},
    )
    assert "必须填写理由" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert not Case.objects.filter(sources__report=report).exists()

    response = act(
        client,
        report,
        "assign",
        {
            "unit": concerned.pk,
            "time_limit_days": 5,
            "override_conflict": "on",
            "override_reason": "该局为唯一有执法权的单位,已由分管领导同意。",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ASSIGNED
    assert Case.objects.get(sources__report=report).assigned_unit == concerned
    # One logged override, on the case (the single place where assignments are made).
    overrides = ModelLogEntry.objects.filter(action__endswith=".conflict_override")
    assert [e.action for e in overrides] == ["rectification.conflict_override"]
    assert overrides[0].data["reason"].startswith("该局为唯一有执法权的单位")
    assert overrides[0].object_id == str(Case.objects.get(sources__report=report).pk)
    history = client.get(reverse("reportbox_reports:history", args=[report.pk])).content.decode()
    assert "特批交由被反映单位办理" in history


def test_time_limit_below_one_working_day_refused(client, setup):
    login(client, setup["office"])
    response = act(client, setup["new"], "assign", {"unit": setup["a"].pk, "time_limit_days": 0})
    assert response.status_code == 200
    assert "time_limit_days" in response.context["form"].errors


# --- paper entry -----------------------------------------------------------------------------


def test_paper_entry_by_office(client, setup, category):
    login(client, setup["office"])
    url = reverse("reportbox_reports:add")
    index = client.get(reverse("reportbox_reports:index")).content.decode()
    assert "录入纸质举报" in index and url in index
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": category.pk,
            "concerned_unit": "",
            "place": "市民服务大厅",
            "content": "纸质举报:窗口人员午休时间提前离岗。",
            "identity": "named",
            "reporter_name": "周大爷",
            "reporter_phone": "0535-3220000",
            "received_on": timezone.localdate().isoformat(),
            "attachments": [SimpleUploadedFile("scan.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(source=Source.HALL_BOX)
    assert report.reporter_name == "周大爷" and report.reporter_phone == "05353220000"
    assert ReportAttachment.objects.filter(report=report, kind="pdf").exists()
    assert "reportbox.paper_entry" in logged(report)


def test_paper_entry_refused_to_clerks(client, setup):
    login(client, setup["clerk_a"])
    assert_refused(client.get(reverse("reportbox_reports:add")))
