"""Seed the policy's three plan types, give the groups exactly the permissions the review needs,
and create the workflow 「实施方案审核备案」 (one group-approval task for 作风办) for plans.

Approval publishes the snippet, so the office needs ``publish_plan``; clerks get add/change/view
only, which lets them save drafts and submit to the workflow but never approve or publish.
"""

from django.db import migrations

from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

WORKFLOW_NAME = "实施方案审核备案"
TASK_NAME = "作风办审核备案"

PLAN_TYPES = [
    (
        "干部联系服务对象实施意见",
        "towns_departments",
        "各镇街区、市直各部门结合实际制定干部联系服务对象实施意见,4月30日前报作风办审核备案。",
    ),
    (
        "优化窗口服务工作方案",
        "windows",
        "各窗口单位围绕“环节最少、程序最优、时限最短”制定优化窗口服务工作方案,4月30日前报作风办审核备案。",
    ),
    (
        "改进作风具体方案",
        "all",
        "各单位结合自身实际制定改进作风具体方案,4月30日前报作风办审核备案。",
    ),
]

OFFICE_PERMS = [
    "plans.add_plan",
    "plans.change_plan",
    "plans.delete_plan",
    "plans.view_plan",
    "plans.publish_plan",
    "plans.lock_plan",
    "plans.unlock_plan",
    "plans.view_filing_board",
    "plans.add_plantype",
    "plans.change_plantype",
    "plans.delete_plantype",
    "plans.view_plantype",
    "plans.view_reminderlog",
]
CLERK_PERMS = ["plans.add_plan", "plans.change_plan", "plans.view_plan"]

# Created by Wagtail's post_migrate handler for snippets with DraftStateMixin/LockableMixin;
# created here first so this migration can grant them.
WAGTAIL_PERMS = [("publish", "Can publish 实施方案"), ("lock", "Can lock 实施方案"), ("unlock", "Can unlock 实施方案")]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    PlanType = apps.get_model("plans", "PlanType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    for order, (name, applies_to, description) in enumerate(PLAN_TYPES):
        PlanType.objects.get_or_create(
            name=name,
            defaults={
                "applies_to": applies_to,
                "description": description,
                "deadline_month": 4,
                "deadline_day": 30,
                "sort_order": order,
            },
        )

    plan_ct, _ = ContentType.objects.get_or_create(app_label="plans", model="plan")
    for action, label in WAGTAIL_PERMS:
        Permission.objects.get_or_create(
            content_type=plan_ct, codename=f"{action}_plan", defaults={"name": label}
        )
    grant_permissions(apps, OFFICE_GROUP, OFFICE_PERMS)
    grant_permissions(apps, CLERK_GROUP, CLERK_PERMS)

    office = Group.objects.get(name=OFFICE_GROUP)
    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_ct, active=True)
    task.groups.add(office)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=plan_ct, defaults={"workflow": workflow}
    )


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    apps.get_model("wagtailcore", "WorkflowContentType").objects.filter(
        content_type__app_label="plans", content_type__model="plan"
    ).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    del ContentType


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
