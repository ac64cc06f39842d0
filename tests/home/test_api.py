"""Headless API v2 for the city paper and TV station."""

import pytest

pytestmark = pytest.mark.django_db


def test_articles_with_fields(client, demo_site):
    data = client.get(
        "/api/v2/pages/",
        {"type": "home.ArticlePage", "fields": "task,task_label,date,unit_name,intro,body,tags"},
    ).json()
    assert data["meta"]["total_count"] == 4
    item = next(i for i in data["items"] if i["meta"]["slug"] == "window-time-cut")
    assert item["task"] == "windows"
    assert item["task_label"] == "窗口服务"
    assert item["unit_name"] == "市行政审批服务局"
    assert "再压缩20%" in item["body"]
    assert "窗口服务" in item["tags"]


def test_cases_with_fields(client, demo_site):
    data = client.get(
        "/api/v2/pages/",
        {"type": "home.CasePage", "fields": "kind,kind_label,task,unit_name,summary"},
    ).json()
    kinds = {i["kind_label"] for i in data["items"]}
    assert kinds == {"典型事例", "先进做法"}


def test_guides_expose_items_and_compression(client, demo_site):
    data = client.get(
        "/api/v2/pages/", {"type": "home.ServiceGuidePage", "fields": "unit_name,approval_items"}
    ).json()
    guides = {g["unit_name"]: g for g in data["items"]}
    items = {i["name"]: i for i in guides["市公安局"]["approval_items"]}
    short = items["户口迁移（市内）"]
    assert short["original_days"] == 10
    assert short["current_days"] == 9
    assert short["compression_percent"] == 10.0
    assert short["meets_time_cut"] is False
    assert items["居民身份证换领"]["meets_time_cut"] is True
    materials = items["居民身份证换领"]["materials"]
    assert materials[0]["value"]["name"] == "居民户口簿"


def test_page_detail(client, demo_site):
    from home.models import ServiceGuidePage

    guide = ServiceGuidePage.objects.get(unit__name="海阳市行政审批服务局")
    data = client.get(f"/api/v2/pages/{guide.pk}/").json()
    assert data["meta"]["type"] == "home.ServiceGuidePage"
    assert len(data["approval_items"]) == 2
    assert data["approval_items"][0]["compression_percent"] == 80.0


@pytest.mark.parametrize("query", ['"', "'", 'a"b', '营业执照"', "(", "*", "NEAR(", "^", ":", "\\"])
def test_search_with_quotes_and_operators_is_no_error(client, demo_site, query):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/", {"search": query})
        assert response.status_code == 200, (endpoint, query, response.content[:200])


def test_search_is_segmented_like_the_site_search(client, demo_site):
    # "并联审批" is inside a longer run of Han characters: found only through the bigrams.
    data = client.get("/api/v2/pages/", {"search": '"并联审批"', "fields": "title"}).json()
    assert [item["title"] for item in data["items"]] == ["“一窗受理”让企业开办当天办结"]
    none = client.get("/api/v2/pages/", {"search": "完全不存在的词语"}).json()
    assert none["meta"]["total_count"] == 0


def test_search_operator_is_validated(client, demo_site):
    response = client.get("/api/v2/pages/", {"search": "窗口", "search_operator": "xor"})
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]
