"""Weights, adjustments, ranks and the freeze, on the fixed year of conftest.py."""

from decimal import Decimal as Dec

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ledgers.assessment import services
from ledgers.assessment.models import Freeze, Scheme
from ledgers.assessment.scoring import adjustments_by_unit, card_for, compute_results, ranked
from tests.factories import UnitFactory
from tests.ledgers.assessment.conftest import ON, YEAR, D, make_case


def scores(scheme, on=ON):
    results, frozen = services.year_results(scheme, on)
    return ranked(results, adjustments_by_unit(scheme.year)), frozen


def test_default_scheme_weights_add_up_to_100(scheme):
    assert sum(i.weight for i in scheme.indicators.all()) == 100


def test_scores_weights_and_scaling(aw, scheme):
    groups, _ = scores(scheme)
    spj, _ = card_for(groups, aw["spj"].pk)
    town, _ = card_for(groups, aw["town"].pk)
    jtj, _ = card_for(groups, aw["jtj"].pk)
    points = {ln["code"]: ln["points"] for ln in spj["lines"]}
    assert points == {
        "plans_on_time": "8.00",
        "ledgers_on_time": "8.50",
        "ledger_findings": "10.00",
        "rect_on_time": "0.00",
        "rect_send_backs": "4.00",
        "rect_reopened": "4.00",
        "rect_dissatisfied": "4.00",
        "spot_confirmed": "0.00",
        "spot_false": "4.00",
        "spot_satisfaction": "0.00",
        "rating_satisfaction": "1.88",
        "time_cut": "1.67",
        "inspection_findings": "4.00",
    }
    assert spj["scaled"] == "50.05" and spj["applicable_weight"] == "100.0"
    # A town is not scored on the window indicators: 88 of 90 points, scaled to 97.78.
    assert town["raw"] == "88.00" and town["applicable_weight"] == "90.0"
    assert town["scaled"] == "97.78"
    assert {ln["code"]: ln["note"] for ln in town["lines"]}["time_cut"] == "不适用"
    # No data: the scheme's default gives the whole weight, with a note.
    assert jtj["scaled"] == "96.11"
    assert {ln["code"]: ln["note"] for ln in jtj["lines"]}["rect_on_time"] == "无数据,计满分"


def test_no_data_can_score_zero(aw, scheme):
    scheme.indicators.filter(code="rect_on_time").update(no_data="zero")
    groups, _ = scores(Scheme.objects.get(pk=scheme.pk))
    jtj, _ = card_for(groups, aw["jtj"].pk)
    assert jtj["raw"] == "66.50"


def test_adjustments_and_ranking_within_each_type(aw, scheme):
    services.add_adjustment(YEAR, aw["spj"], Dec("2"), "获市级表彰", user=aw["office"])
    groups, _ = scores(scheme)
    assert [
        (label, [(r["name"], r["rank"], str(r["total"])) for r in rows])
        for _, label, rows in groups
    ] == [
        ("镇街区", [("方圆街道", 1, "97.78")]),
        ("市直部门", [("教体局", 1, "96.11"), ("行政审批服务局", 2, "52.05")]),
    ]


def test_an_adjustment_needs_a_reason_and_is_logged(aw):
    from wagtail.models import ModelLogEntry

    with pytest.raises(services.AssessmentRefused):
        services.add_adjustment(YEAR, aw["spj"], Dec("1"), "  ", user=aw["office"])
    adj = services.add_adjustment(YEAR, aw["spj"], Dec("-1.5"), "台账弄虚作假", user=aw["office"])
    entry = ModelLogEntry.objects.get(action="assessment.adjust", object_id=str(adj.pk))
    assert entry.user == aw["office"] and entry.data["reason"] == "台账弄虚作假"


def test_scorecards_take_a_constant_number_of_queries(aw, scheme):
    def count():
        with CaptureQueriesContext(connection) as queries:
            compute_results(Scheme.objects.get(pk=scheme.pk), ON)
        return len(queries)

    few = count()
    for _ in range(15):
        UnitFactory()
    assert count() == few


def test_freeze_keeps_the_figures_when_later_data_arrives(aw, scheme):
    frozen = services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())
    assert frozen.hash_matches()
    assert frozen.scheme_version == scheme.version
    assert Scheme.objects.get(pk=scheme.pk).locked
    before, _ = scores(scheme)
    # A late case arrives after the freeze: live figures move, frozen ones do not.
    from ledgers.rectification.models import CaseState

    make_case(
        aw["spj"],
        aw["late_case"].category,
        99,
        state=CaseState.IN_PROGRESS,
        closed_on=None,
        closed_on_time=None,
        deadline=D(2026, 6, 1),
    )
    live = compute_results(scheme, ON)
    live_spj = next(u for u in live["units"] if u["id"] == aw["spj"].pk)
    assert next(ln for ln in live_spj["lines"] if ln["code"] == "rect_on_time")["value"] == "50.0"
    after, frozen_again = scores(scheme)
    assert frozen_again == frozen
    assert card_for(after, aw["spj"].pk)[0]["scaled"] == card_for(before, aw["spj"].pk)[0]["scaled"]
    assert Freeze.objects.get(pk=frozen.pk).hash_matches()
    # Corrections go through logged adjustments, marked as made after the freeze.
    adj = services.add_adjustment(YEAR, aw["spj"], Dec("-3"), "冻结后查实逾期", user=aw["office"])
    assert adj.after_freeze
    corrected, _ = scores(scheme)
    assert card_for(corrected, aw["spj"].pk)[0]["total"] == Dec("47.05")


def test_a_year_is_frozen_once(aw, scheme):
    services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())
    with pytest.raises(services.AssessmentRefused):
        services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())


def test_tampered_frozen_results_fail_the_hash(aw, scheme):
    frozen = services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())
    frozen.results["units"][0]["scaled"] = "100.00"
    assert not frozen.hash_matches()


def test_publish_needs_a_freeze(aw, scheme):
    with pytest.raises(services.AssessmentRefused):
        services.publish(scheme, user=aw["office"], now=timezone.now())
    services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())
    assert services.publish(scheme, user=aw["office"], now=timezone.now()).published_at


def test_next_year_copies_the_scheme(aw, scheme):
    scheme.indicators.filter(code="rect_on_time").update(weight=Dec("25"))
    scheme.indicators.filter(code="inspection_findings").delete()
    copy = services.create_scheme(
        YEAR + 1, user=aw["office"], source=Scheme.objects.get(pk=scheme.pk)
    )
    assert copy.copied_from == scheme
    assert [(i.code, i.weight) for i in copy.indicators.all()] == [
        (i.code, i.weight) for i in scheme.indicators.all()
    ]
    assert scheme.indicators.count() == 12  # the source keeps its own rows
    with pytest.raises(services.AssessmentRefused):
        services.create_scheme(YEAR + 1, user=aw["office"])
