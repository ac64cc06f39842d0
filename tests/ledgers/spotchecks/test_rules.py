"""The sampling rules, pure: sizes, reproducible stratified draws, exclusions, call outcomes."""

import datetime

import pytest

from ledgers.spotchecks import rules
from ledgers.spotchecks.rules import Candidate, SizeRule, draw_sample, sample_size


def stratum(unit, task, count, offset=0):
    return [Candidate(f"ref:{unit}:{task}:{i}", f"p{unit}{task}{i + offset}") for i in range(count)]


def keys(sample):
    return {s: [c.key for c in picked] for s, picked in sample.items()}


STRATA = {
    (1, "visits"): stratum(1, "visits", 40),
    (2, "visits"): stratum(2, "visits", 2),
    (1, "targets"): stratum(1, "targets", 25),
    (3, "cases"): [],
}


@pytest.mark.parametrize(
    "rule, population, expected",
    [
        (SizeRule("per_unit", per_unit=3), 10, 3),
        (SizeRule("per_unit", per_unit=3), 2, 2),  # never more than the population
        (SizeRule("per_unit", per_unit=3), 0, 0),
        (SizeRule("share", percent=10, minimum=2), 100, 10),
        (SizeRule("share", percent=10, minimum=2), 11, 2),  # ceil(1.1)=2, minimum 2
        (SizeRule("share", percent=10, minimum=5), 30, 5),  # the minimum wins
        (SizeRule("share", percent=10, minimum=5), 3, 3),  # capped by the population
        (SizeRule("share", percent=15, minimum=1), 21, 4),  # rounded up
    ],
)
def test_sample_size(rule, population, expected):
    assert sample_size(rule, population) == expected


def test_same_seed_redraws_the_same_sample():
    rule = SizeRule("per_unit", per_unit=5)
    first = draw_sample(STRATA, "20260701", rule, set())
    again = draw_sample(STRATA, "20260701", rule, set())
    assert keys(first) == keys(again)
    # The order the candidates are read in does not matter.
    shuffled = {s: list(reversed(c)) for s, c in reversed(list(STRATA.items()))}
    assert keys(draw_sample(shuffled, "20260701", rule, set())) == keys(first)


def test_a_different_seed_draws_a_different_sample():
    rule = SizeRule("per_unit", per_unit=5)
    first = keys(draw_sample(STRATA, "seed-a", rule, set()))
    other = keys(draw_sample(STRATA, "seed-b", rule, set()))
    assert first != other
    assert first[(1, "visits")] != other[(1, "visits")]


def test_strata_sizes_are_respected():
    rule = SizeRule("share", percent=10, minimum=3)
    sample = draw_sample(STRATA, "x", rule, set())
    assert len(sample[(1, "visits")]) == 4  # 10% of 40
    assert len(sample[(2, "visits")]) == 2  # all there are
    assert len(sample[(1, "targets")]) == 3  # the minimum
    assert sample[(3, "cases")] == []
    for s, picked in sample.items():
        assert {c.key for c in picked} <= {c.key for c in STRATA[s]}  # drawn inside the stratum
        assert len({c.person for c in picked}) == len(picked)


def test_recently_called_people_are_excluded():
    rule = SizeRule("per_unit", per_unit=50)
    excluded = {c.person for c in STRATA[(1, "visits")][:30]}
    sample = draw_sample(STRATA, "x", rule, excluded)
    assert len(sample[(1, "visits")]) == 10
    assert not {c.person for c in sample[(1, "visits")]} & excluded


def test_people_without_a_phone_and_duplicates_are_drawn_once_at_most():
    same = [Candidate("a", "p1"), Candidate("b", "p1"), Candidate("c", ""), Candidate("d", "p2")]
    sample = draw_sample(
        {(1, "visits"): same, (2, "visits"): [Candidate("e", "p1")]},
        "s",
        SizeRule(per_unit=9),
        set(),
    )
    assert sorted(c.key for c in sample[(1, "visits")]) == ["a", "d"]
    assert sample[(2, "visits")] == []  # already drawn in an earlier stratum


def test_a_stratum_sample_does_not_depend_on_other_units():
    rule = SizeRule("per_unit", per_unit=5)
    alone = draw_sample({(1, "visits"): STRATA[(1, "visits")]}, "s", rule, set())
    together = draw_sample(STRATA, "s", rule, set())
    assert keys(alone)[(1, "visits")] == keys(together)[(1, "visits")]


def test_person_key_matches_one_number_however_typed():
    assert rules.person_key("139 0000 1111") == rules.person_key("+86 13900001111")
    assert rules.person_key("１３９００００１１１１") == rules.person_key("13900001111")
    assert rules.person_key("13900001111") != rules.person_key("13900001112")
    assert rules.person_key("") == rules.person_key("12") == ""
    assert "13900001111" not in rules.person_key("13900001111")


def test_months_before():
    assert rules.months_before(datetime.date(2026, 7, 1), 6) == datetime.date(2026, 1, 1)
    assert rules.months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert rules.months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_retry_rules():
    assert rules.MAX_ATTEMPTS == 4
    assert rules.can_retry("unreachable", 1)
    assert rules.can_retry("unreachable", 3)
    assert not rules.can_retry("unreachable", 4)
    assert not rules.can_retry("confirmed", 1)


def test_reached_and_confirmed_rate():
    assert [rules.is_reached(o) for o in ("confirmed", "false", "refused", "unreachable", "")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert rules.confirmed_rate(3, 4) == 75.0
    assert rules.confirmed_rate(0, 0) is None


def test_which_calls_may_raise_a_case():
    assert rules.may_raise_case("false", "")
    assert rules.may_raise_case("confirmed", "路灯坏了")
    assert not rules.may_raise_case("confirmed", "  ")
    assert not rules.may_raise_case("unreachable", "")


def test_person_key_is_keyed():
    assert rules.person_key("13900001111", secret="a") != rules.person_key(
        "13900001111", secret="b"
    )
    assert rules.person_key("139-0000-1111", secret="a") == rules.person_key(
        "13900001111", secret="a"
    )
