"""Filing board speed: board_rows (3 queries) against a naive per-unit lookup, same data, same run.

DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python benchmarks/plans_board.py [units]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def naive_rows(plan_type, year, today):
    from ledgers.plans.models import Plan
    from ledgers.plans.rules import is_late, to_local_date

    deadline = plan_type.deadline_for(year)
    rows = []
    for unit in plan_type.obligated_units():
        plan = Plan.objects.filter(unit=unit, plan_type=plan_type, year=year).first()
        submitted = to_local_date(plan.first_submitted_at) if plan else None
        rows.append((unit, plan, is_late(deadline, submitted, today)))
    return rows


def timed(func, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(n_units):
    import datetime

    from django.utils import timezone

    from ledgers.models import Unit
    from ledgers.plans.board import board_rows
    from ledgers.plans.models import Plan, PlanType

    units = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{i}", kind="department", sort_order=i) for i in range(n_units)]
    )
    plan_type = PlanType.objects.get(name="改进作风具体方案")
    now = timezone.now()
    Plan.objects.bulk_create(
        [
            Plan(
                unit=u,
                plan_type=plan_type,
                year=2026,
                title=f"方案{i}",
                document="plans/x.docx",
                contact_person="张",
                contact_phone="1",
                status="pending",
                first_submitted_at=now,
                live=False,
            )
            for i, u in enumerate(units)
            if i % 3
        ]
    )
    today = datetime.date(2026, 5, 10)
    with CaptureQueriesContext(connection) as fast_q:
        board_rows(plan_type, 2026, today)
    with CaptureQueriesContext(connection) as slow_q:
        naive_rows(plan_type, 2026, today)
    fast = timed(lambda: board_rows(plan_type, 2026, today))
    slow = timed(lambda: naive_rows(plan_type, 2026, today))
    print(f"units={n_units} db={connection.vendor}")
    print(f"board_rows : {fast * 1000:8.1f} ms  {len(fast_q)} queries")
    print(f"per-unit   : {slow * 1000:8.1f} ms  {len(slow_q)} queries (baseline)")
    print(f"ratio      : {slow / fast:8.1f}x faster")


if __name__ == "__main__":
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    finally:
        runner.teardown_databases(old)
