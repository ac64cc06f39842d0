"""The scoring rules, one test each."""

from decimal import Decimal as Dec

from ledgers.assessment import rules


def test_weights_must_sum_to_100():
    assert rules.weights_sum_to_100([Dec("60"), Dec("40")])
    assert rules.weights_sum_to_100([Dec("33.3"), Dec("33.3"), Dec("33.4")])
    assert not rules.weights_sum_to_100([Dec("60"), Dec("30")])
    assert not rules.weights_sum_to_100([])


def test_linear_points_higher_is_better():
    assert rules.linear_points(100, 20, 100, 60) == Dec("20.00")
    assert rules.linear_points(80, 20, 100, 60) == Dec("10.00")
    assert rules.linear_points(60, 20, 100, 60) == Dec("0.00")
    assert rules.linear_points(30, 20, 100, 60) == Dec("0.00")  # floor at zero
    assert rules.linear_points(Dec("66.7"), 5, 100, 50) == Dec("1.67")


def test_linear_points_lower_is_better():
    assert rules.linear_points(0, 10, 0, 20) == Dec("10.00")
    assert rules.linear_points(4, 10, 0, 20) == Dec("8.00")
    assert rules.linear_points(25, 10, 0, 20) == Dec("0.00")


def test_deduction_points_with_a_floor():
    assert rules.deduction_points(0, 10, 2) == Dec("10.00")
    assert rules.deduction_points(3, 10, 2) == Dec("4.00")
    assert rules.deduction_points(9, 10, 2) == Dec("0.00")
    assert rules.deduction_points(9, 10, 2, floor=Dec("3")) == Dec("3.00")


def test_no_data_points():
    assert rules.no_data_points(20, full=True) == Dec("20.00")
    assert rules.no_data_points(20, full=False) == Dec("0.00")


def test_scaled_total_for_the_indicators_that_apply():
    assert rules.scaled_total([Dec("88")], Dec("90")) == Dec("97.78")
    assert rules.scaled_total([Dec("50.05")], Dec("100")) == Dec("50.05")
    assert rules.scaled_total([], Dec("0")) == Dec("0.00")


def test_final_score_adds_adjustments():
    assert rules.final_score(Dec("50.05"), [Dec("2"), Dec("-0.5")]) == Dec("51.55")


def test_competition_ranks_share_ties():
    assert rules.competition_ranks({"a": 90, "b": 95, "c": 90, "d": 80}) == {
        "b": 1,
        "a": 2,
        "c": 2,
        "d": 4,
    }
