"""Keep a plan's review state, submission dates and filing number in step with Wagtail's workflow.

* ``task_submitted`` (first submission and every resubmission after 退回修改) → 待审核, dates;
* ``workflow_rejected`` → 退回修改 (the comment stays on Wagtail's task state);
* ``workflow_cancelled`` → back to 草稿 (or 已备案 if an earlier version was filed);
* ``published`` (approval publishes the snippet; so does the office's direct "publish") →
  filing number issued in the same transaction, then 已备案.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.signals import published, task_submitted, workflow_cancelled, workflow_rejected

from ledgers.plans.models import Plan, PlanStatus, issue_filing_number


def current_status(plan):
    """The review state of ``plan`` derived from Wagtail's workflow states and the filing."""
    state = (
        WorkflowState.objects.active()
        .filter(base_content_type=plan.get_base_content_type(), object_id=str(plan.pk))
        .values_list("status", flat=True)
        .first()
    )
    if state == WorkflowState.STATUS_IN_PROGRESS:
        return PlanStatus.PENDING
    if state == WorkflowState.STATUS_NEEDS_CHANGES:
        return PlanStatus.RETURNED
    filed = Plan.objects.filter(pk=plan.pk, filing_number__isnull=False).exists()
    return PlanStatus.FILED if filed else PlanStatus.DRAFT


def refresh_status(plan):
    status = current_status(plan)
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.status = status
    return status


def _plan_of(workflow_state):
    obj = workflow_state.content_object
    return obj if isinstance(obj, Plan) else None


def on_task_submitted(sender, instance, user=None, **kwargs):
    plan = _plan_of(instance.workflow_state)
    if plan is None:
        return
    now = timezone.now()
    Plan.objects.filter(pk=plan.pk, first_submitted_at__isnull=True).update(first_submitted_at=now)
    Plan.objects.filter(pk=plan.pk).update(last_submitted_at=now)
    refresh_status(plan)


def on_workflow_changed(sender, instance, user=None, **kwargs):
    plan = _plan_of(instance)
    if plan is not None:
        refresh_status(plan)


def on_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, Plan):
        return
    with transaction.atomic():
        filed = issue_filing_number(instance.pk, timezone.now())
        for name in ("filing_year", "filing_seq", "filing_number", "filed_at"):
            setattr(instance, name, getattr(filed, name))
        refresh_status(instance)


def connect():
    task_submitted.connect(on_task_submitted, dispatch_uid="plans_task_submitted")
    workflow_rejected.connect(on_workflow_changed, dispatch_uid="plans_workflow_rejected")
    workflow_cancelled.connect(on_workflow_changed, dispatch_uid="plans_workflow_cancelled")
    published.connect(on_published, sender=Plan, dispatch_uid="plans_published")
