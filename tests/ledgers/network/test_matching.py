"""Visits of a confirmed 附件1 are matched to the roster: Chinese and Arabic numerals, 号楼/栋,
单元, 室; ties broken by name, then phone; the rest listed for the unit to resolve by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ledgers.network import services
from ledgers.network.models import Household, MatchMethod, MatchState, VisitMatch
from ledgers.sheets import service as sheets_service
from ledgers.sheets.models import Period
from tests.factories import ledger_row
from tests.ledgers.sheets.builders import official_sheet, xlsx
from tests.ledgers.sheets.test_service import make_upload

ON = datetime.date(2026, 7, 1)

ROSTER = {
    "花名册": [
        ["小区", "住址", "户主姓名", "联系电话"],
        ["幸福小区", "3号楼2单元301室", "张三", "13800001111"],
        ["幸福小区", "3号楼2单元302室", "李四", "13800002222"],
        ["幸福小区", "12栋1单元1002", "王五", "13800003333"],
        ["幸福小区", "5号楼1单元101", "赵六", "13800004444"],
        ["幸福小区", "5号楼1单元101", "赵六之子", "13800005555"],
        ["幸福小区", "8号楼1单元201", "钱七", "13800006666"],
    ]
}
VILLAGE = {
    "名册": [
        ["组", "住址", "户主"],
        ["前王组", "前王组15号", "王大"],
        ["前王组", "前王组16号", "王二"],
    ]
}


@pytest.fixture
def roster(ground):
    services.import_roster(ground.east, xlsx(ROSTER), "r.xlsx", user=ground.office, on=ON)
    services.import_roster(ground.village, xlsx(VILLAGE), "v.xlsx", user=ground.office, on=ON)
    return ground


def row(unit, address, name="某人", phone="", year=2026, half=2):
    return ledger_row(
        unit,
        attachment=1,
        address=address,
        person_name=name,
        phone=phone,
        year=year,
        half=half,
        category=None,
        problem_content="",
    )


def test_messy_addresses_match_their_households(roster):
    g = roster
    rows = [
        row(g.zjj, "东村社区幸福小区三号楼二单元三零一室", "张三"),
        row(g.zjj, "幸福小区3栋2单元302", "李四"),
        row(g.zjj, "方圆街道幸福小区十二号楼一单元一零零二", "王五"),
        row(g.zjj, "幸福小区3-2-301", "张三"),
        row(g.zjj, "幸福小区5号楼1单元101室", "赵六之子"),  # two households: the name decides
        row(g.zjj, "幸福小区5号楼1单元101室", "某亲戚", "13800004444"),  # then the phone
        row(g.zjj, "幸福小区9号楼1单元101", "不在册"),  # not on the roster
        row(g.zjj, "别的小区1号楼", "走错"),  # no compound of 住建局's ground
    ]
    matched, unmatched = services.match_upload(rows[0].upload)
    assert (matched, unmatched) == (6, 2)
    got = {m.ledger_row_id: m for m in VisitMatch.objects.select_related("household")}
    heads = [got[r.pk].household.head_name if got[r.pk].household else None for r in rows]
    assert heads == ["张三", "李四", "王五", "张三", "赵六之子", "赵六", None, None]
    assert got[rows[0].pk].method == MatchMethod.ADDRESS
    assert got[rows[4].pk].method == MatchMethod.NAME
    assert got[rows[5].pk].method == MatchMethod.PHONE
    assert got[rows[6].pk].state == MatchState.UNMATCHED


def test_village_house_numbers(roster):
    g = roster
    r1 = row(g.mzj, "王家村前王组十五号", "王大")
    r2 = row(g.mzj, "王家村前王组16号", "王二")
    services.match_upload(r1.upload)
    assert VisitMatch.objects.get(ledger_row=r1).household.head_name == "王大"
    assert VisitMatch.objects.get(ledger_row=r2).household.head_name == "王二"


def test_other_units_ground_is_not_matched(roster):
    """教育局 answers for nothing (no roster on its ground): its visit to 幸福小区 is not someone
    else's household, and there is nothing for it to resolve."""
    r = row(roster.other, "幸福小区3号楼2单元301室", "张三")
    assert services.match_upload(r.upload) == (0, 0)
    assert not VisitMatch.objects.filter(ledger_row=r).exists()
    g = roster
    services.assign(g.east, g.garden, g.other, start_on=ON, user=g.office)
    garden = {"表": [["小区", "住址"], ["海滨花园", "1号楼1单元101"]]}
    services.import_roster(g.east, xlsx(garden), "g.xlsx", user=g.office, on=ON)
    assert VisitMatch.objects.get(ledger_row=r).state == MatchState.UNMATCHED


def test_confirming_a_visits_workbook_matches_it(roster):
    g = roster
    period = Period.objects.create(year=2026, half=1)
    data = [["幸福小区3号楼2单元301室", "张三", "13800001111", ""], ["前王组15号", "王大", "", ""]]
    upload = make_upload(g.zjj, period, 1, xlsx({"城市": official_sheet(1, data)}))
    sheets_service.parse_upload(upload)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        sheets_service.confirm_upload(upload, g.zjj_clerk)
    states = dict(VisitMatch.objects.values_list("ledger_row__person_name", "state"))
    assert states == {"张三": MatchState.MATCHED, "王大": MatchState.UNMATCHED}


def test_unit_resolves_by_choosing_or_adding(roster):
    g = roster
    lost = row(g.zjj, "幸福小区9号楼1单元101", "不在册")
    other = row(g.zjj, "幸福小区3号楼2单元302", "李四的客人")
    services.match_upload(lost.upload)
    match = VisitMatch.objects.get(ledger_row=lost)
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.resolve(match, user=g.other_clerk, at=now, household=Household.objects.first())
    foreign = Household.objects.get(head_name="王大")
    with pytest.raises(services.NetworkRefused):
        services.resolve(match, user=g.zjj_clerk, at=now, household=foreign)
    services.resolve(
        match,
        user=g.zjj_clerk,
        at=now,
        new_household={"compound": g.happy, "address": "9号楼1单元101", "head_name": "新户"},
    )
    match.refresh_from_db()
    assert match.state == MatchState.RESOLVED and match.household.address_key == "9-1-101"
    assert match.household.needs_review
    # matching again keeps what the unit resolved by hand
    services.match_upload(lost.upload)
    assert VisitMatch.objects.get(ledger_row=lost).state == MatchState.RESOLVED
    assert VisitMatch.objects.get(ledger_row=other).household.head_name == "李四"


def test_a_roster_arriving_later_rematches(ground):
    r = row(ground.zjj, "幸福小区3号楼2单元301室", "张三")
    assert services.match_upload(r.upload) == (0, 0)  # no roster yet: nothing to resolve
    services.import_roster(ground.east, xlsx(ROSTER), "r.xlsx", user=ground.office, on=ON)
    assert VisitMatch.objects.get(ledger_row=r).household.head_name == "张三"


def test_a_towns_visits_match_its_whole_area(roster):
    g = roster
    r = row(g.town, "东村社区幸福小区3号楼2单元301室", "张三")
    services.match_upload(r.upload)
    assert VisitMatch.objects.get(ledger_row=r).household.head_name == "张三"
    far = row(g.other_town, "幸福小区3号楼2单元301室", "张三")
    assert services.match_upload(far.upload) == (0, 0)  # no roster in 海阳镇
