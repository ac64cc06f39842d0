"""Benchmark: the office dashboard of the rectification ledger at 200 units × 50,000 cases.

Compares, in the same run and on the same data, the dashboard figures computed the way the
portal does it (:func:`ledgers.rectification.dashboard.office_figures`: 5 aggregate queries, median in
PostgreSQL) with the obvious baseline (a loop issuing count queries per unit and per category,
median in Python), and times the whole dashboard page (figures + three SVG charts + tables)
through Django's test client as an office user.

Usage (PostgreSQL; the database is created if missing and reused between runs):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_cases_bench \\
        .venv/bin/python benchmarks/rectification_dashboard.py [--units 200] [--cases 50000] [--repeat 5]
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
from pgbench_support import ensure_database, timed  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_cases_bench")


def populate(n_units, n_cases, seed=2026):
    from django.db import transaction

    from ledgers.models import ProblemCategory, Unit, UnitKind
    from ledgers.rectification.models import Case, CaseState, Outcome, SourceKind

    rng = random.Random(seed)
    units = list(Unit.objects.filter(name__startswith="基准单位"))
    if len(units) == n_units and Case.objects.count() == n_cases:
        return units
    with transaction.atomic():
        Case.objects.all().delete()
        Unit.objects.filter(name__startswith="基准单位").delete()
        units = Unit.objects.bulk_create(
            Unit(
                name=f"基准单位{i:03d}",
                kind=UnitKind.TOWN if i < 20 else UnitKind.DEPARTMENT,
                sort_order=i,
            )
            for i in range(n_units)
        )
        categories = list(ProblemCategory.objects.all())
        towns = [f"基准镇{i:02d}" for i in range(20)]
        states = [
            (CaseState.CLOSED, 50),
            (CaseState.IN_PROGRESS, 25),
            (CaseState.ASSIGNED, 5),
            (CaseState.SUBMITTED, 8),
            (CaseState.NEW, 7),
            (CaseState.RETURNED, 2),
            (CaseState.REOPENED, 1),
            (CaseState.MERGED, 2),
        ]
        population, weights = zip(*states, strict=True)
        start = datetime.date(2025, 1, 1)
        batch = []
        for i in range(n_cases):
            state = rng.choices(population, weights)[0]
            received = start + datetime.timedelta(days=rng.randrange(0, 690))
            assigned = state != CaseState.NEW
            deadline = received + datetime.timedelta(days=rng.randrange(5, 40))
            closed = received + datetime.timedelta(days=rng.randrange(3, 60))
            batch.append(
                Case(
                    title=f"基准问题{i}",
                    category=rng.choice(categories),
                    content="基准问题内容",
                    town=rng.choice(towns),
                    village=f"社区{rng.randrange(50)}",
                    compound=f"小区{rng.randrange(400)}",
                    source=rng.choice(SourceKind.values),
                    state=state,
                    received_on=received,
                    assigned_unit=rng.choice(units) if assigned else None,
                    assigned_on=received if assigned else None,
                    time_limit_days=10 if assigned else None,
                    deadline=deadline if assigned else None,
                    flagged=rng.random() < 0.05,
                    outcome=Outcome.SOLVED if state == CaseState.CLOSED else "",
                    result_submitted_on=closed if state == CaseState.CLOSED else None,
                    closed_on=closed if state == CaseState.CLOSED else None,
                    closed_on_time=(closed <= deadline) if state == CaseState.CLOSED else None,
                )
            )
            if len(batch) == 5000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE rectification_case")
    return units


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    settings.DEBUG = True  # count queries
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    units = populate(args.units, args.cases)
    print(
        f"data: {len(units)} units × {args.cases} cases ready in {time.perf_counter() - t0:.1f} s"
    )

    from django.test import Client

    from ledgers.models import ProblemCategory
    from ledgers.rectification.dashboard import naive_office_figures, office_figures
    from tests.factories import office_user

    today = datetime.date(2026, 11, 25)
    categories = list(ProblemCategory.objects.all())
    fast = office_figures(today)
    slow = naive_office_figures(today, units, categories)
    by_unit_fast = {r["label"]: (r["open"], r["overdue"], r["closed"]) for r in fast["by_unit"]}
    for row in slow["by_unit"]:
        assert by_unit_fast.get(row["label"], (0, 0, 0)) == (
            row["open"],
            row["overdue"],
            row["closed"],
        ), row["label"]
    assert fast["totals"]["median_days"] == slow["median_days"], (
        fast["totals"]["median_days"],
        slow["median_days"],
    )

    t_fast, q_fast = timed(lambda: office_figures(today), args.repeat)
    t_slow, q_slow = timed(lambda: naive_office_figures(today, units, categories), args.repeat)

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="bench-office").first()
    if user is None:
        user = office_user(username="bench-office")
    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/admin/rectification/dashboard/")
        assert response.status_code == 200, response.status_code

    t_page, q_page = timed(page, args.repeat)
    print(f"dashboard figures (aggregates):   {t_fast * 1000:8.1f} ms  {q_fast:4d} queries")
    print(f"baseline (per-unit count loop):   {t_slow * 1000:8.1f} ms  {q_slow:4d} queries")
    print(f"whole dashboard page (HTML+SVG):  {t_page * 1000:8.1f} ms  {q_page:4d} queries")
    print(f"ratio baseline / aggregates: {t_slow / t_fast:.1f}×")


if __name__ == "__main__":
    main()
