"""Filing numbers: 作风备〔YYYY〕N号, in order per year, no gaps or duplicates — also when
approvals land at once (real threads on PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Workflow

from ledgers.plans.models import (
    FilingCounter,
    Plan,
    PlanType,
    format_filing_number,
    issue_filing_number,
)
from tests.factories import UnitFactory, clerk_user, office_user
from tests.ledgers.plans.conftest import docx_file


def make_submitted_plan(unit, plan_type, year=2026):
    clerk = clerk_user(unit)
    plan = Plan(
        unit=unit,
        plan_type=plan_type,
        year=year,
        title=f"{unit.name}方案",
        contact_person="李四",
        contact_phone="13800000000",
        live=False,
    )
    plan.document.save("方案.docx", docx_file(), save=False)
    plan.save()
    plan.save_revision(user=clerk)
    Workflow.objects.get(name="实施方案审核备案").start(plan, clerk)
    plan.refresh_from_db()
    return plan


def approve(plan, user):
    task_state = plan.current_workflow_task_state.specific
    task_state.task.specific.on_action(task_state, user, "approve")


def test_format():
    assert format_filing_number(2026, 12) == "作风备〔2026〕12号"


@pytest.mark.django_db
def test_numbers_follow_approval_order_and_restart_each_year():
    office = office_user()
    plan_type = PlanType.objects.get(name="改进作风具体方案")
    plans = [make_submitted_plan(UnitFactory(), plan_type) for _ in range(3)]
    for plan in reversed(plans):
        approve(plan, office)
    numbers = [Plan.objects.get(pk=p.pk).filing_seq for p in plans]
    assert numbers == [3, 2, 1]
    year = timezone.localdate().year
    assert FilingCounter.objects.get(year=year).last_number == 3
    # Another calendar year starts again at 1.
    extra = make_submitted_plan(UnitFactory(), plan_type)
    later = timezone.make_aware(datetime.datetime(year + 1, 1, 2, 9, 0))
    assert issue_filing_number(extra.pk, later).filing_number == format_filing_number(year + 1, 1)


@pytest.mark.django_db
def test_rolled_back_approval_leaves_no_gap():
    plan_type = PlanType.objects.get(name="改进作风具体方案")
    first = make_submitted_plan(UnitFactory(), plan_type)
    second = make_submitted_plan(UnitFactory(), plan_type)
    now = timezone.now()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        issue_filing_number(first.pk, now)
        raise Boom
    assert Plan.objects.get(pk=first.pk).filing_number is None
    assert issue_filing_number(second.pk, now).filing_seq == 1
    assert issue_filing_number(first.pk, now).filing_seq == 2
    # Issuing again is idempotent.
    assert issue_filing_number(first.pk, now).filing_seq == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_are_gapless(seeded):
    office = office_user()
    plan_type = PlanType.objects.get(name="改进作风具体方案")
    plans = [make_submitted_plan(UnitFactory(), plan_type) for _ in range(12)]
    barrier = threading.Barrier(len(plans))
    errors = []

    def worker(plan_pk):
        from django.db import connections

        try:
            plan = Plan.objects.get(pk=plan_pk)
            barrier.wait(timeout=30)
            approve(plan, office)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(p.pk,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Plan.objects.values_list("filing_seq", flat=True))
    assert seqs == list(range(1, len(plans) + 1))
    assert Plan.objects.filter(live=True, status="filed").count() == len(plans)
    year = timezone.localdate().year
    assert FilingCounter.objects.get(year=year).last_number == len(plans)
