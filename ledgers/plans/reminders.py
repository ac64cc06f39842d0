"""Reminder e-mails for plans: each unit that has not submitted is reminded ``days`` days before
its deadline, and the office gets a daily digest of late units. Every mail is recorded in
:class:`~ledgers.plans.models.ReminderLog` under a unique key before it is sent, inside a
transaction, so running the command twice the same day sends nothing twice."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from ledgers.display import format_when
from ledgers.plans.board import BoardState, board_rows
from ledgers.plans.models import PlanType, ReminderKind, ReminderLog
from ledgers.plans.rules import days_until, reminder_due

# States in which the unit still has to act (待审核 and 已备案 are with the office or done).
UNIT_MUST_ACT = {BoardState.MISSING, BoardState.DRAFT, BoardState.RETURNED}


@dataclass
class ReminderResult:
    unit_mails: list = field(default_factory=list)
    digest_sent: bool = False
    late: list = field(default_factory=list)
    skipped_no_address: list = field(default_factory=list)


def unit_recipients(unit):
    """The unit's contact mailbox and its clerks' addresses, without duplicates."""
    addresses = [unit.contact_email] if unit.contact_email else []
    addresses += list(
        get_user_model()
        .objects.filter(unit_membership__unit=unit, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(addresses))


def _send_once(key, *, kind, year, today, subject, body, recipients, unit=None, plan_type=None):
    """Record then send; False if already sent (the record exists). A failed send rolls the
    record back so the next run tries again."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                key=key,
                kind=kind,
                unit=unit,
                plan_type=plan_type,
                year=year,
                sent_on=today,
                recipients=", ".join(recipients),
                subject=subject,
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
    return True


def _unit_body(row, plan_type, year, today):
    state = BoardState(row.state).label
    return (
        f"{row.unit.name}:\n\n"
        f"贵单位{year}年度的“{plan_type.name}”须于 {format_when(row.deadline, 'prose-date')} 前报作风办审核备案,"
        f"距截止还有 {days_until(row.deadline, today)} 天,目前状态:{state}。\n"
        "请登录作风建设门户后台,在“实施方案备案”中填写并提交。\n\n"
        f"作风办 {settings.OFFICE_PHONE}\n"
    )


def send_plan_reminders(today, days, year=None):
    """Send what is due on ``today``; returns a :class:`ReminderResult`."""
    year = year or today.year
    result = ReminderResult()
    for plan_type in PlanType.objects.filter(is_active=True):
        for row in board_rows(plan_type, year, today):
            if row.state not in UNIT_MUST_ACT:
                continue
            if row.late:
                result.late.append((plan_type, row))
                continue
            if not reminder_due(row.deadline, today, days):
                continue
            recipients = unit_recipients(row.unit)
            if not recipients:
                result.skipped_no_address.append((plan_type, row.unit))
                continue
            subject = f"【提醒】{year}年度“{plan_type.name}”将于{row.deadline:%m月%d日}截止"
            if _send_once(
                f"due:{year}:{plan_type.pk}:{row.unit.pk}",
                kind=ReminderKind.DUE_SOON,
                year=year,
                today=today,
                subject=subject,
                body=_unit_body(row, plan_type, year, today),
                recipients=recipients,
                unit=row.unit,
                plan_type=plan_type,
            ):
                result.unit_mails.append((plan_type, row.unit))
    if result.late:
        lines = [
            f"- {row.unit.name}|{plan_type.name}|截止 {row.deadline:%Y-%m-%d}|{BoardState(row.state).label}"
            for plan_type, row in result.late
        ]
        body = (
            f"截至 {format_when(today, 'prose-date')},以下 {len(lines)} 项方案逾期未提交:\n\n"
            + "\n".join(lines)
            + "\n\n详见后台“方案备案进度”。\n"
        )
        result.digest_sent = _send_once(
            f"digest:{today.isoformat()}",
            kind=ReminderKind.LATE_DIGEST,
            year=year,
            today=today,
            subject=f"【汇总】{today:%Y-%m-%d} 逾期未报送方案 {len(lines)} 项",
            body=body,
            recipients=[settings.OFFICE_EMAIL],
        )
    return result
