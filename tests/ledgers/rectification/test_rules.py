import datetime

from ledgers.rectification import rules

D = datetime.date


def test_auto_sign_after_one_working_day_across_national_day():
    assert rules.auto_sign_date(D(2026, 9, 30)) == D(2026, 10, 8)
    # Signing on the day of 交办 does not move the printed deadline (clock from the sign-by day).
    assert rules.clock_start_for_signature(D(2026, 9, 30), D(2026, 9, 30)) == D(2026, 10, 8)
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


def test_on_time_rate_counts_open_overdue_cases():
    assert rules.on_time_rate(0, 0, 3) == 0.0  # three open past deadline, none closed: not 100%
    assert rules.on_time_rate(1, 2, 2) == 25.0
    assert rules.on_time_rate(2, 2, 0) == 100.0
    assert rules.on_time_rate(0, 0, 0) is None


def test_deadline_fixed_at_assignment_whenever_the_unit_signs():
    assigned = D(2026, 9, 29)
    printed = rules.add_working_days(rules.auto_sign_date(assigned), 5)
    for signed in (D(2026, 9, 29), D(2026, 9, 30)):
        start = rules.clock_start_for_signature(assigned, signed)
        assert rules.add_working_days(start, 5) == printed


def test_deadline_rule_text_names_the_count():
    assert rules.deadline_rule_text(5).startswith("自签收之日起 5 个工作日")
