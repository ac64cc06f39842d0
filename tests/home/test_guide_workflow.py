"""A window unit's clerk edits that unit's guide and nothing else; the change goes live only after
the office approves it through Wagtail's workflow views."""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import ServiceGuidePage
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db

PASSWORD = "demo-2026"


def guide_form(guide, intro, **extra):
    items = []
    for item in guide.approval_items.all():
        items.append(
            {
                "id": item.pk,
                "name": item.name,
                "legal_basis": item.legal_basis,
                "conditions": item.conditions,
                "materials": streamfield([("material", dict(b.value)) for b in item.materials]),
                "procedure": item.procedure,
                "fee": item.fee,
                "statutory_days": item.statutory_days or "",
                "original_days": item.original_days,
                "current_days": item.current_days,
                "location": item.location,
                "office_hours": item.office_hours,
                "phone": item.phone,
                "supervision_phone": item.supervision_phone,
            }
        )
    return nested_form_data(
        {
            "title": guide.title,
            "slug": guide.slug,
            "unit": guide.unit_id,
            "intro": rich_text(intro),
            "address": guide.address,
            "office_hours": guide.office_hours,
            "phone": guide.phone,
            "supervision_phone": guide.supervision_phone,
            "approval_items": inline_formset(items, initial=len(items)),
            **extra,
        }
    )


@pytest.fixture
def guide(demo_site):
    return ServiceGuidePage.objects.get(unit__name="海阳市行政审批服务局")


def login(client, username):
    assert client.login(username=username, password=PASSWORD)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_window_clerk_submits_and_office_approves(client, guide):
    login(client, "spj")
    response = client.post(
        edit_url(guide),
        guide_form(guide, "<p>新的服务简介:延时服务。</p>", **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    guide.refresh_from_db()
    # Not live yet: the public page still shows the old text.
    assert "延时服务" not in str(guide.intro)
    assert "延时服务" not in client.get(guide.url).content.decode()
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(guide.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state

    # The clerk cannot approve their own change.
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[guide.pk, "approve", task_state.pk]
    )
    client.post(approve_url, {})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    client.logout()
    login(client, "office")
    response = client.post(approve_url, {"comment": "同意发布"})
    assert response.status_code in (200, 302)
    guide.refresh_from_db()
    assert "延时服务" in str(guide.intro)
    assert "延时服务" in client.get(guide.url).content.decode()


def test_window_clerk_cannot_publish_directly(client, guide):
    login(client, "spj")
    client.post(
        edit_url(guide), guide_form(guide, "<p>试图直接发布</p>", **{"action-publish": "1"})
    )
    guide.refresh_from_db()
    assert "试图直接发布" not in str(guide.intro)


def test_window_clerk_cannot_edit_other_pages(client, guide):
    login(client, "spj")
    police = ServiceGuidePage.objects.get(unit__name="海阳市公安局")
    assert_refused(client.get(edit_url(police)))
    column = Page.objects.get(slug="column")
    assert_refused(client.get(edit_url(column)))


def test_other_unit_clerk_cannot_edit_guide(client, guide):
    login(client, "fangyuan")
    assert_refused(client.get(edit_url(guide)))
    assert_refused(
        client.post(edit_url(guide), guide_form(guide, "<p>篡改</p>", **{"action-submit": "1"}))
    )


def test_own_clerk_can_open_editor_and_office_too(client, guide):
    login(client, "spj")
    assert client.get(edit_url(guide)).status_code == 200
    client.logout()
    login(client, "office")
    assert client.get(edit_url(guide)).status_code == 200


def test_anonymous_sent_to_login(client, guide):
    response = client.get(edit_url(guide))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_moving_clerk_to_other_unit_revokes_guide_rights(client, guide, demo_site):
    from ledgers.models import UnitMembership

    membership = UnitMembership.objects.get(user__username="spj")
    membership.unit = demo_site["units"]["方圆街道"]
    membership.save()
    login(client, "spj")
    assert_refused(client.get(edit_url(guide)))


def test_time_cut_report_office_only(client, guide):
    login(client, "office")
    response = client.get(reverse("time_cut_report") + "?shortfall=true")
    html = response.content.decode()
    assert "户口迁移（市内）" in html
    assert "企业设立登记" not in html
    export = client.get(reverse("time_cut_report") + "?export=csv")
    body = (
        b"".join(export.streaming_content).decode("utf-8-sig")
        if export.streaming
        else export.content.decode("utf-8-sig")
    )
    assert "户口迁移（市内）,,10,9,10.0,未达到" in body
    client.logout()
    login(client, "spj")
    assert_refused(client.get(reverse("time_cut_report")))
