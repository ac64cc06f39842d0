"""Daily deadline work: automatic signing, reminders before and on the deadline, escalation of
overdue flagged cases. Run by ``manage.py case_reminders`` (cron, once a day)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from ledgers.rectification import rules, services
from ledgers.rectification.models import Case, CaseReminder, CaseState, ReminderKind
from ledgers.rectification.workdays import WorkingCalendar


def _recipients(unit):
    emails = [unit.contact_email] if unit.contact_email else []
    emails += [
        m.user.email
        for m in unit.memberships.select_related("user")
        if m.user.email and m.user.is_active
    ]
    return sorted(set(emails))


def _send_once(case, kind, today, subject, body, recipients):
    try:
        with transaction.atomic():
            CaseReminder.objects.create(case=case, kind=kind, deadline=case.deadline, sent_on=today)
    except IntegrityError:
        return False
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    services._log(case, "reminder", None, kind=kind, deadline=case.deadline)
    return True


def run_daily(today, calendar=None):
    """Returns counts per kind of work done. Safe to run more than once a day."""
    calendar = calendar or WorkingCalendar.from_db()
    done = {"auto_signed": 0, "before": 0, "due": 0, "escalation": 0}
    for case in Case.objects.filter(state=CaseState.ASSIGNED).select_related("assigned_unit"):
        if services.auto_sign(case, on=today, calendar=calendar):
            done["auto_signed"] += 1
    running = Case.objects.filter(
        state=CaseState.IN_PROGRESS, deadline__isnull=False
    ).select_related("assigned_unit")
    for case in running:
        unit = case.assigned_unit
        where = f"{settings.WAGTAILADMIN_BASE_URL}/admin/rectification/{case.pk}/work/"
        if today > case.deadline:
            if case.flagged and _send_once(
                case,
                ReminderKind.ESCALATION,
                today,
                f"【挂牌督办逾期】{case.slip_number} {case.safe_title}",
                f"挂牌督办问题已逾期:{case.safe_title}\n责任单位:{unit}\n期限:{case.deadline}\n{where}",
                [settings.OFFICE_EMAIL, *_recipients(unit)],
            ):
                done["escalation"] += 1
            continue
        if today == case.deadline:
            if _send_once(
                case,
                ReminderKind.DUE,
                today,
                f"【今日到期】{case.slip_number} {case.safe_title}",
                f"交办问题今日到期,请及时报送办理结果。\n{case.safe_title}\n期限:{case.deadline}\n{where}",
                _recipients(unit),
            ):
                done["due"] += 1
        elif today >= rules.reminder_date(case.deadline, calendar) and _send_once(
            case,
            ReminderKind.BEFORE,
            today,
            f"【临期提醒】{case.slip_number} {case.safe_title}",
            f"交办问题将于 {case.deadline} 到期,请抓紧办理。\n{case.safe_title}\n{where}",
            _recipients(unit),
        ):
            done["before"] += 1
    return done
