"""A messy roster goes in whole: households keyed, the doubtful ones stored 待核实, findings named
by row and column."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from ledgers.network import services
from ledgers.network.models import Household, RosterImport
from ledgers.network.roster import read_roster
from ledgers.sheets.reader import LedgerFileError
from tests.ledgers.sheets.builders import csv_bytes, xlsx

ON = datetime.date(2026, 7, 1)

MESSY = {
    "花名册": [
        ["东村社区住户花名册"],
        [],
        ["序号", " 小区 ", "住  址", "户主姓名", "联系电话"],
        [1, "幸福小区", "幸福小区3号楼2单元301室", "张三", "13800001111"],
        [2, "幸福小区", "三号楼二单元三零二", "李四", 13800002222],
        [3, "幸福小区", "3栋1单元101", "王五", "138 0000 3333"],
        [4, "幸福小区", "3-1-102", "赵六", ""],
        [5, "幸福小区", "幸福小区物业办公室", "物业", "0535-1234567"],
        [6, "", "东村社区7号", "孙七", "13800007777"],
        [7, "幸福小区", "3号楼1单元101", "王五妻", ""],
        ["序号", "小区", "住址", "户主姓名", "联系电话"],
        [8, "海滨花园", "海滨花园1号楼1单元1室", "周八", "1380000888"],
        [],
    ]
}


def test_read_roster_finds_the_header_and_keys(ground):
    reading = read_roster(xlsx(MESSY), "花名册.xlsx")
    assert [r.key for r in reading.rows] == [
        "3-2-301",
        "3-2-302",
        "3-1-101",
        "3-1-102",
        "",
        "7",
        "3-1-101",
        "1-1-1",
    ]
    assert reading.rows[2].phone == "13800003333"  # normalised
    assert reading.rows[1].phone == "13800002222"  # a number cell
    messages = [(i["row"], i["column"], i["message"]) for i in reading.issues]
    assert any(r == 8 and c == "C" and "门牌号或室号" in m for r, c, m in messages)
    assert any(r == 9 and c == "B" and "小区" in m for r, c, m in messages)
    assert any(r == 12 and c == "E" for r, c, m in messages)  # a 10-digit phone


def test_import_stores_every_row_and_marks_what_needs_a_look(ground):
    batch = services.import_roster(
        ground.east, xlsx(MESSY), "花名册.xlsx", user=ground.zjj_clerk, on=ON
    )
    assert batch.created_count == 8
    households = Household.objects.filter(compound__community=ground.east)
    assert households.count() == 8
    office = households.get(head_name="物业")
    assert office.needs_review and "楼号/室号" in office.review_note
    assert office.address == "幸福小区物业办公室"  # as typed
    unplaced = households.get(head_name="孙七")
    assert unplaced.compound.name == "未注明小区" and unplaced.needs_review
    twin = households.get(head_name="王五妻")
    assert twin.needs_review and "第6行" in twin.review_note
    assert households.get(head_name="李四").address == "三号楼二单元三零二"
    assert batch.review_count == 3


def test_reimport_updates_instead_of_duplicating(ground):
    services.import_roster(ground.east, xlsx(MESSY), "a.xlsx", user=ground.office, on=ON)
    again = {
        "表": [
            ["小区", "住址", "户主", "电话"],
            ["幸福小区", "3号楼2单元301室", "张三", "13900009999"],
        ]
    }
    batch = services.import_roster(ground.east, xlsx(again), "b.xlsx", user=ground.office, on=ON)
    assert (batch.created_count, batch.updated_count) == (0, 1)
    assert Household.objects.get(address_key="3-2-301").phone == "13900009999"


def test_gbk_csv_roster(ground):
    data = csv_bytes([["小区", "住址", "户主姓名"], ["幸福小区", "5号楼1单元201", "钱九"]])
    batch = services.import_roster(ground.east, data, "名册.csv", user=ground.office, on=ON)
    assert batch.created_count == 1
    assert Household.objects.get(head_name="钱九").address_key == "5-1-201"


def test_not_a_workbook_is_refused_with_a_message(ground):
    import io

    with pytest.raises(LedgerFileError) as caught:
        services.import_roster(
            ground.east,
            io.BytesIO(b"<html><script>1</script></html>"),
            "x.xlsx",
            user=ground.office,
            on=ON,
        )
    assert "不是 Excel" in caught.value.message
    assert not RosterImport.objects.exists()


def test_who_may_import(ground):
    for user in (ground.other_clerk, ground.town_clerk, ground.mzj_clerk):
        with pytest.raises(PermissionDenied):
            services.import_roster(ground.east, xlsx(MESSY), "a.xlsx", user=user, on=ON)
    services.import_roster(ground.village, xlsx(MESSY), "a.xlsx", user=ground.mzj_clerk, on=ON)
