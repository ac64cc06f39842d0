"""Benchmark: the year-end scorecards of 200 units over a year of evidence.

A year of data for 200 units (40 towns, 160 departments of which 40 have windows): three plan
types, both ledger periods with their obligations and uploads, 20,000 assigned cases with
send-backs, reopenings and callbacks in the log, a spot-check round of 3,000 calls, 20,000 window
ratings, 400 approval items and 200 inspection findings.

Compares, in the same run and on the same data, the cards computed the way the portal does it
(:func:`ledgers.assessment.scoring.compute_results`: every indicator once over all units, a fixed
number of queries) with the obvious baseline (the same indicators unit by unit, so the queries
grow with the units), checks both give the same points, and times the whole results page and one
card through Django's test client.

Usage (PostgreSQL; the database is created if missing and reused between runs):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_assessment_bench \\
        .venv/bin/python benchmarks/assessment_scorecards.py [--units 200] [--repeat 5]
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

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_assessment_bench")

YEAR = 2026
ON = datetime.date(2026, 12, 31)
PREFIX = "考核基准"


def aware(day, hour=10):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def day_of_year(rng, last=330):
    return datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(last))


def populate(n_units, seed=2026):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import ModelLogEntry, Page

    from home.models import ApprovalItem, GuideIndexPage, HomePage, ServiceGuidePage
    from ledgers.inspections.models import Finding, Inspection
    from ledgers.models import ProblemCategory, Unit, UnitKind
    from ledgers.plans.models import Plan, PlanType
    from ledgers.ratings.models import Rating
    from ledgers.rectification.models import Case, CaseNote, CaseState, NoteKind
    from ledgers.sheets.models import LedgerUpload, Obligation, Period, UploadStatus
    from ledgers.spotchecks.models import Call, Round

    existing = list(Unit.objects.filter(name__startswith=PREFIX).order_by("pk"))
    if len(existing) == n_units and Case.objects.filter(assigned_unit__in=existing).exists():
        return existing
    rng = random.Random(seed)
    with transaction.atomic():
        Unit.objects.exclude(name__startswith=PREFIX).update(is_active=False)
        old = Unit.objects.filter(name__startswith=PREFIX)
        ModelLogEntry.objects.filter(action__startswith="rectification.").delete()
        CaseNote.objects.filter(case__assigned_unit__in=old).delete()
        Case.objects.filter(assigned_unit__in=old).delete()
        Call.objects.filter(unit__in=old).delete()
        Round.objects.filter(year=YEAR).delete()
        Rating.objects.filter(unit__in=old).delete()
        Finding.objects.filter(inspection__unit__in=old).delete()
        Inspection.objects.filter(unit__in=old).delete()
        Plan.objects.filter(unit__in=old).delete()
        LedgerUpload.objects.filter(unit__in=old).delete()
        Obligation.objects.filter(unit__in=old).delete()
        for page in ServiceGuidePage.objects.filter(unit__in=old):
            page.delete()
        old.delete()
        towns = n_units // 5
        units = Unit.objects.bulk_create(
            Unit(
                name=f"{PREFIX}{i:03d}",
                kind=UnitKind.TOWN if i < towns else UnitKind.DEPARTMENT,
                is_window=i >= n_units - n_units // 5,
                sort_order=i,
                cadre_count=20,
            )
            for i in range(n_units)
        )
        category = ProblemCategory.objects.get(name="物业")

        # Plans: three types, each unit files, some late, some never.
        PlanType.objects.update(is_active=False)
        types = []
        for n, (month, day) in enumerate(((4, 30), (5, 31), (6, 30))):
            plan_type, _ = PlanType.objects.update_or_create(
                name=f"{PREFIX}方案{n}", defaults={"deadline_month": month, "deadline_day": day}
            )
            plan_type.is_active = True
            plan_type.save()
            types.append(plan_type)
        Plan.objects.bulk_create(
            Plan(
                unit=u,
                plan_type=t,
                year=YEAR,
                title=f"{u.name}{t.name}",
                contact_person="张三",
                contact_phone="0535-1234567",
                status="filed",
                first_submitted_at=aware(
                    t.deadline_for(YEAR) + datetime.timedelta(rng.randint(-20, 6))
                ),
            )
            for u in units
            for t in types
            if rng.random() < 0.95
        )

        # Ledgers: both periods, 附件1–4 owed by every unit, confirmed around the due dates.
        uploads = []
        for half in (1, 2):
            period, _ = Period.objects.get_or_create(year=YEAR, half=half)
            period.ensure_obligations(units)
            for u in units:
                for attachment in (1, 2, 3, 4):
                    if rng.random() < 0.03:
                        continue
                    due = period.due_date(attachment)
                    uploads.append(
                        LedgerUpload(
                            unit=u,
                            period=period,
                            attachment=attachment,
                            status=UploadStatus.CONFIRMED,
                            confirmed_at=aware(
                                min(due + datetime.timedelta(rng.randint(-5, 3)), ON)
                            ),
                            row_count=rng.randint(20, 200),
                            finding_count=rng.randint(0, 12),
                        )
                    )
        LedgerUpload.objects.bulk_create(uploads, batch_size=2000)

        # Cases: 100 per unit, most closed, some late, some open past the deadline.
        cases = []
        for u in units:
            for n in range(100):
                assigned = day_of_year(rng, 300)
                deadline = assigned + datetime.timedelta(days=14)
                roll = rng.random()
                closed = roll < 0.85
                cases.append(
                    Case(
                        title=f"问题{u.pk}-{n}",
                        category=category,
                        content="基准数据",
                        received_on=assigned,
                        assigned_unit=u,
                        assigned_on=assigned,
                        deadline=deadline,
                        state=CaseState.CLOSED if closed else CaseState.IN_PROGRESS,
                        closed_on=deadline - datetime.timedelta(days=rng.randint(-5, 10))
                        if closed
                        else None,
                        closed_on_time=(roll < 0.75) if closed else None,
                        slip_number=f"基准〔{YEAR}〕{u.pk:04d}{n:03d}",
                    )
                )
        cases = Case.objects.bulk_create(cases, batch_size=5000)
        case_type = ContentType.objects.get_for_model(Case)
        entries, notes = [], []
        for case in cases:
            roll = rng.random()
            if roll < 0.1:
                entries.append(("rectification.send_back", case))
            elif roll < 0.14:
                entries.append(("rectification.dissatisfied", case))
            if case.state == CaseState.CLOSED and rng.random() < 0.25:
                notes.append(
                    CaseNote(
                        case=case,
                        kind=NoteKind.CALLBACK,
                        text="回访",
                        written_on=case.closed_on,
                        satisfaction=rng.choice(
                            ["very_satisfied", "satisfied", "basic", "dissatisfied"]
                        ),
                    )
                )
        ModelLogEntry.objects.bulk_create(
            (
                ModelLogEntry(
                    content_type=case_type,
                    label=case.title,
                    action=action,
                    data={},
                    timestamp=aware(case.deadline),
                    object_id=str(case.pk),
                )
                for action, case in entries
            ),
            batch_size=5000,
        )
        CaseNote.objects.bulk_create(notes, batch_size=5000)

        # Spot checks: one round, 15 calls per unit.
        round_ = Round.objects.create(year=YEAR, season="mid", per_unit=15)
        outcomes = ["confirmed"] * 8 + ["false", "refused", "unreachable", ""]
        Call.objects.bulk_create(
            (
                Call(
                    round=round_,
                    unit=u,
                    task="visit",
                    position=n,
                    source_ref=f"bench:{u.pk}:{n}",
                    outcome=(outcome := rng.choice(outcomes)),
                    satisfaction=rng.choice(["satisfied", "basic", "dissatisfied"])
                    if outcome == "confirmed"
                    else "",
                    called_at=aware(datetime.date(YEAR, 7, 1)) if outcome else None,
                )
                for u in units
                for n in range(1, 16)
            ),
            batch_size=5000,
        )

        # Windows: 500 ratings each, a guide with 10 approval items, one inspection.
        windows = [u for u in units if u.is_window]
        ratings = Rating.objects.bulk_create(
            (
                Rating(
                    unit=u,
                    level=rng.choice(["very_satisfied", "satisfied", "basic", "dissatisfied"]),
                )
                for u in windows
                for _ in range(500)
            ),
            batch_size=5000,
        )
        by_day = {}
        for rating in ratings:
            by_day.setdefault(day_of_year(rng), []).append(rating.pk)
        for day, pks in by_day.items():
            Rating.objects.filter(pk__in=pks).update(created_at=aware(day))
        home = HomePage.objects.first() or Page.objects.get(depth=1).add_child(
            instance=HomePage(title="首页", slug="bench-home")
        )
        index = GuideIndexPage.objects.first() or home.add_child(
            instance=GuideIndexPage(title="窗口服务指南", slug="bench-guides")
        )
        for u in windows:
            guide = index.add_child(
                instance=ServiceGuidePage(title=f"{u.name}服务指南", slug=f"bench-{u.pk}", unit=u)
            )
            ApprovalItem.objects.bulk_create(
                ApprovalItem(
                    page=guide,
                    name=f"事项{n}",
                    original_days=10,
                    current_days=rng.choice([5, 7, 8, 9]),
                    sort_order=n,
                )
                for n in range(10)
            )
        window_category = ProblemCategory.objects.get(name="窗口服务")
        for u in units[::4]:
            inspection = Inspection.objects.create(
                inspected_on=day_of_year(rng), unit=u, inspectors="甲", checked="在岗在位"
            )
            for n in range(4):
                Finding.objects.create(
                    inspection=inspection,
                    category=window_category,
                    description=f"发现{n}",
                    released_at=aware(inspection.inspected_on) if n % 2 == 0 else None,
                )
    with connection.cursor() as cursor:
        for table in (
            "rectification_case",
            "rectification_casenote",
            "wagtailcore_modellogentry",
            "ratings_rating",
            "spotchecks_call",
            "sheets_ledgerupload",
        ):
            cursor.execute(f"ANALYZE {table}")
    return units


def per_unit_results(scheme, on, units):
    """The baseline: the same cards, each unit computed on its own (queries grow with units)."""
    from ledgers.assessment.scoring import compute_results

    rows = []
    for unit in units:
        rows += compute_results(scheme, on, units=[unit])["units"]
    return {"units": rows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
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
    units = populate(args.units)
    from ledgers.rectification.models import Case

    print(
        f"data: {len(units)} units, {Case.objects.filter(assigned_unit__in=units).count()} cases, "
        f"ready in {time.perf_counter() - t0:.1f} s"
    )

    from django.contrib.auth import get_user_model
    from django.test import Client

    from ledgers.assessment import services
    from ledgers.assessment.models import Scheme
    from ledgers.assessment.scoring import compute_results, scored_units
    from tests.factories import clerk_user, office_user

    users = get_user_model().objects
    office = users.filter(username="bench-office").first() or office_user(username="bench-office")
    clerk = users.filter(username="bench-clerk").first() or clerk_user(
        units[0], username="bench-clerk"
    )
    scheme = Scheme.objects.filter(year=YEAR).first() or services.create_scheme(YEAR, user=office)
    scored = scored_units()
    assert len(scored) == len(units), len(scored)

    fast = compute_results(scheme, ON, scored)
    slow = per_unit_results(scheme, ON, scored)
    assert [(u["id"], u["scaled"]) for u in fast["units"]] == [
        (u["id"], u["scaled"]) for u in slow["units"]
    ]
    print(f"check: same scores for {len(fast['units'])} units")

    t_fast, q_fast = timed(lambda: compute_results(scheme, ON, scored), args.repeat)
    t_slow, q_slow = timed(lambda: per_unit_results(scheme, ON, scored), max(1, args.repeat // 2))
    pages = {}
    for label, user, url in (
        ("results page, office", office, f"/admin/assessment/{YEAR}/results/"),
        ("one card, unit clerk", clerk, f"/admin/assessment/{YEAR}/units/{units[0].pk}/"),
    ):
        client = Client()
        client.force_login(user)

        def page(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        pages[label] = timed(page, args.repeat)
    print(f"scorecards, all units at once:     {t_fast * 1000:8.1f} ms  {q_fast:5d} queries")
    print(f"baseline (unit by unit):           {t_slow * 1000:8.1f} ms  {q_slow:5d} queries")
    for label, (t, q) in pages.items():
        print(f"{label:<34} {t * 1000:8.1f} ms  {q:5d} queries")
    print(f"ratio baseline / all at once: {t_slow / t_fast:.1f}×")


if __name__ == "__main__":
    main()
