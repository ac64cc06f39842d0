"""The whole review path through Wagtail's own snippet and workflow views, as a clerk and as the
office: submit → return with comment → resubmit → approve → numbered."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import TaskState, Workflow, WorkflowState

from ledgers.plans.models import Plan, PlanStatus
from ledgers.roles import CLERK_GROUP, OFFICE_GROUP
from tests.ledgers.plans.conftest import docx_file, login, pdf_file, plan_form, url

pytestmark = pytest.mark.django_db


def test_workflow_and_permissions_seeded():
    workflow = Workflow.objects.get(name="实施方案审核备案")
    assert workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [OFFICE_GROUP]
    assert Plan.get_default_workflow() == workflow
    office = set(
        Group.objects.get(name=OFFICE_GROUP).permissions.values_list("codename", flat=True)
    )
    clerk = set(Group.objects.get(name=CLERK_GROUP).permissions.values_list("codename", flat=True))
    assert {"publish_plan", "change_plan", "view_filing_board"} <= office
    assert {"add_plan", "change_plan", "view_plan"} <= clerk
    assert not clerk & {"publish_plan", "delete_plan", "unlock_plan", "view_filing_board"}


def submit_new(client, world, document=None):
    response = client.post(
        url("add"),
        plan_form(world["contact"], document=document or docx_file(), **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return Plan.objects.get(unit=world["town"], plan_type=world["contact"], year=2026)


def test_submit_return_resubmit_approve(client, world):
    clerk, office = world["clerk_town"], world["office"]
    login(client, clerk)
    assert client.get(url("add")).status_code == 200
    plan = submit_new(client, world)
    assert plan.unit == world["town"]  # forced from the clerk's membership
    assert plan.status == PlanStatus.PENDING
    assert plan.first_submitted_at is not None
    assert not plan.live and plan.filing_number is None
    first_document = plan.document.name

    # The clerk cannot approve their own plan.
    task_state = plan.current_workflow_task_state
    response = client.post(url("workflow_action", plan.pk, "approve", task_state.pk), {})
    plan.refresh_from_db()
    assert not plan.live and plan.filing_number is None
    client.logout()

    # The office returns it with a comment.
    login(client, office)
    response = client.post(
        url("workflow_action", plan.pk, "reject", task_state.pk),
        {"comment": "请补充联系服务对象名单和联系频次。"},
    )
    assert response.status_code == 302, response.content[:300]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    assert plan.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    client.logout()

    # The clerk sees the comment, revises with a new file and resubmits.
    login(client, clerk)
    edit_page = client.get(url("edit", plan.pk)).content.decode()
    assert "请补充联系服务对象名单和联系频次。" in edit_page
    response = client.post(
        url("edit", plan.pk),
        plan_form(
            world["contact"],
            title="方圆街道干部联系服务对象实施意见(修改稿)",
            document=pdf_file("修改稿.pdf"),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PENDING
    assert plan.title == "方圆街道干部联系服务对象实施意见(修改稿)"
    second_document = plan.document.name
    assert second_document != first_document
    client.logout()

    # The office approves: the snippet is published and numbered.
    login(client, office)
    task_state = plan.current_workflow_task_state
    response = client.post(url("workflow_action", plan.pk, "approve", task_state.pk), {})
    assert response.status_code == 302, response.content[:300]
    plan.refresh_from_db()
    assert plan.live
    assert plan.status == PlanStatus.FILED
    assert plan.filing_number == f"作风备〔{plan.filed_at.year}〕1号"
    assert plan.filing_seq == 1

    # Every version, file and comment is kept.
    documents = [r.as_object().document.name for r in plan.revisions.order_by("pk")]
    assert first_document in documents and second_document in documents
    storage = plan.document.storage
    assert storage.exists(first_document) and storage.exists(second_document)
    comments = list(
        TaskState.objects.for_instance(plan).exclude(comment="").values_list("comment", flat=True)
    )
    assert comments == ["请补充联系服务对象名单和联系频次。"]
    history = client.get(url("history", plan.pk)).content.decode()
    assert "请补充联系服务对象名单和联系频次。" in history
    inspect = client.get(url("inspect", plan.pk)).content.decode()
    assert plan.filing_number in inspect
    assert "修改稿.pdf" in inspect and "实施意见.docx" in inspect


def test_clerk_cannot_publish_directly(client, world):
    login(client, world["clerk_town"])
    response = client.post(
        url("add"), plan_form(world["contact"], document=docx_file(), **{"action-publish": "1"})
    )
    assert response.status_code in (302, 200)
    plan = Plan.objects.get(unit=world["town"])
    assert not plan.live and plan.filing_number is None
    assert plan.status == PlanStatus.DRAFT


def test_office_direct_publish_also_numbers(client, world):
    login(client, world["office"])
    data = plan_form(world["contact"], document=docx_file(), **{"action-publish": "1"})
    data["unit"] = world["dept"].pk
    response = client.post(url("add"), data)
    assert response.status_code == 302
    plan = Plan.objects.get(unit=world["dept"])
    assert plan.live and plan.status == PlanStatus.FILED
    assert plan.filing_seq == 1


def test_refiled_plan_keeps_its_number(client, world):
    login(client, world["office"])
    data = plan_form(world["contact"], document=docx_file(), **{"action-publish": "1"})
    data["unit"] = world["dept"].pk
    client.post(url("add"), data)
    plan = Plan.objects.get(unit=world["dept"])
    number = plan.filing_number
    data = plan_form(world["contact"], title="修订", **{"action-publish": "1"})
    data["unit"] = world["dept"].pk
    assert client.post(url("edit", plan.pk), data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "修订" and plan.filing_number == number
    # Restoring an old revision does not wipe the number either.
    old = plan.revisions.order_by("pk").first()
    old.publish(user=world["office"])
    plan.refresh_from_db()
    assert plan.filing_number == number and plan.status == PlanStatus.FILED
