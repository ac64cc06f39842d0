"""Coverage figures for fixed data per compound / community / town / unit / cadre / half-year,
the policy's rules, and a constant number of queries whatever the size of the ground."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledgers.network import coverage, rules, services
from ledgers.network.models import Compound, Household
from tests.factories import ledger_row


def households(compound, n, building="1"):
    Household.objects.bulk_create(
        Household(
            compound=compound,
            address=f"{building}号楼1单元{i}",
            address_key=f"{building}-1-{i}",
            building=building,
            entrance="1",
            room=str(i),
            head_name=f"户{i}",
        )
        for i in range(1, n + 1)
    )


def visit(unit, addr, cadre, half=2, four=(True, True, True, True), name="某"):
    return ledger_row(
        unit,
        attachment=1,
        address=addr,
        person_name=name,
        cadre=cadre,
        half=half,
        category=None,
        problem_content="",
        four_card=four[0],
        four_survey=four[1],
        four_solved=four[2],
        four_leaflet=four[3],
    )


@pytest.fixture
def visited(ground):
    g = ground
    households(g.happy, 10)  # 住建局's compound
    households(g.garden, 4)  # nobody's: on the roster, no responsible unit
    households(g.front, 6, "0")  # 民政局's whole village
    # 住建局, second half: cadre 刘 visits households 1–5 (one twice), 陈 visits 6–7
    for i in (1, 2, 3, 4, 5, 5):
        visit(g.zjj, f"幸福小区1号楼1单元{i}", "刘")
    for i in (6, 7):
        visit(g.zjj, f"幸福小区1号楼1单元{i}", "陈", four=(True, False, None, True))
    # first half: household 8 only
    visit(g.zjj, "幸福小区1号楼1单元8", "刘", half=1)
    # 民政局: 3 of 6 village households
    for i in (1, 2, 3):
        visit(g.mzj, f"前王组0号楼1单元{i}", "王", four=(None, None, None, None))
    from ledgers.sheets.models import LedgerUpload

    for upload in LedgerUpload.objects.all():
        services.match_upload(upload)
    return g


def test_half_year_figures(visited):
    c = coverage.compute(2026, 2)
    by = {f.label: f for f in c.compounds}
    assert (by["幸福小区"].on_roster, by["幸福小区"].visited, by["幸福小区"].not_visited) == (
        10,
        7,
        3,
    )
    assert by["幸福小区"].rate == 70.0 and by["幸福小区"].extra["units"] == ["住建局"]
    assert (by["海滨花园"].visited, by["海滨花园"].extra["units"]) == (0, [])
    assert (by["前王组"].on_roster, by["前王组"].visited) == (6, 3)
    communities = {f.label: f for f in c.communities}
    assert (communities["东村社区"].on_roster, communities["东村社区"].visited) == (14, 7)
    towns = {f.label: f for f in c.towns}
    assert (towns["方圆街道"].on_roster, towns["方圆街道"].visited) == (20, 10)
    units = {f.label: f for f in c.units}
    assert (units["住建局"].on_roster, units["住建局"].visited) == (10, 7)
    assert (units["民政局"].on_roster, units["民政局"].visited, units["民政局"].rate) == (
        6,
        3,
        50.0,
    )
    cadres = {(x.unit, x.cadre): x for x in c.cadres}
    liu = cadres[("住建局", "刘")]
    assert (liu.households, liu.visits, liu.meets_quota, liu.four_rate) == (5, 6, True, 100.0)
    chen = cadres[("住建局", "陈")]
    assert (chen.households, chen.meets_quota, chen.four_complete, chen.four_stated) == (
        2,
        False,
        0,
        2,
    )
    assert cadres[("民政局", "王")].four_rate is None  # 四个一 not stated


def test_first_half_and_whole_year(visited):
    assert coverage.compute(2026, 1).total.visited == 1
    year = coverage.compute(2026)
    assert {f.label: f.visited for f in year.compounds}["幸福小区"] == 8
    assert year.period_label == "2026年全年"


def test_a_units_own_view_and_the_not_visited_list(visited):
    g = visited
    from ledgers.network.access import responsible_compounds

    ground = responsible_compounds(g.zjj, datetime.date(2026, 12, 1))
    own = coverage.compute(2026, 2, compounds=ground, unit=g.zjj)
    assert [f.label for f in own.compounds] == ["幸福小区"]
    assert [x.cadre for x in own.cadres] == ["刘", "陈"]
    left = coverage.not_visited(2026, 2, ground)
    assert [h.head_name for h in left] == ["户10", "户8", "户9"]  # by address key


def test_reassigning_moves_visibility_and_keeps_history(visited):
    g = visited
    from ledgers.network.access import responsible_compounds
    from ledgers.network.models import Responsibility

    services.assign(g.east, g.happy, g.other, start_on=datetime.date(2026, 10, 1), user=g.office)
    on = datetime.date(2026, 10, 2)
    assert not responsible_compounds(g.zjj, on).exists()
    assert list(responsible_compounds(g.other, on)) == [g.happy]
    assert list(responsible_compounds(g.zjj, datetime.date(2026, 9, 30))) == [g.happy]
    rows = Responsibility.objects.filter(compound=g.happy).order_by("start_on")
    assert [(r.unit.name, r.end_on) for r in rows] == [
        ("住建局", datetime.date(2026, 9, 30)),
        ("教育局", None),
    ]
    # both held the compound during the second half: both carry it in that half's figures
    units = {f.label for f in coverage.compute(2026, 2).units}
    assert {"住建局", "教育局"} <= units
    # a compound-level holder overrides the village-level one
    services.assign(g.village, g.front, g.zjj, start_on=datetime.date(2026, 11, 1), user=g.office)
    assert g.front in responsible_compounds(g.zjj, datetime.date(2026, 11, 2))
    assert g.front not in responsible_compounds(g.mzj, datetime.date(2026, 11, 2))


def test_assignment_rules(ground):
    g = ground
    with pytest.raises(services.NetworkRefused):
        services.assign(g.east, g.happy, g.town, start_on=datetime.date(2026, 3, 1), user=g.office)
    with pytest.raises(services.NetworkRefused):
        services.assign(
            g.east, g.happy, g.other, start_on=datetime.date(2025, 12, 1), user=g.office
        )
    with pytest.raises(services.NetworkRefused):
        services.assign(
            g.village, g.happy, g.other, start_on=datetime.date(2026, 3, 1), user=g.office
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.assign(
            g.east, g.garden, g.zjj, start_on=datetime.date(2026, 3, 1), user=g.zjj_clerk
        )
    same = services.assign(
        g.east, g.happy, g.zjj, start_on=datetime.date(2026, 5, 1), user=g.office
    )
    assert same.start_on == datetime.date(2026, 1, 1)  # already responsible: nothing changes


def test_constant_queries_whatever_the_ground(visited):
    g = visited
    with CaptureQueriesContext(connection) as small:
        coverage.compute(2026, 2)
    for n in range(5):
        c = Compound.objects.create(community=g.east, name=f"新小区{n}")
        households(c, 3)
        services.assign(g.east, c, g.other, start_on=datetime.date(2026, 1, 1), user=g.office)
        visit(g.other, f"新小区{n}1号楼1单元1", f"干部{n}")
    from ledgers.sheets.models import LedgerUpload

    for upload in LedgerUpload.objects.filter(unit=g.other):
        services.match_upload(upload)
    with CaptureQueriesContext(connection) as large:
        figures = coverage.compute(2026, 2)
    assert len(large) == len(small) <= 6
    assert len(figures.compounds) == 9 and len(figures.cadres) == 8


@pytest.mark.parametrize(
    ("fn", "args", "expected"),
    [
        (rules.cadre_meets_quota, (5,), True),
        (rules.cadre_meets_quota, (4,), False),
        (rules.cadres_needed, (11,), 3),
        (rules.cadres_needed, (0,), 0),
        (rules.is_fully_covered, (10, 10), True),
        (rules.is_fully_covered, (0, 0), False),
        (rules.coverage_rate, (3, 1), 33.3),
        (rules.coverage_rate, (0, 0), None),
        (rules.half_of, (datetime.date(2026, 6, 30),), 1),
        (rules.half_of, (datetime.date(2026, 7, 1),), 2),
    ],
)
def test_rules(fn, args, expected):
    assert fn(*args) == expected


def test_four_ones_complete():
    class Row:
        four_card = four_survey = four_solved = True
        four_leaflet = None

    assert not rules.four_ones_complete(Row())
    Row.four_leaflet = True
    assert rules.four_ones_complete(Row())
