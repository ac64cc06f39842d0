"""Each template's snapshot from fixed data: the rows, the summary and the default texts; no
reporter's name or phone; a constant number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledgers.bulletins import snapshots
from tests.factories import UnitFactory
from tests.ledgers.bulletins.conftest import ON, REPORTER, REPORTER_PHONE

pytestmark = pytest.mark.django_db


def queries(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def test_ledgers(people, period):
    snap = snapshots.collect("ledgers", {"period": period})
    assert snap["subject"] == "2026年下半年"
    assert snap["columns"] == [
        "序号",
        "单位",
        "附件1",
        "附件2",
        "附件3",
        "附件4",
        "附件5",
        "规则提示",
    ]
    assert snap["rows"] == [
        ["1", "方圆街道", "按时（10行）", "逾期（10行）", "未报", "未报", "—", "0"],
        ["2", "住建局", "按时（7行）", "未报", "未报", "未报", "—", "2"],
    ]
    s = snap["summary"]
    assert (s["units"], s["on_time"], s["late"], s["missing"], s["pending"]) == (2, 2, 1, 5, 0)
    assert s["late_units"] == ["方圆街道"]
    assert s["missing_units"] == ["方圆街道", "住建局"]
    body = snapshots.default_body("ledgers", snap, {})
    assert "按时报送2项，逾期报送1项，未报送5项" in body
    assert snapshots.default_title("ledgers", snap) == "关于2026年下半年台账报送情况的通报"


def test_ledgers_queries_do_not_grow_with_units(people, period):
    few = queries(lambda: snapshots.collect("ledgers", {"period": period}))
    period.ensure_obligations([UnitFactory() for _ in range(5)])
    assert queries(lambda: snapshots.collect("ledgers", {"period": period})) == few


def test_rectification(people, cases):
    snap = snapshots.collect("rectification", {"as_of": ON})
    assert snap["subject"] == "截至2026年12月4日"
    assert [row[2] for row in snap["rows"]] == [
        "凤城路积水",
        "王某反映[电话已隐去]海滨花园路灯不亮",
    ]
    flagged, overdue = snap["rows"]
    assert flagged[-1] == "挂牌督办" and flagged[6] == ""
    assert overdue[1] == "作风交〔2026〕7号"
    assert overdue[3:8] == ["住建局", "2026-11-03", "2026-11-30", "4", "已交办待签收"]
    assert snap["summary"] == {"total": 2, "overdue": 1, "flagged": 1}
    assert sorted(snap["refs"]["cases"]) == sorted([cases["overdue"].pk, cases["flagged"].pk])
    text = str(snap)
    assert REPORTER not in text and REPORTER_PHONE not in text
    # as of an earlier day nothing is overdue yet
    earlier = snapshots.collect("rectification", {"as_of": datetime.date(2026, 11, 30)})
    assert earlier["summary"] == {"total": 1, "overdue": 0, "flagged": 1}


def test_rectification_queries_do_not_grow_with_cases(people, cases):
    from ledgers.rectification.models import Case

    few = queries(lambda: snapshots.collect("rectification", {"as_of": ON}))
    for _ in range(4):
        copy = Case.objects.get(pk=cases["overdue"].pk)
        copy.pk = None
        copy.slip_number = ""
        copy.save()
    assert queries(lambda: snapshots.collect("rectification", {"as_of": ON})) == few


def test_spotcheck(people, spot_round):
    snap = snapshots.collect("spotcheck", {"round": spot_round})
    assert snap["subject"] == "2026年上半年电话抽查"
    assert snap["columns"][:4] == ["序号", "单位", "抽查项目", "抽取"]
    town, dept, total = snap["rows"]
    assert town == [
        "1", "方圆街道", "包村联户走访户（附件1）", "3", "3", "2", "1", "1", "1", "0", "50.0%", "50.0%",
    ]  # fmt: skip
    assert dept[1:4] == ["住建局", "干部联系服务对象（附件3）", "1"]
    assert dept[-2:] == ["100.0%", "100.0%"]
    assert total[:5] == ["", "全部单位", "合计", "4", "4"]
    assert snap["summary"]["false_units"] == ["方圆街道"]
    assert "村民" not in str(snap) and "1390000000" not in str(snap)


def test_inspections(people, publications):
    params = {"date_from": datetime.date(2026, 11, 1), "date_to": datetime.date(2026, 12, 4)}
    snap = snapshots.collect("inspections", params)
    assert snap["subject"] == "2026年11月1日至2026年12月4日"
    assert [row[1] for row in snap["rows"]] == ["2026-11-20", "2026-12-02"]
    assert snap["rows"][0][2:] == [
        "住建局",
        "不动产登记窗口",
        "窗口服务",
        "窗口无人：上午10时窗口无人值守",
    ]
    assert snap["summary"] == {"total": 2, "units": ["住建局"]}
    assert "共发现并曝光问题2个，涉及住建局。" in snapshots.default_body("inspections", snap, {})


def test_full_width_punctuation():
    assert snapshots.full_width("按时(10行),见附件:") == "按时（10行），见附件："
    assert snapshots.full_width("a, b (c)") == "a, b (c)"
    assert snapshots.full_width("走访户(附件1)") == "走访户（附件1）"


def test_spotcheck_and_inspections_queries_are_constant(people, spot_round, publications):
    from ledgers.inspections.models import Publication

    params = {"date_from": datetime.date(2026, 1, 1), "date_to": datetime.date(2026, 12, 31)}
    spot = queries(lambda: snapshots.collect("spotcheck", {"round": spot_round}))
    found = queries(lambda: snapshots.collect("inspections", params))
    assert spot <= 2 and found == 1
    Publication.objects.filter(state="pending").update(state="published")
    assert queries(lambda: snapshots.collect("inspections", params)) == found
