"""移送纪委: the office forwards a report with a reason (logged, once, not spam); 纪委 then reads
it whole — reporter identity and attachments included — in its own list; units never reach that
list, the reason or the log entry. Every view as anonymous / another unit / the handling unit /
the office / 纪委."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import ModelLogEntry

from ledgers.reportbox import rules, services
from ledgers.reportbox.models import Report, Status
from ledgers.rules import ActionRefused
from tests.factories import UnitFactory, clerk_user, make_user, office_user
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db

NAME, PHONE = "王举报", "13905356789"
REASON = "反映窗口负责人收受好处费,属违纪线索"
AT = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


def png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return SimpleUploadedFile("证据.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def fw(category):
    unit = UnitFactory(name="行政审批服务局")
    report = services.submit_report(
        data={
            "category": category,
            "place": "政务服务大厅",
            "content": "窗口负责人向办事群众索要好处费,否则拖着不办。",
            "is_anonymous": False,
            "reporter_name": NAME,
            "reporter_phone": PHONE,
        },
        files=[services.clean_attachment(png(), "png")],
    ).report
    return {
        "report": report,
        "unit": unit,
        "office": office_user(),
        "jiwei": make_user("inspector"),
        "clerk_own": clerk_user(unit),
        "clerk_other": clerk_user(UnitFactory(name="方圆街道")),
    }


def login(client, fw, role):
    if role != "anonymous":
        client.force_login(fw[role])
    return client


def test_forward_rule():
    assert rules.forward_refusal(Status.NEW, None) is None
    assert rules.forward_refusal(Status.ASSIGNED, None) is None  # after 交办 too
    assert "已屏蔽" in rules.forward_refusal(Status.SPAM, None)
    assert "不能重复移送" in rules.forward_refusal(Status.NEW, AT)


def test_forward_service_logs_once_and_needs_a_reason(fw):
    report = fw["report"]
    with pytest.raises(ActionRefused, match="移送理由"):
        services.forward_to_inspectors(report, user=fw["office"], at=AT, reason=" ")
    services.forward_to_inspectors(report, user=fw["office"], at=AT, reason=REASON)
    report.refresh_from_db()
    assert (report.forwarded_at, report.forwarded_by, report.forward_reason) == (
        AT,
        fw["office"],
        REASON,
    )
    assert report.status == Status.NEW  # the report's own handling is untouched
    assert ModelLogEntry.objects.filter(action="reportbox.forward").count() == 1
    with pytest.raises(ActionRefused, match="不能重复移送"):
        services.forward_to_inspectors(report, user=fw["office"], at=AT, reason=REASON)


@pytest.mark.parametrize("role", ["anonymous", "clerk_other", "clerk_own", "jiwei"])
def test_only_the_office_forwards(client, fw, role):
    url = reverse("reportbox_reports:forward", args=[fw["report"].pk])
    response = login(client, fw, role).post(url, {"reason": REASON})
    if role == "anonymous":
        assert_login_required(response)
    else:
        assert_refused(response)
    assert Report.objects.get(pk=fw["report"].pk).forwarded_at is None


def test_office_forwards_from_the_report_page(client, fw):
    client.force_login(fw["office"])
    inspect = reverse("reportbox_reports:inspect", args=[fw["report"].pk])
    forward = reverse("reportbox_reports:forward", args=[fw["report"].pk])
    assert forward in client.get(inspect).content.decode()  # the header button
    response = client.post(forward, {"reason": ""})
    assert response.status_code == 200
    assert "请写明移送理由" in response.content.decode()
    response = client.post(forward, {"reason": REASON})
    assert response.status_code == 302
    assert Report.objects.get(pk=fw["report"].pk).forward_reason == REASON
    assert forward not in client.get(inspect).content.decode()  # once only


EXPECTED = {  # role -> (list, inspect, attachment) for a forwarded report
    "anonymous": ("login", "login", "login"),
    "clerk_other": ("refused", "refused", "refused"),
    "clerk_own": ("refused", "refused", "refused"),
    "office": (200, 200, 200),
    "jiwei": (200, 200, 200),
}


def check(response, expected):
    if expected == "login":
        assert_login_required(response)
    elif expected == "refused":
        assert_refused(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", list(EXPECTED))
def test_forwarded_views_per_role(client, fw, role):
    report = fw["report"]
    services.forward_to_inspectors(report, user=fw["office"], at=AT, reason=REASON)
    attachment = report.attachments.get()
    urls = [
        reverse("reportbox_forwarded:index"),
        reverse("reportbox_forwarded:inspect", args=[report.pk]),
        reverse("reportbox:attachment", args=[attachment.pk]),
    ]
    client = login(client, fw, role)
    for url, expected in zip(urls, EXPECTED[role], strict=True):
        response = client.get(url)
        check(response, expected)
    if role == "jiwei":
        body = client.get(urls[1]).content.decode()
        assert NAME in body and PHONE in body and REASON in body


def test_jiwei_reaches_only_forwarded_reports(client, fw, category):
    other = services.submit_report(
        data={
            "category": category,
            "place": "某处",
            "content": "另一件未移送的举报,内容不少于十个字。",
            "is_anonymous": True,
        },
        files=[services.clean_attachment(png(), "png")],
    ).report
    services.forward_to_inspectors(fw["report"], user=fw["office"], at=AT, reason=REASON)
    client.force_login(fw["jiwei"])
    body = client.get(reverse("reportbox_forwarded:index")).content.decode()
    assert fw["report"].formatted_code in body and other.formatted_code not in body
    assert_refused(client.get(reverse("reportbox_forwarded:inspect", args=[other.pk])))
    assert_refused(client.get(reverse("reportbox:attachment", args=[other.attachments.get().pk])))
    # Nor the office's moderation queue.
    assert_refused(client.get(reverse("reportbox_reports:index")))


def test_units_never_see_the_forward(client, fw):
    """Handed over to the unit and forwarded: the unit's view shows neither reason nor log."""
    from ledgers.rectification.services import hand_over_report

    report = fw["report"]
    report.status = Status.ACCEPTED
    report.save()
    case, _ = hand_over_report(report, user=fw["office"], on=datetime.date(2026, 11, 2))
    from ledgers.rectification.services import assign

    assign(case, fw["unit"], 10, user=fw["office"], on=datetime.date(2026, 11, 2))
    services.forward_to_inspectors(report, user=fw["office"], at=AT, reason=REASON)
    client.force_login(fw["clerk_own"])
    for url in (
        reverse("reportbox_assigned:inspect", args=[report.pk]),
        reverse("rectification_admin:detail", args=[case.pk]),
        reverse("wagtailadmin_reports:site_history"),
    ):
        body = client.get(url).content.decode()
        assert REASON not in body and "移送纪委" not in body, url


def test_forwarded_list_keeps_a_constant_query_count(client, fw, category):
    services.forward_to_inspectors(fw["report"], user=fw["office"], at=AT, reason=REASON)
    client.force_login(fw["jiwei"])
    url = reverse("reportbox_forwarded:index")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    one = count()
    for n in range(5):
        report = services.submit_report(
            data={
                "category": category,
                "place": f"地点{n}",
                "content": f"第{n}件移送纪委的举报,内容不少于十个字。",
                "is_anonymous": True,
            },
            files=[],
        ).report
        services.forward_to_inspectors(report, user=fw["office"], at=AT, reason=REASON)
    assert count() == one


def test_forwarded_export_carries_identity_for_jiwei_with_formulas_escaped(client, fw, category):
    report = services.submit_report(
        data={
            "category": category,
            "place": '=HYPERLINK("http://x")',
            "content": "@SUM(1,2) 窗口人员态度恶劣,办事推诿。",
            "is_anonymous": False,
            "reporter_name": "+李四",
            "reporter_phone": PHONE,
        },
        files=[],
    ).report
    services.forward_to_inspectors(report, user=fw["office"], at=AT, reason="-移送理由")
    client.force_login(fw["jiwei"])
    response = client.get(reverse("reportbox_forwarded:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "'@SUM" in body and "'+李四" in body
    assert "'-移送理由" in body and PHONE in body
    assert fw["report"].receipt_code not in body  # not forwarded: not exported
    # Units have no export of it either.
    client.force_login(fw["clerk_own"])
    assert_refused(client.get(reverse("reportbox_forwarded:index") + "?export=csv"))
