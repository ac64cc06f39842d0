"""Chinese search: words inside longer Han text are found, on SQLite and on PostgreSQL (CI runs
this module on both databases)."""

import pytest
from django.db import connection

from home import segment
from home.views import search_results

pytestmark = pytest.mark.django_db


def test_bigram_segmentation():
    assert segment.tokens("窗口服务指南") == ["窗口", "口服", "服务", "务指", "指南"]
    assert segment.tokens("ＡＢＣ 12号") == ["abc", "12", "号"]
    assert segment.query_text("营业执照 营业") == "营业 业执 执照"


def titles(query):
    return [r.title for r in search_results(query)]


def test_word_inside_page_title_found(demo_site):
    # "服务" sits inside the unbroken run "窗口服务指南": one token to Wagtail's backends.
    assert "窗口服务指南" in titles("服务")


def test_word_inside_approval_item_name_found(demo_site):
    assert "企业设立登记(核发营业执照)" in titles("营业执照")


def test_word_inside_body_found(demo_site):
    assert "“一窗受理”让企业开办当天办结" in titles("并联审批")


def test_all_words_required(demo_site):
    assert titles("营业执照 户口") == []
    assert titles("完全不存在的词语") == []


def test_draft_and_unpublished_not_found(demo_site):
    from home.models import ArticlePage

    article = ArticlePage.objects.get(slug="window-time-cut")
    article.unpublish()
    assert "窗口单位审批时限在原有基础上再压缩20%" not in titles("压缩")


def test_search_page_highlights_and_paginates(client, demo_site):
    response = client.get("/search/", {"q": "营业执照"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>营业执照</mark>" in html
    assert "共找到" in html
    response = client.get("/search/", {"q": "服务", "page": "999"})
    assert response.status_code == 200


def test_highlight_escapes_html(demo_site):
    from home.highlight import excerpt

    assert excerpt("<script>营业执照</script>", ["营业执照"]) == (
        "&lt;script&gt;<mark>营业执照</mark>&lt;/script&gt;"
    )


def test_runs_on_configured_database():
    # Documents which backend this run exercised (CI runs the suite on both).
    assert connection.vendor in {"sqlite", "postgresql"}
