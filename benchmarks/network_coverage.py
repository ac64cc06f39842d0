"""Benchmark: the 一户不漏 coverage dashboard at 11 communities × 400 compounds × 60,000 households.

Compares, in the same run and on the same data, the figures computed the way the portal does it
(:func:`ledgers.network.coverage.compute`: a fixed handful of aggregate queries) with the obvious
baseline (a loop issuing count queries per compound and per unit), checks both give the same
numbers, and times the whole coverage page through Django's test client as an office user and as
one department.

Usage (PostgreSQL; the database is created if missing and reused between runs):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_network_bench \\
        .venv/bin/python benchmarks/network_coverage.py [--communities 11] [--compounds 400] \\
        [--households 60000] [--repeat 5]
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

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_network_bench")

YEAR, HALF = 2026, 2
N_UNITS = 40


def populate(n_communities, n_compounds, n_households, seed=2026):
    from django.db import connection, transaction

    from ledgers.models import Unit, UnitKind
    from ledgers.network.models import (
        Community,
        Compound,
        Household,
        MatchMethod,
        MatchState,
        Responsibility,
        VisitMatch,
    )
    from ledgers.sheets.models import LedgerRow, LedgerUpload, Period, UploadStatus

    if Household.objects.count() == n_households and Compound.objects.count() == n_compounds:
        return list(Unit.objects.filter(name__startswith="基准部门"))
    rng = random.Random(seed)
    with transaction.atomic():
        VisitMatch.objects.all().delete()
        LedgerRow.objects.filter(upload__unit__name__startswith="基准").delete()
        LedgerUpload.objects.filter(unit__name__startswith="基准").delete()
        Household.objects.all().delete()
        Responsibility.objects.all().delete()
        Compound.objects.all().delete()
        Community.objects.all().delete()
        Unit.objects.filter(name__startswith="基准").delete()
        town = Unit.objects.create(name="基准街道", kind=UnitKind.TOWN)
        units = Unit.objects.bulk_create(
            Unit(name=f"基准部门{i:02d}", kind=UnitKind.DEPARTMENT, sort_order=i)
            for i in range(N_UNITS)
        )
        communities = Community.objects.bulk_create(
            Community(town=town, name=f"基准社区{i:02d}", sort_order=i)
            for i in range(n_communities)
        )
        compounds = Compound.objects.bulk_create(
            Compound(community=communities[i % n_communities], name=f"小区{i:03d}", sort_order=i)
            for i in range(n_compounds)
        )
        Responsibility.objects.bulk_create(
            Responsibility(
                community=c.community,
                compound=c,
                unit=units[i % N_UNITS],
                start_on=datetime.date(2026, 1, 1),
            )
            for i, c in enumerate(compounds)
        )
        per = n_households // n_compounds
        batch = []
        for i, c in enumerate(compounds):
            for j in range(per):
                b, rest = divmod(j, 12)
                key = f"{b + 1}-{rest // 6 + 1}-{rest % 6 + 101}"
                batch.append(
                    Household(compound=c, address=key, address_key=key, head_name=f"户{i}-{j}")
                )
        Household.objects.bulk_create(batch, batch_size=5000)
        period, _ = Period.objects.get_or_create(year=YEAR, half=HALF)
        uploads = {
            u.pk: LedgerUpload.objects.create(
                unit=u, period=period, attachment=1, status=UploadStatus.CONFIRMED
            )
            for u in units
        }
        owner = {c.pk: units[i % N_UNITS] for i, c in enumerate(compounds)}
        households = list(Household.objects.values_list("pk", "compound_id"))
        visited = rng.sample(households, int(len(households) * 0.72))
        rows = [
            LedgerRow(
                upload=uploads[owner[compound_id].pk],
                sheet_name="附件1",
                row_number=n + 5,
                address=f"户{pk}",
                cadre=f"干部{n % 9}",
                four_card=True,
                four_survey=rng.random() < 0.9,
                four_solved=rng.random() < 0.7,
                four_leaflet=True,
            )
            for n, (pk, compound_id) in enumerate(visited)
        ]
        rows = LedgerRow.objects.bulk_create(rows, batch_size=5000)
        VisitMatch.objects.bulk_create(
            (
                VisitMatch(
                    ledger_row=row,
                    unit_id=owner[compound_id].pk,
                    year=YEAR,
                    half=HALF,
                    household_id=pk,
                    state=MatchState.MATCHED,
                    method=MatchMethod.ADDRESS,
                )
                for row, (pk, compound_id) in zip(rows, visited, strict=True)
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        for table in ("network_household", "network_visitmatch", "sheets_ledgerrow"):
            cursor.execute(f"ANALYZE {table}")
    return units


def naive(year, half):
    """The baseline: per compound, count its households and its visited households; per unit,
    the same over its compounds."""
    from django.db.models import Q

    from ledgers.network.coverage import COUNTED
    from ledgers.network.models import Compound, Household, Responsibility, VisitMatch

    out = {}
    for c in Compound.objects.all():
        total = Household.objects.filter(compound=c).count()
        seen = (
            VisitMatch.objects.filter(
                year=year,
                half=half,
                state__in=COUNTED,
                household__compound=c,
                ledger_row__upload__status="confirmed",
            )
            .values("household_id")
            .distinct()
            .count()
        )
        holder = Responsibility.objects.filter(compound=c).filter(Q(end_on__isnull=True)).first()
        out[c.name] = (total, min(seen, total), holder.unit_id if holder else None)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=11)
    parser.add_argument("--compounds", type=int, default=400)
    parser.add_argument("--households", type=int, default=60_000)
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
    units = populate(args.communities, args.compounds, args.households)
    print(
        f"data: {args.communities} communities × {args.compounds} compounds × "
        f"{args.households} households, {len(units)} units, ready in {time.perf_counter() - t0:.1f} s"
    )

    from django.contrib.auth import get_user_model
    from django.test import Client

    from ledgers.network import coverage
    from tests.factories import clerk_user, office_user

    fast = coverage.compute(YEAR, HALF)
    slow = naive(YEAR, HALF)
    for f in fast.compounds:
        assert (f.on_roster, f.visited) == slow[f.label][:2], f.label
    print(
        f"check: same figures for {len(fast.compounds)} compounds; "
        f"{fast.total.visited}/{fast.total.on_roster} visited ({fast.total.rate}%)"
    )

    t_fast, q_fast = timed(lambda: coverage.compute(YEAR, HALF), args.repeat)
    t_slow, q_slow = timed(lambda: naive(YEAR, HALF), max(1, args.repeat // 2))

    users = get_user_model().objects
    office = users.filter(username="bench-office").first() or office_user(username="bench-office")
    clerk = users.filter(username="bench-clerk").first() or clerk_user(
        units[0], username="bench-clerk"
    )
    pages = {}
    for label, user in (("office", office), ("one department", clerk)):
        client = Client()
        client.force_login(user)

        def page(client=client):
            response = client.get(f"/admin/network/coverage/?year={YEAR}&half={HALF}")
            assert response.status_code == 200, response.status_code

        pages[label] = timed(page, args.repeat)
    print(f"coverage figures (aggregates):       {t_fast * 1000:8.1f} ms  {q_fast:5d} queries")
    print(f"baseline (per-compound count loop):  {t_slow * 1000:8.1f} ms  {q_slow:5d} queries")
    for label, (t, q) in pages.items():
        print(f"whole coverage page ({label:>14}): {t * 1000:8.1f} ms  {q:5d} queries")
    print(f"ratio baseline / aggregates: {t_slow / t_fast:.1f}×")


if __name__ == "__main__":
    main()
