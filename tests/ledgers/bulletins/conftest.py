"""Fixtures of the bulletin tests: a town and a department with a clerk each, the office, 纪委,
and one fixed data set per template."""

import datetime

import pytest
from django.utils import timezone

from ledgers.models import UnitKind
from tests.factories import UnitFactory, clerk_user, make_user, office_user

AT = timezone.make_aware(datetime.datetime(2026, 12, 4, 9, 30))
ON = datetime.date(2026, 12, 4)


@pytest.fixture
def people(db):
    town = UnitFactory(name="方圆街道", kind=UnitKind.TOWN, sort_order=1)
    dept = UnitFactory(name="住建局", kind=UnitKind.DEPARTMENT, sort_order=2)
    return {
        "town": town,
        "dept": dept,
        "office": office_user(),
        "clerk_town": clerk_user(town),
        "clerk_dept": clerk_user(dept),
        "inspector": make_user("inspector"),
    }


@pytest.fixture
def period(people):
    """2026年下半年: the town submitted 附件1 on time and 附件2 late, the department 附件1 on time
    with two rule findings; everything else is missing."""
    from ledgers.sheets.models import LedgerUpload, Period, UploadStatus

    period = Period.objects.create(year=2026, half=2)  # obligations for every active unit

    def upload(unit, attachment, day, findings=0, rows=10):
        return LedgerUpload.objects.create(
            unit=unit,
            period=period,
            attachment=attachment,
            status=UploadStatus.CONFIRMED,
            confirmed_at=timezone.make_aware(datetime.datetime(2026, 12, day, 10, 0)),
            row_count=rows,
            report={"findings": [{"code": "x"}] * findings},
        )

    upload(people["town"], 1, 8)
    upload(people["town"], 2, 12)  # due 12-10: late
    upload(people["dept"], 1, 9, findings=2, rows=7)
    return period


def generate(people, kind="ledgers", params=None, at=AT, **texts):
    from ledgers.bulletins import services

    return services.generate(kind, params or {}, user=people["office"], at=at, **texts)


REPORTER = "王小明"
REPORTER_PHONE = "13805351234"


@pytest.fixture
def cases(people):
    """As of 2026-12-04: one case 4 days past its deadline (its title names the reporter and
    his phone), one flagged case still within its deadline, one case within its deadline, one
    flagged case already closed."""
    from ledgers.models import ProblemCategory
    from ledgers.rectification import services
    from ledgers.rectification.models import Case, CaseState

    category = ProblemCategory.objects.get(name="物业")

    def case(title, **fields):
        made = services.create_case(
            user=people["office"],
            on=datetime.date(2026, 11, 2),
            title=title,
            category=category,
            content=f"{title},{REPORTER}电话{REPORTER_PHONE}。",
            town="方圆街道",
            reporter_name=REPORTER,
            reporter_phone=REPORTER_PHONE,
        )
        Case.objects.filter(pk=made.pk).update(
            assigned_unit=people["dept"], assigned_on=datetime.date(2026, 11, 3), **fields
        )
        return Case.objects.get(pk=made.pk)

    return {
        "overdue": case(
            f"{REPORTER}反映{REPORTER_PHONE}海滨花园路灯不亮",
            state=CaseState.ASSIGNED,
            deadline=datetime.date(2026, 11, 30),
            slip_number="作风交〔2026〕7号",
        ),
        "flagged": case(
            "凤城路积水",
            state=CaseState.IN_PROGRESS,
            deadline=datetime.date(2026, 12, 20),
            flagged=True,
        ),
        "in_time": case(
            "学校门口乱停车", state=CaseState.IN_PROGRESS, deadline=datetime.date(2026, 12, 10)
        ),
        "closed": case(
            "菜市场噪音", state=CaseState.CLOSED, deadline=datetime.date(2026, 11, 20), flagged=True
        ),
    }


@pytest.fixture
def spot_round(people):
    """A drawn round: the town 3 visit calls (属实 very satisfied, 不属实 dissatisfied, 无法接通),
    the department 1 target call (属实, satisfied)."""
    from ledgers.spotchecks.models import Call, Round, RoundState

    round_ = Round.objects.create(
        year=2026, season="mid", state=RoundState.DRAWN, seed="42", drawn_at=AT
    )
    calls = [
        (people["town"], "visits", "confirmed", "very_satisfied"),
        (people["town"], "visits", "false", "dissatisfied"),
        (people["town"], "visits", "unreachable", ""),
        (people["dept"], "targets", "confirmed", "satisfied"),
    ]
    for position, (unit, task, outcome, satisfaction) in enumerate(calls, start=1):
        Call.objects.create(
            round=round_,
            unit=unit,
            task=task,
            position=position,
            source_ref=f"test:{position}",
            person_name=f"村民{position}",
            phone=f"1390000000{position}",
            outcome=outcome,
            satisfaction=satisfaction,
        )
    return round_


@pytest.fixture
def publications(people):
    """Two published findings (11-20 and 12-02), one pending publication, one published outside
    the range (10-10)."""
    from ledgers.inspections.models import (
        Finding,
        Inspection,
        Publication,
        PublicationState,
    )
    from ledgers.models import ProblemCategory

    category = ProblemCategory.objects.get(name="窗口服务")

    def finding(day, text, state=PublicationState.PUBLISHED):
        inspection = Inspection.objects.create(
            inspected_on=day,
            unit=people["dept"],
            window="不动产登记窗口",
            inspectors="检查员甲",
            created_by=people["inspector"],
        )
        found = Finding.objects.create(inspection=inspection, category=category, description=text)
        Publication.objects.create(finding=found, title="窗口无人", text=text, state=state)
        return found

    return {
        "first": finding(datetime.date(2026, 11, 20), "上午10时窗口无人值守"),
        "second": finding(datetime.date(2026, 12, 2), "未一次性告知所需材料"),
        "pending": finding(
            datetime.date(2026, 11, 25), "工作人员玩手机", state=PublicationState.PENDING
        ),
        "old": finding(datetime.date(2026, 10, 10), "十月的问题"),
    }
