"""The public side of the service points: the directory finds a village's 代办点 and the items it
takes; an item page says where to get it done (the window, the points of my town); the printable
notice lists them; site search and the content API find them; a 代办员's phone stays private
unless the unit publishes it; and saving a point purges the cached pages that show it."""

import pytest
from django.test import override_settings

from ledgers.network.models import Community
from ledgers.servicepoints.models import (
    Agent,
    ItemMode,
    PointItem,
    PointKind,
    ServicePoint,
    ServicePointIndexPage,
)

pytestmark = pytest.mark.django_db

PRIVATE_PHONE = "13905355678"  # 刘代办 of 王家村: the unit did not publish it


def directory_url():
    return ServicePointIndexPage.objects.get().url


def test_directory_finds_a_villages_point_and_its_items(client, world):
    village = Community.objects.get(town=world.town, name="王家村")
    response = client.get(directory_url(), {"town": world.town.pk, "village": village.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "王家村便民服务代办点" in html
    assert "李家庄便民服务代办点" not in html
    assert "方圆街道便民服务中心" not in html
    assert world.id_card.name in html and world.id_card.get_url() in html
    assert "王代办" in html and "13905351234" in html  # public phone
    assert "刘代办" in html and PRIVATE_PHONE not in html
    # the filter is a plain form: labelled selects and a submit button, no script needed
    assert '<label for="sp-town">' in html and '<label for="sp-village">' in html
    assert 'type="submit"' in html


def test_directory_lists_by_town_and_ignores_bad_filters(client, world):
    html = client.get(directory_url(), {"town": "x", "village": "999999"}).content.decode()
    assert html.index("方圆街道便民服务中心") < html.index("王家村便民服务代办点")
    other = client.get(directory_url(), {"town": world.other_town.pk}).content.decode()
    assert "王家村便民服务代办点" in other  # a town without points: the filter is ignored


def test_inactive_points_are_not_public(client, world):
    ServicePoint.objects.filter(pk=world.wang.pk).update(is_active=False)
    assert "王家村便民服务代办点" not in client.get(directory_url()).content.decode()
    assert "王家村便民服务代办点" not in client.get(world.id_card.get_url()).content.decode()
    assert client.get(f"/api/v2/servicepoints/{world.wang.pk}/").status_code == 404


def test_item_page_says_where_to_get_it_done(client, world):
    html = client.get(world.id_card.get_url()).content.decode()
    assert "在哪里办" in html
    assert str(world.id_card.page.unit) in html  # the window
    for name in ("方圆街道便民服务中心", "王家村便民服务代办点", "李家庄便民服务代办点"):
        assert name in html
    assert "可代办" in html
    assert PRIVATE_PHONE not in html
    assert '<label for="where-town">我所在的镇街区</label>' in html
    # an item no point takes: only the window
    other = world.id_card.page.approval_items.exclude(service_points__isnull=False).first()
    if other is not None:
        assert "暂无镇村便民服务点" in client.get(other.get_url()).content.decode()


def test_item_page_my_town(client, world):
    point = ServicePoint.objects.create(
        town=world.other_town, kind=PointKind.CENTRE, name="东村街道便民服务中心", address="东村"
    )
    PointItem.objects.create(point=point, item=world.id_card, mode=ItemMode.ACCEPT)
    all_towns = client.get(world.id_card.get_url()).content.decode()
    assert "东村街道便民服务中心" in all_towns and "王家村便民服务代办点" in all_towns
    mine = client.get(world.id_card.get_url(), {"town": world.other_town.pk}).content.decode()
    assert "东村街道便民服务中心" in mine and "可受理" in mine
    assert "王家村便民服务代办点" not in mine


def test_notice_prints_the_points(client, world):
    html = client.get(world.id_card.notice_url()).content.decode()
    assert "一次性告知单" in html
    assert "王家村便民服务代办点" in html and "王家村党群服务中心一楼" in html
    assert "王代办" in html and "13905351234" in html
    assert PRIVATE_PHONE not in html
    assert 'id="where-town"' not in html  # nothing to click on paper


def test_site_search_finds_points(client, world):
    for query in ("王家村", "党群服务中心", "代办点"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "代办点 · 方圆街道 王家村" in html, query
    html = client.get("/search/", {"q": "王家村"}).content.decode()
    assert (
        f"?town={world.town.pk}&amp;village={world.wang.village_id}#point-{world.wang.pk}" in html
    )


def test_api_lists_public_fields_only(client, world):
    data = client.get("/api/v2/servicepoints/").json()
    names = [item["name"] for item in data["items"]]
    assert names[0] == "方圆街道便民服务中心"
    assert "王家村便民服务代办点" in names
    detail = client.get(f"/api/v2/servicepoints/{world.wang.pk}/").json()
    assert detail["village_name"] == "王家村" and detail["town_name"] == "方圆街道"
    assert {"name": "刘代办", "phone": ""} in detail["public_agents"]
    assert {"name": "王代办", "phone": "13905351234"} in detail["public_agents"]
    assert {i["name"] for i in detail["accepted_items"]} == {"居民身份证换领", "失业保险金申领"}
    assert (
        PRIVATE_PHONE not in client.get(f"/api/v2/servicepoints/{world.wang.pk}/").content.decode()
    )
    assert "agents" not in detail and "is_active" not in detail


def test_api_filters(client, world):
    village = world.wang.village_id
    by_village = client.get("/api/v2/servicepoints/", {"village": village}).json()
    assert [i["name"] for i in by_village["items"]] == ["王家村便民服务代办点"]
    by_item = client.get("/api/v2/servicepoints/", {"item": world.licence.pk}).json()
    assert [i["name"] for i in by_item["items"]] == ["方圆街道便民服务中心"]
    found = client.get("/api/v2/servicepoints/", {"search": "李家"}).json()
    assert [i["name"] for i in found["items"]] == ["李家庄便民服务代办点"]
    assert client.get("/api/v2/servicepoints/", {"town": "x"}).status_code == 400
    assert client.get("/api/v2/servicepoints/", {"bogus": "1"}).status_code == 400


def test_a_village_must_belong_to_the_points_town(world):
    from django.core.exceptions import ValidationError

    point = ServicePoint(
        town=world.other_town,
        village=world.wang.village,
        kind=PointKind.AGENCY,
        name="错镇代办点",
        address="某处",
    )
    with pytest.raises(ValidationError):
        point.full_clean()


@override_settings(PORTAL_PAGE_CACHE=True)
def test_saving_a_point_purges_item_pages_and_directory(client, world):
    urls = [world.id_card.get_url(), world.id_card.notice_url(), directory_url()]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    world.wang.address = "王家村新址"
    world.wang.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "王家村新址" in response.content.decode(), url
    Agent.objects.create(point=world.li, name="新代办", phone="13900000009", public=True)
    assert "新代办" in client.get(urls[0]).content.decode()


@override_settings(PORTAL_PAGE_CACHE=False)
@pytest.mark.parametrize("which", ["directory", "filtered", "item", "notice"])
def test_public_pages_stay_within_eight_queries(
    client, world, which, django_assert_max_num_queries
):
    url = {
        "directory": directory_url(),
        "filtered": f"{directory_url()}?town={world.town.pk}&village={world.wang.village_id}",
        "item": world.id_card.get_url() + f"?town={world.town.pk}",
        "notice": world.id_card.notice_url(),
    }[which]
    client.get(url)  # warm per-process caches (content types, URLs)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
