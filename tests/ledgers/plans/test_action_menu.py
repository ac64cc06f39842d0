"""The reviewer's action menu: 取消发布 does not sit directly above 批准."""

import pytest
from bs4 import BeautifulSoup

from ledgers.plans.action_menu import unpublish_last
from ledgers.plans.models import Plan
from tests.ledgers.plans.conftest import docx_file, login, plan_form, url

pytestmark = pytest.mark.django_db


def test_unpublish_moves_after_the_review_actions(client, world):
    # A filed (live) plan, resubmitted by its unit: the office sees both 批准 and 取消发布.
    login(client, world["clerk_town"])
    client.post(
        url("add"), plan_form(world["contact"], document=docx_file(), **{"action-submit": "1"})
    )
    plan = Plan.objects.get(unit=world["town"])
    client.logout()
    login(client, world["office"])
    task_state = plan.current_workflow_task_state
    client.post(url("workflow_action", plan.pk, "approve", task_state.pk), {})
    client.logout()
    login(client, world["clerk_town"])
    assert (
        client.post(
            url("edit", plan.pk),
            plan_form(world["contact"], title="修订稿", **{"action-submit": "1"}),
        ).status_code
        == 302
    )
    client.logout()
    login(client, world["office"])
    soup = BeautifulSoup(client.get(url("edit", plan.pk)).content, "html.parser")
    footer = soup.select_one("footer") or soup
    items = [
        "approve"
        if el.get("data-workflow-action-name") == "approve"
        else "unpublish"
        if "unpublish" in (el.get("href") or "")
        else "other"
        for el in footer.select("button[data-workflow-action-name], a[href]")
        if el.get("data-workflow-action-name") or "unpublish" in (el.get("href") or "")
    ]
    assert "approve" in items and "unpublish" in items
    assert items.index("unpublish") > items.index("approve")
    assert items[-1] == "unpublish"


def test_unpublish_last_keeps_the_default_item():
    from wagtail.snippets.action_menu import SaveMenuItem, UnpublishMenuItem, WorkflowMenuItem

    save, unpublish = SaveMenuItem(order=0), UnpublishMenuItem(order=20)
    approve = WorkflowMenuItem("approve", "批准", False)
    items = [save, unpublish, approve]
    assert unpublish_last(items) == [save, approve, unpublish]
