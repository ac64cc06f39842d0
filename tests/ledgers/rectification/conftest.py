import datetime

import pytest

from ledgers.models import ProblemCategory, UnitKind
from ledgers.rectification import services
from ledgers.rectification.models import Case, SourceKind
from tests.factories import UnitFactory, clerk_user, office_user

# Wednesday before 国庆 2026 (1–7 October off; Saturday 10 October is a 调休 working day).
D = datetime.date


@pytest.fixture
def world(db):
    town = UnitFactory(name="方圆街道", kind=UnitKind.TOWN)
    zjj = UnitFactory(name="住建局")
    other = UnitFactory(name="教体局")
    return {
        "town": town,
        "zjj": zjj,
        "other": other,
        "office": office_user(),
        "clerk_zjj": clerk_user(zjj),
        "clerk_other": clerk_user(other),
        "category": ProblemCategory.objects.get(name="物业"),
    }


def make_case(world, **kwargs):
    fields = {
        "title": "小区路灯不亮",
        "category": world["category"],
        "content": "海滨花园3号楼前路灯坏了两个月,王小明电话13805351234。",
        "town": "方圆街道",
        "village": "海滨社区",
        "compound": "海滨花园",
        "reporter_name": "王小明",
        "reporter_phone": "13805351234",
    }
    fields.update(kwargs)
    on = fields.pop("received_on", D(2026, 9, 28))
    return services.create_case(user=world["office"], on=on, **fields)


def assigned_case(world, on=None, days=5, **kwargs):
    on = on or D(2026, 9, 29)
    case = make_case(world, **kwargs)
    return services.assign(case, world["zjj"], days, user=world["office"], on=on)


__all__ = ["D", "Case", "SourceKind", "assigned_case", "make_case"]


def submit_report(world, content="海滨花园3号楼路灯不亮,电话13805351234", **data):
    """A real report-box submission; returns the receipt (report, code, secret)."""
    from ledgers.reportbox.services import submit_report as submit

    fields = {
        "category": world["category"],
        "place": "方圆街道海滨社区海滨花园",
        "content": content,
        "is_anonymous": False,
        "reporter_name": "王小明",
        "reporter_phone": "13805351234",
    }
    fields.update(data)
    return submit(data=fields)
