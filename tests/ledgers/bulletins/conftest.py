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
