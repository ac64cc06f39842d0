from decimal import Decimal

from ledgers.rules import meets_time_cut_target, time_cut_ratio


def test_time_cut_ratio():
    assert time_cut_ratio(20, 15) == Decimal("0.25")
    assert time_cut_ratio(10, 10) == Decimal("0")
    assert time_cut_ratio(0, 0) is None
    assert time_cut_ratio(None, 3) is None


def test_time_cut_target_is_20_percent():
    assert meets_time_cut_target(10, 8)  # exactly 20%
    assert not meets_time_cut_target(10, 9)  # 10%
    assert not meets_time_cut_target(15, 13)  # 13.3%
    assert meets_time_cut_target(15, 12)


def test_conflict_of_interest_rule_is_one_function():
    """The report box form, the report box's 交办 and the case workbench all ask this one rule."""
    from ledgers.rules import assignment_conflicts

    assert assignment_conflicts(7, 7)
    assert not assignment_conflicts(7, 8)
    assert not assignment_conflicts(None, 8)
