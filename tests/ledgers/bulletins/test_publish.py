"""The redacted version for the work-style column: a draft ArticlePage (never live, one
revision, the column's review applies) without any reporter's name or phone, logged; once only."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.models import ArticlePage, ColumnIndexPage, HomePage
from ledgers.bulletins import services
from ledgers.bulletins.services import BulletinRefused
from tests.ledgers.bulletins.conftest import AT, ON, REPORTER, REPORTER_PHONE, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def column(db):
    from wagtail.models import Page

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-bulletins"))
    return home.add_child(instance=ColumnIndexPage(title="作风建设专栏", slug="column"))


@pytest.fixture
def bulletin(people, cases):
    body = (
        f"经查,{REPORTER}(电话{REPORTER_PHONE})反映的问题逾期未办。\n"
        "联系人:李四,电话0535-3221001,住海滨花园5号楼2单元301室。"
    )
    return generate(people, kind="rectification", params={"as_of": ON}, body=body)


def test_draft_is_not_live_and_holds_no_name_or_phone(people, column, bulletin):
    article = services.publish_redacted(bulletin, user=people["office"], at=AT)
    article = ArticlePage.objects.get(pk=article.pk)
    assert not article.live and article.has_unpublished_changes
    assert article.get_parent().pk == column.pk
    assert article.revisions.count() == 1
    assert article.task == "rectification"
    html = article.title + article.intro + article.body
    revision_html = str(article.latest_revision.content)
    for secret in (REPORTER, REPORTER_PHONE, "3221001", "李四", "301室"):
        assert secret not in html, secret
        assert secret not in revision_html, secret
    assert "凤城路积水" in article.body  # the table's rows are there
    assert "王某" in article.body
    assert "责任单位：住建局" in article.body
    assert "作风交〔2026〕7号" in article.body  # document numbers are not house numbers
    bulletin.refresh_from_db()
    assert bulletin.article_id == article.pk
    entry = ModelLogEntry.objects.get(action="bulletins.publish")
    assert entry.user == people["office"] and entry.data["page"] == article.pk
    assert not ArticlePage.objects.live().exists()


def test_only_once(people, column, bulletin):
    services.publish_redacted(bulletin, user=people["office"], at=AT)
    with pytest.raises(BulletinRefused):
        services.publish_redacted(bulletin, user=people["office"], at=AT)
    assert ArticlePage.objects.count() == 1


def test_without_a_column_page_nothing_is_made(people, bulletin):
    with pytest.raises(BulletinRefused, match="专栏"):
        services.publish_redacted(bulletin, user=people["office"], at=AT)
    bulletin.refresh_from_db()
    assert bulletin.article_id is None


def test_publish_view_makes_the_draft_and_opens_its_editor(client, people, column, bulletin):
    client.force_login(people["office"])
    response = client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live
    # the second time: a message, back to the bulletin
    response = client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    assert response["Location"] == reverse("bulletins:detail", args=[bulletin.pk])
    assert ArticlePage.objects.count() == 1
    html = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in html
    assert "生成专栏脱敏稿" in html  # the history entry; the button itself is gone
    assert f'action="{reverse("bulletins:publish", args=[bulletin.pk])}"' not in html
