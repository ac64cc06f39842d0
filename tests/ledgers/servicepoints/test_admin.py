"""Admin of the service points: permissions in fours for every view (anonymous → login, another
unit → refused, the own town → allowed, the office → allowed), the town set from the clerk's unit,
villages of the own town only, no copy view, and the office's "需关注" flag."""

import csv
import io

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from ledgers import waiting
from ledgers.network.models import Community, CommunityKind
from ledgers.servicepoints.models import ItemMode, PointKind, ServicePoint
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db


def text(response):
    """A response's text (the CSV export streams)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def object_urls(point):
    return {
        "edit": reverse("servicepoints_admin:edit", args=[point.pk]),
        "delete": reverse("servicepoints_admin:delete", args=[point.pk]),
        "inspect": reverse("servicepoints_admin:inspect", args=[point.pk]),
        "history": reverse("servicepoints_admin:history", args=[point.pk]),
    }


def list_urls():
    index = reverse("servicepoints_admin:index")
    return {
        "index": index,
        "add": reverse("servicepoints_admin:add"),
        "export": index + "?export=csv",
    }


def test_anonymous_is_sent_to_login(client, world):
    for name, url in {**list_urls(), **object_urls(world.wang)}.items():
        assert_login_required(client.get(url)), name


@pytest.mark.parametrize("who", ["department_clerk", "other_town_clerk"])
def test_other_units_are_refused_the_points(client, world, who):
    client.force_login(getattr(world, who))
    for name, url in object_urls(world.wang).items():
        assert_refused(client.get(url)), name
    response = client.post(object_urls(world.wang)["delete"], {})  # a refused POST changes nothing
    assert_refused(response)
    assert ServicePoint.objects.filter(pk=world.wang.pk).exists()


def test_department_cannot_list_add_or_export(client, world):
    client.force_login(world.department_clerk)
    for name, url in list_urls().items():
        assert_refused(client.get(url)), name
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "便民服务点" not in menu


def test_other_town_lists_and_exports_only_its_own(client, world):
    client.force_login(world.other_town_clerk)
    index = client.get(list_urls()["index"])
    assert index.status_code == 200
    assert "王家村便民服务代办点" not in index.content.decode()
    export = client.get(list_urls()["export"])
    assert export.status_code == 200
    assert "王家村" not in text(export)


@pytest.mark.parametrize("who", ["clerk", "office"])
def test_own_town_and_office_open_every_view(client, world, who):
    client.force_login(getattr(world, who))
    for name, url in {**list_urls(), **object_urls(world.wang)}.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
    rows = list(csv.reader(io.StringIO(text(client.get(list_urls()["export"])))))
    names = {row[3] for row in rows[1:]}
    assert {"方圆街道便民服务中心", "王家村便民服务代办点", "李家庄便民服务代办点"} <= names


def test_missing_point_answered_like_another_towns(client, world):
    client.force_login(world.other_town_clerk)
    foreign = client.get(reverse("servicepoints_admin:edit", args=[world.wang.pk]))
    missing = client.get(reverse("servicepoints_admin:edit", args=[999999]))
    assert (foreign.status_code, foreign.get("Location")) == (
        missing.status_code,
        missing.get("Location"),
    )
    client.force_login(world.office)
    assert client.get(reverse("servicepoints_admin:edit", args=[999999])).status_code == 404


def test_copy_view_disabled(client, world):
    with pytest.raises(NoReverseMatch):
        reverse("servicepoints_admin:copy", args=[world.wang.pk])
    client.force_login(world.clerk)
    response = client.post(f"/admin/servicepoints/copy/{world.wang.pk}/", {"name": "覆盖"})
    assert response.status_code == 404
    world.wang.refresh_from_db()
    assert world.wang.name == "王家村便民服务代办点"


def point_form(village, items=(), agents=(), **fields):
    return nested_form_data(
        {
            "kind": PointKind.AGENCY,
            "village": village.pk if village else "",
            "name": "新建代办点",
            "address": "村委会",
            "hours": "工作日",
            "phone": "",
            "is_active": "on",
            "sort_order": 0,
            **fields,
            "agents": inline_formset(
                [
                    {"name": name, "phone": phone, "public": "on" if public else ""}
                    for name, phone, public in agents
                ]
            ),
            "items": inline_formset([{"item": item.pk, "mode": mode} for item, mode in items]),
        }
    )


def test_clerk_adds_a_point_for_its_own_town_only(client, world):
    village = Community.objects.get(town=world.town, name="王家村")
    client.force_login(world.clerk)
    data = point_form(
        village,
        items=[(world.id_card, ItemMode.FORWARD)],
        agents=[("张代办", "13900000001", True)],
        town=world.other_town.pk,  # not a field for a clerk: ignored
    )
    response = client.post(reverse("servicepoints_admin:add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    point = ServicePoint.objects.get(name="新建代办点")
    assert point.town == world.town
    assert [a.name for a in point.agents.all()] == ["张代办"]
    assert [(r.item, r.mode) for r in point.items.all()] == [(world.id_card, ItemMode.FORWARD)]


def test_clerk_cannot_pick_a_village_of_another_town(client, world):
    far = Community.objects.create(town=world.other_town, name="海边村", kind=CommunityKind.VILLAGE)
    client.force_login(world.clerk)
    response = client.post(reverse("servicepoints_admin:add"), point_form(far))
    assert response.status_code == 200
    assert not ServicePoint.objects.filter(name="新建代办点").exists()
    choices = response.context["form"].fields["village"].queryset
    assert far not in choices


def test_office_picks_the_town_and_village_must_belong_to_it(client, world):
    far = Community.objects.create(town=world.other_town, name="海边村", kind=CommunityKind.VILLAGE)
    client.force_login(world.office)
    response = client.post(reverse("servicepoints_admin:add"), point_form(far, town=world.town.pk))
    assert response.status_code == 200
    assert "所选村(社区)不属于该镇街区" in response.content.decode()
    response = client.post(
        reverse("servicepoints_admin:add"), point_form(far, town=world.other_town.pk)
    )
    assert response.status_code == 302
    assert ServicePoint.objects.get(name="新建代办点").town == world.other_town


def test_agency_point_needs_a_village(client, world):
    client.force_login(world.clerk)
    response = client.post(reverse("servicepoints_admin:add"), point_form(None))
    assert response.status_code == 200
    assert "代办点必须选择所在的村(社区)" in response.content.decode()


def test_clerk_edits_own_point_but_not_another_towns(client, world):
    village = Community.objects.get(town=world.town, name="李家庄")
    client.force_login(world.clerk)
    data = point_form(
        village,
        agents=[("李代办", "13900000002", False)],
        items=[(world.id_card, ItemMode.FORWARD)],
        name="李家庄便民服务代办点",
    )
    response = client.post(reverse("servicepoints_admin:edit", args=[world.li.pk]), data)
    assert response.status_code == 302
    assert [a.name for a in world.li.agents.all()] == ["李代办"]
    client.force_login(world.other_town_clerk)
    assert_refused(
        client.post(reverse("servicepoints_admin:edit", args=[world.li.pk]), {**data, "name": "改"})
    )
    world.li.refresh_from_db()
    assert world.li.name == "李家庄便民服务代办点"


def test_office_flag_filter_column_and_home_screen(client, world):
    client.force_login(world.office)
    flagged = client.get(reverse("servicepoints_admin:index") + "?attention=true").content.decode()
    assert "李家庄便民服务代办点" in flagged
    assert "未配代办员" in flagged
    assert "王家村便民服务代办点" not in flagged
    ServicePoint.objects.create(
        town=world.town, kind=PointKind.CENTRE, name="空服务点", address="某处"
    )
    group = waiting.service_points_flagged()
    assert group.count == 2
    notes = {item.label: item.note for item in group.items}
    assert notes["方圆街道 空服务点"] == "未配事项、未配代办员"
    assert notes["方圆街道 李家庄便民服务代办点"] == "未配代办员"
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "便民服务点需关注" in home


def test_an_item_twice_is_refused(client, world):
    village = Community.objects.get(town=world.town, name="王家村")
    client.force_login(world.clerk)
    data = point_form(
        village,
        items=[(world.id_card, ItemMode.FORWARD), (world.id_card, ItemMode.ACCEPT)],
    )
    response = client.post(reverse("servicepoints_admin:add"), data)
    assert response.status_code == 200
    assert "重复添加" in response.content.decode()
    assert not ServicePoint.objects.filter(name="新建代办点").exists()
