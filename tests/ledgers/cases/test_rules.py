import datetime

from ledgers.cases import rules
from ledgers.cases.models import Case

D = datetime.date


def test_conflict_of_interest_rule():
    case = Case(concerned_unit_id=7)
    assert rules.case_assignment_conflicts(case, type("U", (), {"pk": 7})())
    assert not rules.case_assignment_conflicts(case, type("U", (), {"pk": 8})())
    assert not rules.case_assignment_conflicts(Case(), type("U", (), {"pk": 8})())


def test_auto_sign_after_one_working_day_across_national_day():
    assert rules.auto_sign_date(D(2026, 9, 30)) == D(2026, 10, 8)
    assert rules.clock_start_for_signature(D(2026, 9, 30), D(2026, 9, 30)) == D(2026, 9, 30)
    assert rules.clock_start_for_signature(D(2026, 9, 30), D(2026, 10, 9)) == D(2026, 10, 8)


def test_return_window_two_working_days():
    assert rules.return_allowed(D(2026, 9, 30), D(2026, 10, 9))  # 8th, 9th: day 2
    assert not rules.return_allowed(D(2026, 9, 30), D(2026, 10, 10))


def test_reminder_date_before_deadline():
    # Two working days before Monday 12 October 2026: Friday 9th (Sat 10th is a working day).
    assert rules.reminder_date(D(2026, 10, 12)) == D(2026, 10, 9)


def test_reopen_once_and_on_time_and_cluster():
    assert rules.may_reopen(0) and not rules.may_reopen(1)
    assert rules.on_time(D(2026, 10, 9), D(2026, 10, 9)) is True
    assert rules.on_time(D(2026, 10, 10), D(2026, 10, 9)) is False
    assert rules.on_time(None, D(2026, 10, 9)) is None
    assert rules.is_cluster(3) and not rules.is_cluster(2)
