"""send_plan_reminders: the right units are reminded once, the office gets one digest a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from ledgers.plans.models import Plan, PlanStatus, ReminderLog
from tests.ledgers.plans.conftest import docx_file

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=8))


def make_plan(world, unit, plan_type, status, submitted=None):
    plan = Plan(
        unit=unit,
        plan_type=plan_type,
        year=2026,
        title=f"{unit.name}{plan_type.name}",
        contact_person="王五",
        contact_phone="0535-1",
        status=status,
        first_submitted_at=submitted,
        live=False,
    )
    plan.document.save("a.docx", docx_file(), save=False)
    plan.save()
    return plan


@pytest.fixture
def only_style(world):
    """Keep one plan type active so the expected mails are easy to count."""
    world["contact"].is_active = False
    world["contact"].save()
    world["window_type"].is_active = False
    world["window_type"].save()
    return world


def run(today, days=7):
    call_command("send_plan_reminders", "--today", today, "--days", str(days))


def test_units_reminded_once_in_window(only_style):
    world = only_style
    # town: nothing yet; window unit: submitted (pending) → not reminded; dept: returned.
    make_plan(
        world,
        world["window"],
        world["style"],
        PlanStatus.PENDING,
        datetime.datetime(2026, 4, 20, tzinfo=TZ),
    )
    make_plan(
        world,
        world["dept"],
        world["style"],
        PlanStatus.RETURNED,
        datetime.datetime(2026, 4, 20, tzinfo=TZ),
    )
    run("2026-04-22")  # 8 days before 4-30: too early
    assert mail.outbox == []
    run("2026-04-23")
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert len(mail.outbox) == 2
    assert any(world["town"].contact_email in r for r in recipients)
    assert any(world["dept"].contact_email in r for r in recipients)
    assert all("改进作风具体方案" in m.subject for m in mail.outbox)
    town_mail = next(m for m in mail.outbox if world["town"].contact_email in m.to)
    assert world["clerk_town"].email in town_mail.to
    assert "未提交" in town_mail.body and "还有 7 天" in town_mail.body
    run("2026-04-23")  # same day again: nothing new
    run("2026-04-25")  # later day in the window: each obligation is reminded once
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(kind="due_soon").count() == 2


def test_office_digest_of_late_units_once_a_day(only_style, settings):
    world = only_style
    make_plan(
        world,
        world["window"],
        world["style"],
        PlanStatus.PENDING,
        datetime.datetime(2026, 4, 29, tzinfo=TZ),
    )
    make_plan(world, world["dept"], world["style"], PlanStatus.DRAFT)
    run("2026-05-03")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [settings.OFFICE_EMAIL]
    assert "方圆街道" in digest.body and "住建局" in digest.body
    assert "行政审批服务局" not in digest.body  # submitted on time
    assert "2 项" in digest.subject
    run("2026-05-03")
    assert len(mail.outbox) == 1
    run("2026-05-04")
    assert len(mail.outbox) == 2


def test_no_digest_when_nobody_is_late(only_style):
    world = only_style
    for unit in (world["town"], world["window"], world["dept"]):
        make_plan(
            world, unit, world["style"], PlanStatus.FILED, datetime.datetime(2026, 4, 1, tzinfo=TZ)
        )
    run("2026-05-03")
    run("2026-04-25")
    assert mail.outbox == []


def test_days_default_from_settings(only_style, settings):
    settings.PLAN_REMINDER_DAYS = 3
    call_command("send_plan_reminders", "--today", "2026-04-26")
    assert mail.outbox == []
    call_command("send_plan_reminders", "--today", "2026-04-27")
    assert len(mail.outbox) == 3


def test_bad_date_refused():
    with pytest.raises(CommandError):
        call_command("send_plan_reminders", "--today", "2026/04/27")


def test_reminder_log_visible_to_office_only(client, only_style):
    from django.urls import reverse

    from tests.ledgers.plans.conftest import login
    from tests.utils import assert_refused

    run("2026-04-25")
    login(client, only_style["office"])
    listing = client.get(reverse("plan_reminders:index"))
    assert listing.status_code == 200 and "改进作风具体方案" in listing.content.decode()
    client.logout()
    login(client, only_style["clerk_town"])
    assert_refused(client.get(reverse("plan_reminders:index")))
