import datetime

from django.core import mail
from django.core.management import call_command

from ledgers.rectification import services
from ledgers.rectification.models import CaseReminder, CaseState
from ledgers.rectification.reminders import run_daily
from tests.ledgers.rectification.conftest import assigned_case

D = datetime.date


def test_auto_sign_reminders_and_escalation(world, settings):
    case = assigned_case(world, on=D(2026, 9, 30), days=3)  # auto start 8 Oct, due Mon 12 Oct
    flagged = assigned_case(world, on=D(2026, 9, 30), days=3)
    services.flag(flagged, user=world["office"], reason="群众反映强烈")

    assert run_daily(D(2026, 10, 7))["auto_signed"] == 0
    done = run_daily(D(2026, 10, 8))
    assert done["auto_signed"] == 2
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS and case.deadline == D(2026, 10, 12)

    # Two working days before Monday 12 October is Friday 9 (Saturday 10 is a working day).
    assert run_daily(D(2026, 10, 8))["before"] == 0
    assert run_daily(D(2026, 10, 9))["before"] == 2
    assert run_daily(D(2026, 10, 10))["before"] == 0  # never twice
    assert run_daily(D(2026, 10, 12))["due"] == 2
    mail.outbox.clear()
    done = run_daily(D(2026, 10, 13))
    assert done["escalation"] == 1
    assert settings.OFFICE_EMAIL in mail.outbox[0].to
    assert "挂牌督办" in mail.outbox[0].subject
    assert run_daily(D(2026, 10, 14))["escalation"] == 0
    assert CaseReminder.objects.count() == 5


def test_command_runs(world, capsys):
    assigned_case(world, on=D(2026, 9, 30), days=3)
    call_command("case_reminders", "--date", "2026-10-08")
    assert "自动签收 1 件" in capsys.readouterr().out
