import datetime

import pytest
from django.utils import timezone

from ledgers.inspections.models import Finding, Inspection, InspectionMode
from ledgers.models import ProblemCategory, UnitKind
from tests.factories import UnitFactory, clerk_user, make_user, office_user

NOTES = "工作记录:线索来自群众来电,录像存档两段"
INSPECTORS = "检查员甲、检查员乙"
AT = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
ON = datetime.date(2026, 11, 20)


@pytest.fixture
def iw(db):
    """Two units, a clerk of each, the office, two 纪委 members and one inspection of the first
    unit with two findings (one released, one not)."""
    spj = UnitFactory(name="行政审批服务局", is_window=True)
    other = UnitFactory(name="方圆街道", kind=UnitKind.TOWN)
    jiwei = make_user("inspector")
    inspection = Inspection.objects.create(
        inspected_on=ON,
        unit=spj,
        window="不动产登记窗口",
        mode=InspectionMode.UNANNOUNCED,
        inspectors=INSPECTORS,
        checked="在岗在位、一次性告知",
        working_notes=NOTES,
        created_by=jiwei,
    )
    category = ProblemCategory.objects.get(name="窗口服务")
    released = Finding.objects.create(
        inspection=inspection,
        category=category,
        description="3号窗口上午无人值守",
        decision="notify",
        released_at=AT,
    )
    hidden = Finding.objects.create(
        inspection=inspection, category=category, description="未摆放一次性告知单"
    )
    return {
        "spj": spj,
        "other": other,
        "clerk_own": clerk_user(spj),
        "clerk_other": clerk_user(other),
        "office": office_user(),
        "jiwei": jiwei,
        "jiwei2": make_user("inspector"),
        "inspection": inspection,
        "released": released,
        "hidden": hidden,
        "category": category,
    }
