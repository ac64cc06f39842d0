"""A fixed year of evidence for three units, one fact per indicator, with known figures.

2026, taken on 2026-12-31: 方圆街道 (town), 行政审批服务局 (department with windows), 教体局
(department). What each unit should score is spelled out in test_indicators.py.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ledgers.models import ProblemCategory, UnitKind
from tests.factories import UnitFactory, clerk_user, make_user, office_user

D = datetime.date
YEAR = 2026
ON = D(2026, 12, 31)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def make_case(unit, category, n, **fields):
    from ledgers.rectification.models import Case, CaseState

    values = {
        "title": f"问题{n}",
        "category": category,
        "content": f"问题{n}的内容,反映人李四电话13805351234",
        "reporter_name": "李四",
        "reporter_phone": "13805351234",
        "received_on": D(2026, 3, 1),
        "assigned_unit": unit,
        "assigned_on": D(2026, 3, 2),
        "deadline": D(2026, 3, 16),
        "slip_number": f"海作交〔2026〕第{n:04d}号",
        "state": CaseState.CLOSED,
        "closed_on": D(2026, 3, 10),
        "closed_on_time": True,
    }
    values.update(fields)
    return Case.objects.create(**values)


def logged(case, action, day):
    log(instance=case, action=action)
    ModelLogEntry.objects.filter(object_id=str(case.pk), action=action).update(timestamp=at(day))


@pytest.fixture
def aw(db):
    """The assessment world."""
    from home.models import ApprovalItem
    from ledgers.inspections.models import Finding, Inspection
    from ledgers.plans.models import Plan, PlanType
    from ledgers.ratings.models import Rating
    from ledgers.rectification.models import CaseNote, CaseState, NoteKind
    from ledgers.sheets.models import LedgerUpload, Obligation, Period, UploadStatus
    from ledgers.spotchecks.models import Call, Outcome, Round
    from tests.ledgers.ratings.conftest import make_guide

    town = UnitFactory(name="方圆街道", kind=UnitKind.TOWN, sort_order=1)
    spj = UnitFactory(name="行政审批服务局", is_window=True, sort_order=2)
    jtj = UnitFactory(name="教体局", sort_order=3)
    office = office_user()
    category = ProblemCategory.objects.get(name="物业")

    # Plans: one type due 4月30日; the town on time, 审批局 3 days late, 教体局 never.
    PlanType.objects.update(is_active=False)
    plan_type = PlanType.objects.create(name="考核测试方案", deadline_month=4, deadline_day=30)
    for unit, day in ((town, D(2026, 4, 20)), (spj, D(2026, 5, 3))):
        Plan.objects.create(
            unit=unit,
            plan_type=plan_type,
            year=YEAR,
            title=f"{unit}实施意见",
            contact_person="张三",
            contact_phone="0535-1234567",
            status="filed",
            first_submitted_at=at(day),
        )

    # Ledgers: 附件1 of 2026上半年 only (due 6月10日): town on time, 审批局 5 days late, 教体局 none.
    period = Period.objects.create(year=YEAR, half=1)
    Obligation.objects.filter(period=period).exclude(attachment=1).delete()
    Obligation.objects.filter(period=period).exclude(unit__in=[town, spj, jtj]).delete()
    for unit, day, findings in ((town, D(2026, 6, 9), 4), (spj, D(2026, 6, 15), 0)):
        LedgerUpload.objects.create(
            unit=unit,
            period=period,
            attachment=1,
            status=UploadStatus.CONFIRMED,
            confirmed_at=at(day),
            row_count=10,
            finding_count=findings,
        )

    # Cases: 审批局 3 on time, 1 late, 1 open past deadline (60.0%); town 1 on time (100.0%).
    cases = [make_case(spj, category, n) for n in (1, 2, 3)]
    late = make_case(spj, category, 4, closed_on=D(2026, 3, 20), closed_on_time=False)
    overdue = make_case(
        spj,
        category,
        5,
        state=CaseState.IN_PROGRESS,
        closed_on=None,
        closed_on_time=None,
        deadline=D(2026, 11, 1),
    )
    town_case = make_case(town, category, 6)
    make_case(town, category, 7, assigned_on=D(2025, 12, 1))  # last year: not counted
    logged(cases[0], "rectification.send_back", D(2026, 3, 9))
    logged(late, "rectification.dissatisfied", D(2026, 4, 2))
    logged(cases[1], "rectification.send_back", D(2025, 12, 20))  # last year: not counted
    CaseNote.objects.create(
        case=late,
        kind=NoteKind.CALLBACK,
        text="群众仍不满意",
        written_on=D(2026, 4, 1),
        satisfaction="dissatisfied",
    )
    CaseNote.objects.create(
        case=town_case,
        kind=NoteKind.CALLBACK,
        text="满意",
        written_on=D(2026, 3, 12),
        satisfaction="satisfied",
    )

    # Spot checks: 审批局 2 confirmed + 1 false (66.7%), satisfaction 1 good 1 bad (50.0%);
    # town 1 confirmed and satisfied.
    round_ = Round.objects.create(year=YEAR, season="mid", per_unit=3)
    calls = [
        (spj, Outcome.CONFIRMED, "satisfied"),
        (spj, Outcome.CONFIRMED, "dissatisfied"),
        (spj, Outcome.FALSE, ""),
        (town, Outcome.CONFIRMED, "very_satisfied"),
        (jtj, "", ""),  # drawn, not yet called: not counted
    ]
    for position, (unit, outcome, level) in enumerate(calls, start=1):
        Call.objects.create(
            round=round_,
            unit=unit,
            task="visit",
            position=position,
            source_ref=f"row:{position}",
            person_name="王五",
            phone="13900001111",
            outcome=outcome,
            satisfaction=level,
            called_at=at(D(2026, 7, 1)) if outcome else None,
        )

    # Ratings: 审批局 3 good, 1 bad (75.0%); one in 2025 not counted.
    for level, day in (
        ("very_satisfied", D(2026, 2, 1)),
        ("satisfied", D(2026, 5, 1)),
        ("basic", D(2026, 8, 1)),
        ("dissatisfied", D(2026, 9, 1)),
        ("very_dissatisfied", D(2025, 9, 1)),
    ):
        rating = Rating.objects.create(unit=spj, level=level, item_title="企业设立登记")
        Rating.objects.filter(pk=rating.pk).update(created_at=at(day))

    # Time cut: 审批局's guide has 2 items meeting the 20% cut and one that does not (66.7%).
    guide = make_guide(spj, "spj-assess")
    ApprovalItem.objects.create(
        page=guide, name="建筑工程施工许可", original_days=10, current_days=9
    )

    # Inspections: 审批局 one released finding in 2026, one not released.
    jiwei = make_user("inspector")
    inspection = Inspection.objects.create(
        inspected_on=D(2026, 11, 20),
        unit=spj,
        inspectors="甲",
        checked="在岗在位",
        created_by=jiwei,
    )
    window = ProblemCategory.objects.get(name="窗口服务")
    Finding.objects.create(
        inspection=inspection,
        category=window,
        description="3号窗口无人",
        released_at=at(D(2026, 11, 21)),
    )
    Finding.objects.create(inspection=inspection, category=window, description="未决定")

    return {
        "town": town,
        "spj": spj,
        "jtj": jtj,
        "office": office,
        "jiwei": jiwei,
        "clerk_town": clerk_user(town),
        "clerk_spj": clerk_user(spj),
        "clerk_jtj": clerk_user(jtj),
        "plan_type": plan_type,
        "period": period,
        "late_case": late,
        "overdue_case": overdue,
        "round": round_,
        "guide": guide,
    }


@pytest.fixture
def scheme(aw):
    from ledgers.assessment import services

    return services.create_scheme(YEAR, user=aw["office"])
