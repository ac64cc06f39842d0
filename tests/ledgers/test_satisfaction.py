from ledgers.satisfaction import Satisfaction, is_bad, satisfaction_rate


def test_bad_levels_are_the_two_dissatisfied_ones():
    assert is_bad(Satisfaction.DISSATISFIED) and is_bad(Satisfaction.VERY_DISSATISFIED)
    assert not is_bad(Satisfaction.BASIC) and not is_bad(Satisfaction.VERY_SATISFIED)


def test_rate_is_good_over_all_answers():
    counts = {Satisfaction.VERY_SATISFIED: 2, Satisfaction.BASIC: 1, Satisfaction.DISSATISFIED: 1}
    assert satisfaction_rate(counts) == 75.0
    assert satisfaction_rate({Satisfaction.VERY_DISSATISFIED: 3}) == 0.0


def test_no_answers_is_no_rate():
    assert satisfaction_rate({}) is None
