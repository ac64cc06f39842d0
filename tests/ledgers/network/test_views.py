"""Every screen of the field network as anonymous / other unit / own unit (or town) / office."""

import datetime

import pytest
from django.urls import reverse

from ledgers.network import services
from ledgers.network.models import (
    CadreAssignment,
    Household,
    Responsibility,
    RosterImport,
    VisitMatch,
)
from tests.factories import ledger_row
from tests.ledgers.sheets.builders import xlsx
from tests.utils import assert_refused

from .test_matching import ROSTER

ON = datetime.date(2026, 7, 1)


@pytest.fixture
def roster(ground):
    services.import_roster(ground.east, xlsx(ROSTER), "r.xlsx", user=ground.office, on=ON)
    far = {
        "表": [
            ["小区", "住址", "户主", "电话"],
            ["海景小区", "1号楼1单元101", "远方", "13911112222"],
        ]
    }
    services.import_roster(ground.far, xlsx(far), "f.xlsx", user=ground.office, on=ON)
    return ground


def get(client, user, url):
    client.force_login(user) if user else client.logout()
    return client.get(url)


def test_anonymous_goes_to_login(client, roster):
    h = Household.objects.first()
    for url in (
        reverse("network_coverage"),
        reverse("network_roster_import"),
        reverse("network_unmatched"),
        reverse("network_assignment_import"),
        reverse("network_households:index"),
        reverse("network_households:edit", args=[h.pk]),
        reverse("network_responsibilities:index"),
        reverse("network_communities:index"),
    ):
        response = get(client, None, url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_household_list_per_role(client, roster):
    g = roster
    url = reverse("network_households:index")
    office = get(client, g.office, url).content.decode()
    assert "13800001111" in office and "远方" in office
    own = get(client, g.zjj_clerk, url).content.decode()
    assert "张三" in own and "13800001111" in own and "远方" not in own
    town = get(client, g.town_clerk, url).content.decode()
    assert "3号楼2单元301室" in town and "13800001111" not in town and "138****1111" in town
    assert "张三" not in town
    other = get(client, g.other_clerk, url).content.decode()
    assert "3号楼2单元301室" not in other and "1号楼1单元101" not in other
    far_town = get(client, g.other_town_clerk, url).content.decode()
    assert "1号楼1单元101" in far_town and "3号楼2单元301室" not in far_town


def test_household_export_masks_for_the_town(client, roster):
    g = roster
    url = reverse("network_households:index") + "?export=csv"
    town = get(client, g.town_clerk, url)
    body = b"".join(town.streaming_content).decode() if town.streaming else town.content.decode()
    assert "138****1111" in body and "13800001111" not in body
    own = get(client, g.zjj_clerk, url)
    body = b"".join(own.streaming_content).decode() if own.streaming else own.content.decode()
    assert "13800001111" in body


@pytest.mark.parametrize("view", ["edit", "history", "delete"])
def test_household_object_views(client, roster, view):
    g = roster
    h = Household.objects.get(head_name="张三")
    url = reverse(f"network_households:{view}", args=[h.pk])
    assert_refused(get(client, g.other_clerk, url))
    assert_refused(get(client, g.mzj_clerk, url))
    assert get(client, g.office, url).status_code == 200
    if view == "history":
        assert get(client, g.zjj_clerk, url).status_code == 200
        assert get(client, g.town_clerk, url).status_code == 200
    if view == "edit":
        assert get(client, g.zjj_clerk, url).status_code == 200
        assert_refused(get(client, g.town_clerk, url))  # a town reads, never edits


def test_household_edit_post_refused_for_town_and_others(client, roster):
    g = roster
    h = Household.objects.get(head_name="张三")
    url = reverse("network_households:edit", args=[h.pk])
    for user in (g.town_clerk, g.other_clerk):
        client.force_login(user)
        assert_refused(
            client.post(url, {"compound": g.happy.pk, "address": "x", "head_name": "改"})
        )
    h.refresh_from_db()
    assert h.head_name == "张三"


def test_missing_household_answers_like_another_units(client, roster):
    url = reverse("network_households:edit", args=[999999])
    assert_refused(get(client, roster.zjj_clerk, url))
    assert get(client, roster.office, url).status_code == 404


def test_responsibility_list_and_history_per_role(client, roster):
    g = roster
    url = reverse("network_responsibilities:index")
    assert "住建局" in get(client, g.zjj_clerk, url).content.decode()
    assert "王家村" not in get(client, g.zjj_clerk, url).content.decode()
    town = get(client, g.town_clerk, url).content.decode()
    assert "东村社区" in town and "王家村" in town
    assert "东村社区" not in get(client, g.other_clerk, url).content.decode()
    r = Responsibility.objects.get(unit=g.zjj)
    history = reverse("network_responsibilities:history", args=[r.pk])
    assert_refused(get(client, g.zjj_clerk, history))  # the list shows the dated rows
    assert_refused(get(client, g.mzj_clerk, history))
    assert get(client, g.office, history).status_code == 200
    edit = reverse("network_responsibilities:edit", args=[r.pk])
    assert_refused(get(client, g.zjj_clerk, edit))
    assert get(client, g.office, edit).status_code == 200
    assert_refused(get(client, g.zjj_clerk, reverse("network_responsibilities:add")))


def test_office_reassigns_through_the_form_and_history_stays(client, roster):
    g = roster
    client.force_login(g.office)
    response = client.post(
        reverse("network_responsibilities:add"),
        {
            "community": g.east.pk,
            "compound": g.happy.pk,
            "unit": g.other.pk,
            "start_on": "2026-09-01",
        },
    )
    assert response.status_code == 302
    rows = list(Responsibility.objects.filter(compound=g.happy).order_by("start_on"))
    assert [(r.unit, r.end_on) for r in rows] == [
        (g.zjj, datetime.date(2026, 8, 31)),
        (g.other, None),
    ]
    # a town is not a responsible department: the form keeps what was typed and says why
    response = client.post(
        reverse("network_responsibilities:add"),
        {
            "community": g.east.pk,
            "compound": g.garden.pk,
            "unit": g.town.pk,
            "start_on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "2026-09-01" in response.content.decode()


def test_coverage_screen_per_role(client, roster):
    g = roster
    url = reverse("network_coverage") + "?year=2026&half=2"
    office = get(client, g.office, url).content.decode()
    assert "幸福小区" in office and "海景小区" in office
    own = get(client, g.zjj_clerk, url).content.decode()
    assert "幸福小区" in own and "海景小区" not in own and "海滨花园" not in own
    town = get(client, g.town_clerk, url).content.decode()
    assert "海滨花园" in town and "海景小区" not in town
    assert get(client, None, url).status_code == 302


def test_not_visited_export(client, roster):
    g = roster
    r = ledger_row(
        g.zjj,
        attachment=1,
        address="幸福小区3号楼2单元301室",
        person_name="张三",
        category=None,
        problem_content="",
    )
    services.match_upload(r.upload)
    import io

    from openpyxl import load_workbook

    response = get(
        client, g.zjj_clerk, reverse("network_coverage") + "?year=2026&half=2&export=not_visited"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    names = [row[4] for row in rows[2:]]
    assert "张三" not in names and "李四" in names and "远方" not in names
    town = get(
        client, g.town_clerk, reverse("network_coverage") + "?year=2026&half=2&export=not_visited"
    )
    rows = list(load_workbook(io.BytesIO(town.content)).active.iter_rows(values_only=True))
    assert "13800002222" not in [row[5] for row in rows[2:]]


def test_roster_import_screen(client, roster):
    g = roster
    url = reverse("network_roster_import")
    assert_refused(get(client, g.other_clerk, url))
    assert_refused(get(client, g.town_clerk, url))
    assert get(client, g.zjj_clerk, url).status_code == 200
    client.force_login(g.zjj_clerk)
    bad = {"表": [["小区", "住址"], ["幸福小区", "物业办公室"]]}
    response = client.post(url, {"community": g.east.pk, "file": xlsx(bad)})
    batch = RosterImport.objects.latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "门牌号或室号" in page
    download = client.get(reverse("network_roster_annotated", args=[batch.pk]))
    assert download.status_code == 200
    assert_refused(get(client, g.mzj_clerk, reverse("network_roster_result", args=[batch.pk])))
    assert_refused(get(client, g.mzj_clerk, reverse("network_roster_annotated", args=[batch.pk])))
    # not a workbook: the form says so, nothing is stored
    client.force_login(g.zjj_clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("名册.xlsx", b"<html><body>x</body></html>")
    response = client.post(url, {"community": g.east.pk, "file": fake})
    assert response.status_code == 200 and "不是 Excel" in response.content.decode()


def test_assignment_import_screen(client, roster):
    g = roster
    url = reverse("network_assignment_import")
    assert_refused(get(client, g.zjj_clerk, url))
    assert_refused(get(client, g.town_clerk, url))
    client.force_login(g.office)
    table = {
        "划分": [
            ["镇街区", "村(社区)", "小区", "包联单位", "起始日期"],
            ["方圆街道", "东村社区", "海滨花园", "教育局", "2026/3/1"],
            ["方圆街道", "东村社区", "不存在小区", "教育局", "2026-03-01"],
            ["方圆街道", "东村社区", "海滨花园", "不存在局", "2026-03-01"],
            ["方圆街道", "东村社区", "", "民政局", "明天"],
        ]
    }
    response = client.post(url, {"file": xlsx(table)})
    page = response.content.decode()
    assert "已划分 1 行" in page and "3 行未导入" in page
    assert "不存在小区" in page and "不存在局" in page and "2026-01-01" in page
    assert Responsibility.objects.get(compound=g.garden).unit == g.other
    export = client.get(reverse("network_responsibilities:index") + "?export=xlsx")
    assert export.status_code == 200


def test_unmatched_and_resolve_per_role(client, roster):
    g = roster
    r = ledger_row(
        g.zjj,
        attachment=1,
        address="幸福小区9号楼1单元101",
        person_name="不在册",
        category=None,
        problem_content="",
    )
    services.match_upload(r.upload)
    match = VisitMatch.objects.get(ledger_row=r)
    listing = reverse("network_unmatched")
    assert "9号楼1单元101" in get(client, g.zjj_clerk, listing).content.decode()
    assert "9号楼1单元101" not in get(client, g.mzj_clerk, listing).content.decode()
    assert "9号楼1单元101" in get(client, g.office, listing).content.decode()
    url = reverse("network_resolve", args=[match.pk])
    assert_refused(get(client, g.mzj_clerk, url))
    assert_refused(get(client, g.town_clerk, url))
    assert get(client, g.office, url).status_code == 200
    client.force_login(g.zjj_clerk)
    response = client.post(url, {"address": "", "head_name": "新户"})
    assert response.status_code == 200 and "新户" in response.content.decode()  # kept
    response = client.post(
        url, {"compound": g.happy.pk, "address": "9号楼1单元101", "head_name": "新户"}
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.household.head_name == "新户"


def test_cadre_assignment_is_the_units_own(client, roster):
    g = roster
    client.force_login(g.zjj_clerk)
    h = Household.objects.get(head_name="张三")
    response = client.post(
        reverse("network_cadres:add"),
        {"cadre_name": "刘干部", "compound": g.happy.pk, "building": "3", "household": h.pk},
    )
    assert response.status_code == 302, response.context["form"].errors
    a = CadreAssignment.objects.get()
    assert a.unit == g.zjj
    # another unit's ground cannot be chosen
    response = client.post(
        reverse("network_cadres:add"), {"cadre_name": "乱选", "compound": g.seaside.pk}
    )
    assert (
        response.status_code == 200
        and not CadreAssignment.objects.filter(cadre_name="乱选").exists()
    )
    edit = reverse("network_cadres:edit", args=[a.pk])
    assert_refused(get(client, g.mzj_clerk, edit))
    assert get(client, g.office, edit).status_code == 200
    assert (
        "刘干部" not in get(client, g.mzj_clerk, reverse("network_cadres:index")).content.decode()
    )


def test_reassigning_moves_who_reads_the_roster(client, roster):
    g = roster
    url = reverse("network_households:index")
    services.assign(g.east, g.happy, g.other, start_on=datetime.date(2026, 9, 1), user=g.office)
    assert "13800001111" not in get(client, g.zjj_clerk, url).content.decode()
    assert "13800001111" in get(client, g.other_clerk, url).content.decode()
    h = Household.objects.get(head_name="张三")
    assert_refused(get(client, g.zjj_clerk, reverse("network_households:edit", args=[h.pk])))


def test_assignment_export_reads_back_unchanged(client, roster):
    import io

    from openpyxl import load_workbook

    g = roster
    client.force_login(g.office)
    export = client.get(reverse("network_responsibilities:index") + "?export=xlsx")
    content = b"".join(export.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("镇街区", "村(社区)", "小区", "包联单位", "起始日期")
    before = list(Responsibility.objects.values_list("pk", "unit_id", "start_on", "end_on"))
    response = client.post(reverse("network_assignment_import"), {"file": io.BytesIO(content)})
    assert "已划分 2 行" in response.content.decode()
    assert list(Responsibility.objects.values_list("pk", "unit_id", "start_on", "end_on")) == before


def test_coverage_page_queries_do_not_grow(client, roster):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledgers.network.models import Compound

    g = roster
    client.force_login(g.office)
    url = reverse("network_coverage") + "?year=2026&half=2"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6):
        c = Compound.objects.create(community=g.east, name=f"加小区{n}")
        Household.objects.create(compound=c, address="1号楼1单元101", address_key="1-1-101")
        services.assign(g.east, c, g.mzj, start_on=datetime.date(2026, 1, 1), user=g.office)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_household_detail_masks_for_the_town(client, roster):
    g = roster
    h = Household.objects.get(head_name="张三")
    url = reverse("network_households:inspect", args=[h.pk])
    town = get(client, g.town_clerk, url).content.decode()
    assert "3号楼2单元301室" in town and "13800001111" not in town and "张三" not in town
    assert "13800001111" in get(client, g.zjj_clerk, url).content.decode()
    assert "13800001111" in get(client, g.office, url).content.decode()
    assert_refused(get(client, g.other_clerk, url))
    assert_refused(get(client, g.other_town_clerk, url))
    h.refresh_from_db()
    assert h.head_name == "张三"  # masked in the response only
