"""Window units edit their own service guide; the office approves before it goes live.

Each window unit with a guide page gets a group "指南编辑:<unit>" holding add/change (not
publish) permission on that page only; the unit's clerks are kept in that group. The guide index
page carries the workflow "窗口服务指南审核" (a group approval task for 作风办), so every edit
below it is submitted for review and published only when the office approves.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ledgers.roles import OFFICE_GROUP

GUIDE_WORKFLOW_NAME = "窗口服务指南审核"
GUIDE_TASK_NAME = "作风办审核"
GUIDE_PERMISSIONS = ("add_page", "change_page")


def guide_group_name(unit):
    return f"指南编辑:{unit.name}"[:150]


def ensure_guide_workflow(index_page):
    """Attach the office's review workflow to the guide index page (idempotent)."""
    office, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    workflow, _ = Workflow.objects.get_or_create(
        name=GUIDE_WORKFLOW_NAME, defaults={"active": True}
    )
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=GUIDE_TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=GUIDE_TASK_NAME)
            task.groups.set([office])
        # workflow_tasks is a deferring (modelcluster) manager: create the row directly.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def sync_guide_editors(guide):
    """Give the guide's unit clerks edit (not publish) rights on this guide page only."""
    from ledgers.models import UnitMembership

    group, _ = Group.objects.get_or_create(name=guide_group_name(guide.unit))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in GUIDE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=guide.page_ptr,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    members = UnitMembership.objects.filter(unit=guide.unit).values_list("user_id", flat=True)
    group.user_set.set(list(members))
    return group
