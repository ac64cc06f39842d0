"""Another unit's plan is refused on every view; tested in fours (anonymous → login, other unit →
refused, own unit → allowed, office → allowed), as non-superusers."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from ledgers.plans.models import Plan
from tests.factories import clerk_user
from tests.ledgers.plans.conftest import docx_file, login, plan_form, url
from tests.utils import assert_login_required, assert_not_stored, assert_refused

pytestmark = pytest.mark.django_db

ADMIN_VIEWS = ["edit", "inspect", "history", "revisions_index"]


@pytest.fixture
def plan(client, world):
    """A submitted plan of the town, with one attachment, created through the admin."""
    login(client, world["clerk_town"])
    data = plan_form(world["contact"], document=docx_file(), **{"action-submit": "1"})
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "联系名单",
            "attachments-0-file": docx_file("名单.docx", "名单"),
            "attachments-0-ORDER": "1",
            "attachments-0-id": "",
            "attachments-0-DELETE": "",
        }
    )
    response = client.post(url("add"), data)
    assert response.status_code == 302
    client.logout()
    plan = Plan.objects.get(unit=world["town"])
    assert plan.attachments.count() == 1
    return plan


def admin_url(view, plan):
    if view == "revisions_index":
        return url("revisions_revert", plan.pk, plan.latest_revision_id)
    return url(view, plan.pk)


def download_urls(plan):
    revision = plan.latest_revision
    return [
        reverse("plans:download", args=[plan.pk]),
        reverse("plans:download_attachment", args=[plan.pk, plan.attachments.get().pk]),
        reverse("plans:download_revision", args=[plan.pk, revision.pk]),
        reverse("plans:download_revision_attachment", args=[plan.pk, revision.pk, 0]),
    ]


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_anonymous_admin_views_need_login(client, plan, view):
    assert_login_required(client.get(admin_url(view, plan)))


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_other_unit_refused(client, world, plan, view):
    login(client, world["clerk_window"])
    assert_refused(client.get(admin_url(view, plan)))


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_own_unit_allowed(client, world, plan, view):
    login(client, world["clerk_town"])
    assert client.get(admin_url(view, plan)).status_code == 200


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_office_allowed(client, world, plan, view):
    login(client, world["office"])
    assert client.get(admin_url(view, plan)).status_code == 200


def test_other_unit_cannot_post_edit_or_act_on_workflow(client, world, plan):
    login(client, world["clerk_window"])
    assert_refused(
        client.post(
            url("edit", plan.pk),
            plan_form(world["contact"], title="篡改", **{"action-submit": "1"}),
        )
    )
    task_state = plan.current_workflow_task_state
    assert_refused(
        client.post(url("workflow_action", plan.pk, "reject", task_state.pk), {"comment": "x"})
    )
    plan.refresh_from_db()
    assert plan.title != "篡改" and plan.status == "pending"


def test_index_and_export_scoped(client, world, plan):
    login(client, world["clerk_window"])
    listing = client.get(url("list")).content.decode()
    assert plan.title not in listing
    export = client.get(url("list") + "?export=csv")
    assert plan.title not in b"".join(export.streaming_content).decode("utf-8-sig")
    client.logout()
    login(client, world["clerk_town"])
    assert plan.title in client.get(url("list")).content.decode()


def test_downloads_in_fours(client, world, plan):
    for download in download_urls(plan):
        client.logout()
        response = client.get(download)
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
        login(client, world["clerk_window"])
        assert_refused(client.get(download))
        client.logout()
        for user in (world["clerk_town"], world["office"]):
            login(client, user)
            response = client.get(download)
            assert response.status_code == 200, download
            assert response["Content-Disposition"].startswith("attachment")
            assert_not_stored(response)
            assert b"".join(response.streaming_content).startswith(b"PK")
            client.logout()
    logs = ModelLogEntry.objects.filter(action="plans.download", object_id=str(plan.pk))
    assert logs.count() == 8
    assert set(logs.values_list("user_id", flat=True)) == {
        world["clerk_town"].pk,
        world["office"].pk,
    }


def test_user_without_unit_or_permission_refused(client, world, plan):
    from tests.factories import make_user

    inspector = make_user("inspector")
    login(client, inspector)
    assert_refused(client.get(reverse("plans:download", args=[plan.pk])))


def test_private_files_not_under_media(plan, settings):
    path = plan.document.path
    assert str(settings.PRIVATE_STORAGE_ROOT) in path
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_clerk_cannot_file_for_another_unit(client, world):
    login(client, world["clerk_town"])
    data = plan_form(world["contact"], document=docx_file(), **{"action-submit": "1"})
    data["unit"] = world["dept"].pk  # ignored: the field is office-only
    assert client.post(url("add"), data).status_code == 302
    assert Plan.objects.get().unit == world["town"]


def test_clerk_only_offered_types_of_own_unit(client, world):
    login(client, world["clerk_town"])
    form = client.get(url("add")).context["form"]
    names = set(form.fields["plan_type"].queryset.values_list("name", flat=True))
    assert names == {"干部联系服务对象实施意见", "改进作风具体方案"}
    response = client.post(url("add"), plan_form(world["window_type"], document=docx_file()))
    assert response.status_code == 200
    assert not Plan.objects.exists()


def test_clerk_without_unit_gets_a_message(client, world):
    from tests.factories import make_user

    orphan = make_user("clerk")
    login(client, orphan)
    response = client.post(url("add"), plan_form(world["style"], document=docx_file()))
    assert response.status_code == 200
    assert "未关联单位" in response.content.decode()


def test_second_plan_of_same_type_refused_in_chinese(client, world, plan):
    login(client, world["clerk_town"])
    response = client.post(url("add"), plan_form(world["contact"], document=docx_file()))
    assert response.status_code == 200
    assert "已经存在" in response.content.decode()
    assert Plan.objects.count() == 1


def test_second_clerk_of_same_unit_sees_plan(client, world, plan):
    colleague = clerk_user(world["town"])
    login(client, colleague)
    assert client.get(url("edit", plan.pk)).status_code == 200


def test_export_uses_labels_and_escapes_formulas(client, world):
    login(client, world["clerk_town"])
    client.post(
        url("add"), plan_form(world["contact"], title="=cmd|' /C calc'!A0", document=docx_file())
    )
    body = b"".join(client.get(url("list") + "?export=csv").streaming_content).decode("utf-8-sig")
    assert "'=cmd" in body
    assert "草稿" in body and "审核状态" in body


def test_cancelled_review_goes_back_to_draft(client, world, plan):
    # The clerk's plan is locked while under review; the office may cancel the review.
    login(client, world["office"])
    data = plan_form(world["contact"], **{"action-cancel-workflow": "1"})
    data["unit"] = world["town"].pk
    response = client.post(url("edit", plan.pk), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.first_submitted_at is not None


def test_clerk_cannot_edit_while_under_review(client, world, plan):
    login(client, world["clerk_town"])
    client.post(url("edit", plan.pk), plan_form(world["contact"], title="审核中偷偷改"))
    plan.refresh_from_db()
    assert plan.title != "审核中偷偷改"
    assert plan.latest_revision.as_object().title != "审核中偷偷改"


def test_inspect_lists_every_version_with_links(client, world, plan):
    login(client, world["office"])
    body = client.get(url("inspect", plan.pk)).content.decode()
    revision = plan.latest_revision
    assert reverse("plans:download_revision", args=[plan.pk, revision.pk]) in body
    assert reverse("plans:download_revision_attachment", args=[plan.pk, revision.pk, 0]) in body
    assert "名单.docx" in body


def test_plan_types_admin_office_only(client, world):
    index = reverse("plan_types:index")
    assert_login_required(client.get(index))
    login(client, world["clerk_town"])
    assert_refused(client.get(index))
    assert_refused(client.get(reverse("plan_types:edit", args=[world["style"].pk])))
    client.logout()
    login(client, world["office"])
    assert client.get(index).status_code == 200
    response = client.post(
        reverse("plan_types:edit", args=[world["style"].pk]),
        {
            "name": world["style"].name,
            "description": "",
            "applies_to": "windows",
            "deadline_month": 5,
            "deadline_day": 15,
            "is_active": "on",
            "sort_order": 2,
        },
    )
    assert response.status_code == 302
    world["style"].refresh_from_db()
    assert world["style"].deadline_label == "5月15日"
    assert list(world["style"].obligated_units()) == [world["window"]]
