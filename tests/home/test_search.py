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
    assert "企业设立登记（核发营业执照）" in titles("营业执照")


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


def test_exact_title_ranks_first(demo_site):
    # An approval item merely containing 营业执照 came first; the page titled 营业执照 must lead.
    from home.models import StandardPage

    about = StandardPage.objects.live().first()
    page = StandardPage(title="营业执照", slug="yingye-zhizhao", body="<p>办理营业执照的说明。</p>")
    about.get_parent().add_child(instance=page)
    page.save_revision().publish()
    found = titles("营业执照")
    assert found[0] == "营业执照"
    assert "企业设立登记（核发营业执照）" in found[1:]


def test_title_containing_query_ranks_before_body_match():
    from home.views import Result, rank_exact_titles_first

    results = [
        Result("窗口服务", "/a/", "", "营业执照", ["营业执照"]),
        Result("核发营业执照", "/b/", "", "", ["营业执照"]),
        Result("营业执照", "/c/", "", "", ["营业执照"]),
    ]
    assert [r.url for r in rank_exact_titles_first(results, "营业执照")] == ["/c/", "/b/", "/a/"]


def test_published_page_found_without_the_worker(demo_site, settings):
    """With the database task backend nothing runs the index task, yet publishing indexes."""
    from django_tasks_db.models import DBTaskResult

    from home.models import StandardPage

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "ENQUEUE_ON_COMMIT": False}
    }
    about = StandardPage.objects.live().first()
    page = StandardPage(title="不动产登记须知", slug="budongchan", body="<p>须知正文。</p>")
    about.get_parent().add_child(instance=page)
    page.save_revision().publish()
    assert DBTaskResult.objects.exists()  # the background task is queued, not run
    assert "不动产登记须知" in titles("不动产")


def test_worker_backlog_counts_only_old_waiting_tasks(db, settings):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from home.search_sync import backlog

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    assert backlog(now) == (0, None)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="x.y",
        backend_name="default",
        run_after=now,
        queue_name="default",
    )
    assert backlog(now)[0] == 0
    assert backlog(now + datetime.timedelta(minutes=6))[0] == 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert backlog(now + datetime.timedelta(minutes=6)) == (0, None)
