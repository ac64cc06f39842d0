"""The bulletin screens, per role: anonymous → login; a town clerk, a department clerk and 纪委
→ refused (nothing generated, nothing logged); the office → allowed. Wagtail's edit, delete,
usage, copy and inspect views are not mounted. The form keeps what was typed on error."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from home.models import ArticlePage
from ledgers.bulletins.models import Bulletin
from tests.ledgers.bulletins.conftest import generate
from tests.utils import assert_login_required, assert_not_stored, assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(people, period):
    return generate(people, params={"period": period})


def get_urls(bulletin):
    return {
        "index": reverse("bulletins:index"),
        "results": reverse("bulletins:index_results"),
        "add": reverse("bulletins:add"),
        "detail": reverse("bulletins:detail", args=[bulletin.pk]),
        "download": reverse("bulletins:download", args=[bulletin.pk]),
        "history": reverse("bulletins:history", args=[bulletin.pk]),
    }


def post_urls(bulletin):
    return {
        "add": reverse("bulletins:add"),
        "publish": reverse("bulletins:publish", args=[bulletin.pk]),
    }


def form_data(period, **extra):
    data = {
        "kind": "ledgers",
        "period": period.pk,
        "title": "",
        "addressees": "各镇街区、市直各部门",
        "body": "",
        "issuer": "市作风办",
        "generate": "1",
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(client, bulletin):
    for url in get_urls(bulletin).values():
        assert_login_required(client.get(url))
    for url in post_urls(bulletin).values():
        assert_login_required(client.post(url))


@pytest.mark.parametrize("who", ["clerk_town", "clerk_dept", "inspector"])
def test_everyone_but_the_office_is_refused(client, people, period, bulletin, who):
    client.force_login(people[who])
    for name, url in get_urls(bulletin).items():
        assert_refused(client.get(url)), name
    assert_refused(client.post(reverse("bulletins:add"), form_data(period)))
    assert_refused(client.post(reverse("bulletins:publish", args=[bulletin.pk])))
    assert Bulletin.objects.count() == 1
    assert not ArticlePage.objects.exists()
    assert not ModelLogEntry.objects.filter(action="bulletins.download").exists()
    # a missing bulletin gets the same answer as an existing one
    assert_refused(client.get(reverse("bulletins:detail", args=[bulletin.pk + 100])))


def test_office_reads_every_screen(client, people, bulletin):
    client.force_login(people["office"])
    for name, url in get_urls(bulletin).items():
        response = client.get(url)
        assert response.status_code == 200, name
    assert client.get(reverse("bulletins:detail", args=[bulletin.pk + 100])).status_code == 404


def test_index_lists_the_archive_with_its_number_and_a_link(client, people, bulletin):
    client.force_login(people["office"])
    html = client.get(reverse("bulletins:index")).content.decode()
    assert bulletin.number in html
    assert reverse("bulletins:detail", args=[bulletin.pk]) in html
    html = client.get(reverse("bulletins:index"), {"kind": "rectification"}).content.decode()
    assert bulletin.number not in html


def test_detail_shows_the_snapshot_table_and_history(client, people, bulletin):
    client.force_login(people["office"])
    html = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert bulletin.number in html
    for column in bulletin.snapshot["columns"]:
        assert f'<th scope="col">{column}</th>' in html
    assert "方圆街道" in html and "生成通报" in html


def test_download_is_the_docx_logged_and_not_cached(client, people, bulletin):
    client.force_login(people["office"])
    response = client.get(reverse("bulletins:download", args=[bulletin.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert ".docx" in response["Content-Disposition"]
    assert_not_stored(response)
    assert ModelLogEntry.objects.filter(action="bulletins.download").count() == 1


def test_generic_edit_delete_copy_usage_inspect_are_not_mounted(bulletin):
    for name in ("edit", "delete", "copy", "usage", "inspect"):
        with pytest.raises(NoReverseMatch):
            reverse(f"bulletins:{name}", args=[bulletin.pk])


def test_office_generates_a_bulletin(client, people, period):
    client.force_login(people["office"])
    response = client.post(reverse("bulletins:add"), form_data(period, body="第一段。\n第二段。"))
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:detail", args=[bulletin.pk])
    assert bulletin.number == "作风通〔2026〕1号"
    assert bulletin.body == "第一段。\n第二段。"
    assert bulletin.generated_by == people["office"]
    assert bulletin.parameters == {"period": {"id": period.pk, "label": "2026年下半年"}}
    assert ModelLogEntry.objects.filter(action="bulletins.generate").count() == 1


def test_preview_fills_the_default_body_and_issues_no_number(client, people, period):
    client.force_login(people["office"])
    response = client.post(
        reverse("bulletins:add"), form_data(period, generate="", preview="1", issuer="市作风办")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年下半年各单位台账报送情况通报如下" in html
    assert "数据预览" in html
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize(
    ("kind", "field", "message"),
    [
        ("ledgers", "period", "请选择报送期次"),
        ("rectification", "as_of", "请填写统计截止日期"),
        ("spotcheck", "round", "请选择抽查轮次"),
        ("inspections", "date_from", "请填写开始日期"),
    ],
)
def test_missing_parameter_is_explained_and_the_typing_kept(
    client, people, period, kind, field, message
):
    client.force_login(people["office"])
    data = form_data(period, kind=kind, title="我输入的标题", body="我输入的正文")
    data.pop("period")
    response = client.post(reverse("bulletins:add"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="我输入的标题"' in html and "我输入的正文" in html
    assert not Bulletin.objects.exists()


def test_date_range_must_not_be_reversed(client, people, period):
    client.force_login(people["office"])
    data = form_data(period, kind="inspections", date_from="2026-12-01", date_to="2026-11-01")
    response = client.post(reverse("bulletins:add"), data)
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_menu_item_only_for_the_office(client, people):
    client.force_login(people["office"])
    assert reverse("bulletins:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(people["clerk_town"])
    assert (
        reverse("bulletins:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_index_queries_do_not_grow_with_bulletins(client, people, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["office"])
    generate(people, params={"period": period})
    client.get(reverse("bulletins:index"))  # warm the per-session caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("bulletins:index"))
    for _ in range(4):
        generate(people, params={"period": period})
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("bulletins:index")).status_code == 200
    assert len(five) == len(one)
