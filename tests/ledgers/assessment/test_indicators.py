"""Each indicator of the library computed from the fixed year in conftest.py, on 2026-12-31."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledgers.assessment.indicators import LIBRARY, Context, compute
from ledgers.assessment.models import IndicatorCode
from tests.factories import UnitFactory
from tests.ledgers.assessment.conftest import ON, YEAR, D

EXPECTED = {
    # code: (town, 审批局, 教体局)
    "plans_on_time": ("0", "1", "1"),
    "ledgers_on_time": ("0", "1", "1"),
    "ledger_findings": ("4.0", "0.0", None),
    "rect_on_time": ("100.0", "60.0", None),
    "rect_send_backs": ("0", "1", "0"),
    "rect_reopened": ("0", "1", "0"),
    "rect_dissatisfied": ("0", "1", "0"),
    "spot_confirmed": ("100.0", "66.7", None),
    "spot_false": ("0", "1", "0"),
    "spot_satisfaction": ("100.0", "50.0", None),
    "rating_satisfaction": (None, "75.0", None),
    "time_cut": (None, "66.7", None),
    "inspection_findings": ("0", "1", "0"),
}


def figures(aw, code, on=ON):
    ctx = Context(year=YEAR, on=on, units=[aw["town"], aw["spj"], aw["jtj"]])
    result = compute(code, ctx)
    return tuple(
        None if result[u.pk].value is None else str(result[u.pk].value)
        for u in (aw["town"], aw["spj"], aw["jtj"])
    ), result


def test_every_indicator_of_the_choices_is_in_the_library():
    assert set(LIBRARY) == set(IndicatorCode)
    assert set(EXPECTED) == set(IndicatorCode.values)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_indicator_figures_from_fixed_data(aw, code):
    values, _ = figures(aw, code)
    assert values == EXPECTED[code]


def test_late_plan_and_missing_plan_are_the_evidence(aw):
    _, result = figures(aw, "plans_on_time")
    assert [e["text"] for e in result[aw["spj"].pk].evidence] == [
        "考核测试方案:05月03日提交,逾期3天"
    ]
    assert result[aw["spj"].pk].evidence[0]["kind"] == "plan"
    assert "未报送" in result[aw["jtj"].pk].evidence[0]["text"]


def test_a_deadline_not_yet_reached_is_not_late(aw):
    values, _ = figures(aw, "plans_on_time", on=D(2026, 4, 29))
    assert values == ("0", "0", "0")
    values, _ = figures(aw, "ledgers_on_time", on=D(2026, 6, 10))
    assert values == ("0", "0", "0")


def test_overdue_and_late_cases_are_the_evidence_of_the_on_time_rate(aw):
    _, result = figures(aw, "rect_on_time")
    evidence = result[aw["spj"].pk].evidence
    assert {e["pk"] for e in evidence} == {aw["late_case"].pk, aw["overdue_case"].pk}
    assert all(e["kind"] == "case" for e in evidence)
    # Taken before the open case's deadline it is not yet overdue: 3 of 4.
    values, _ = figures(aw, "rect_on_time", on=D(2026, 10, 1))
    assert values[1] == "75.0"


def test_false_report_calls_are_the_evidence(aw):
    _, result = figures(aw, "spot_false")
    (item,) = result[aw["spj"].pk].evidence
    assert item["kind"] == "call" and "虚报" in item["text"]


def test_evidence_never_holds_a_citizens_name_or_phone(aw):
    ctx = Context(year=YEAR, on=ON, units=[aw["town"], aw["spj"], aw["jtj"]])
    for code in EXPECTED:
        for figure in compute(code, ctx).values():
            for item in figure.evidence:
                assert "李四" not in item["text"] and "13805351234" not in item["text"]
                assert "王五" not in item["text"] and "13900001111" not in item["text"]


def test_queries_do_not_grow_with_the_number_of_units(aw):
    def count(units):
        ctx = Context(year=YEAR, on=ON, units=units)
        with CaptureQueriesContext(connection) as queries:
            for code in EXPECTED:
                compute(code, ctx)
        return len(queries)

    few = count([aw["town"], aw["spj"], aw["jtj"]])
    more = [UnitFactory(is_window=True) for _ in range(12)]
    assert count([aw["town"], aw["spj"], aw["jtj"], *more]) == few


def test_values_are_decimals(aw):
    _, result = figures(aw, "rect_on_time")
    assert result[aw["spj"].pk].value == Decimal("60.0")
