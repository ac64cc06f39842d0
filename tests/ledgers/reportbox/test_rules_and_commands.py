"""Report box rules, notification mails, the daily digest, purging client addresses, the
page type and the demo loader."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ledgers.reportbox import rules, services
from ledgers.reportbox.forms import clean_phone
from ledgers.reportbox.models import Report, ReportBoxPage, Status

pytestmark = pytest.mark.django_db


def make(category, **kwargs):
    data = {
        "category": category,
        "place": "盘石店镇 某村",
        "content": "村里的路灯坏了半年没人修。",
        "is_anonymous": False,
        "reporter_name": "钱七",
        "reporter_phone": "13705351111",
    }
    data.update(kwargs.pop("data", {}))
    return services.submit_report(data=data, **kwargs).report


def test_content_length_rule():
    assert rules.content_length_error("一二三四五六七八九") is not None
    assert rules.content_length_error("一二三四五六七八九十") is None
    assert rules.content_length_error("字" * 2000) is None
    assert "最多 2000" in rules.content_length_error("字" * 2001)


def test_overdue_rule_reads_the_case():
    from ledgers.reportbox.handover import CaseInfo

    def case(overdue_from):
        return CaseInfo(
            pk=1,
            slip_number="",
            state="in_progress",
            state_label="办理中",
            unit_id=1,
            unit_name="甲镇",
            deadline=datetime.date(2026, 6, 1),
            overdue_from=overdue_from,
        )

    running = case(datetime.date(2026, 6, 1))
    assert rules.is_overdue(running, datetime.date(2026, 6, 2))
    assert not rules.is_overdue(running, datetime.date(2026, 6, 1))
    assert not rules.is_overdue(case(None), datetime.date(2026, 7, 1))  # clock stopped
    assert not rules.is_overdue(None, datetime.date(2026, 7, 1))  # not handed over


@pytest.mark.parametrize(
    ("status", "action", "allowed"),
    [
        ("new", "accept", True),
        ("accepted", "accept", False),
        ("accepted", "spam", True),
        ("spam", "assign", False),
        ("out_of_scope", "reply", True),
        ("closed", "duplicate", False),
        ("assigned", "out_of_scope", False),
    ],
)
def test_triage_transition_table(status, action, allowed):
    refusal = rules.triage_refusal(status, action)
    assert (refusal is None) is allowed
    if refusal:
        assert "不能" in refusal and "可以" in refusal


def test_triage_refused_once_handed_over():
    from ledgers.reportbox.handover import CaseInfo

    case = CaseInfo(
        pk=3,
        slip_number="海作交〔2026〕第0003号",
        state="in_progress",
        state_label="办理中",
        unit_id=1,
        unit_name="甲镇",
        deadline=None,
    )
    refusal = rules.triage_refusal("accepted", "spam", case)
    assert "海作交〔2026〕第0003号" in refusal and "办理中" in refusal and "工作台" in refusal


def test_phone_helper():
    assert clean_phone("138-0535 1234") == "13805351234"
    assert clean_phone("0535-3221234") == "05353221234"


def test_new_report_mail_has_no_identity(category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make(category)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [settings.OFFICE_EMAIL]
    assert report.formatted_code in message.body and "/admin/" in message.body
    assert "钱七" not in message.body and "13705351111" not in message.body


def test_daily_digest_lists_untriaged_only(category):
    waiting = make(category)
    done = make(category)
    done.set_status(Status.ACCEPTED)
    done.save()
    mail.outbox.clear()
    call_command("reportbox_digest")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert waiting.formatted_code in body and done.formatted_code not in body
    assert "1 件待处理" in mail.outbox[0].subject
    assert "钱七" not in body


def test_digest_sends_nothing_when_queue_is_empty(category):
    mail.outbox.clear()
    assert services.send_digest() == 0
    assert mail.outbox == []


def test_purge_client_ips_after_retention(category):
    now = timezone.now()
    old = make(category, client_ip="203.0.113.1", now=now - datetime.timedelta(days=31))
    recent = make(category, client_ip="203.0.113.2", now=now - datetime.timedelta(days=29))
    assert services.purge_client_ips(now=now, days=30) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.client_ip is None and recent.client_ip == "203.0.113.2"
    call_command("reportbox_purge_ips", "--days", "0")
    recent.refresh_from_db()
    assert recent.client_ip is None


def test_named_report_without_identity_violates_constraint(category):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            receipt_code="X" * 16,
            category=category,
            place="p",
            content="c" * 10,
            is_anonymous=False,
        )


def test_page_allowed_under_home_only():
    from home.models import HomePage

    assert "reportbox.ReportBoxPage" in HomePage.subpage_types
    assert ReportBoxPage.parent_page_types == ["home.HomePage"]


def test_demo_load_is_idempotent(home_page):
    from home.models import HomePage
    from ledgers.demo import load_units, load_users
    from ledgers.rectification.models import Case
    from ledgers.reportbox import demo

    load_users(load_units())
    demo.load()
    count = Report.objects.count()
    demo.load()
    assert Report.objects.count() == count == len(demo.DEMO_REPORTS) == 4
    assert Report.objects.filter(forwarded_at__isnull=False).count() == 1  # 移送纪委
    page = ReportBoxPage.objects.get()
    assert page.slug == "report" and page.live and page.get_parent().specific_class is HomePage
    assert Report.objects.filter(status=Status.ASSIGNED).exists()
    for case in Case.objects.filter(sources__report__isnull=False):
        assert case.assigned_unit_id and case.assigned_unit_id != case.concerned_unit_id


def test_secret_hashing_defaults_to_100000_rounds(settings):
    from portal.settings import base

    assert base.PORTAL_REPORT_SECRET_ITERATIONS == 100_000
    settings.PORTAL_REPORT_SECRET_ITERATIONS = base.PORTAL_REPORT_SECRET_ITERATIONS
    encoded = services.hash_secret("ABCDEFGHJKMN")
    assert encoded.startswith("pbkdf2_sha256$100000$")
    assert services.check_secret("abcd-efgh-jkmn", encoded)
    assert not services.check_secret("ABCDEFGHJKMP", encoded)
    assert not services.check_secret("ABCDEFGHJKMN", "garbage")
