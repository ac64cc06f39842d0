"""The office's filing board: states and late flags for fixed dates; sorting, filtering, export;
and the clerk's dashboard panel."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.plans.board import BoardState, board_rows, filter_rows, sort_rows
from ledgers.plans.models import Plan, PlanStatus
from ledgers.plans.panels import obligations
from tests.factories import UnitFactory
from tests.ledgers.plans.conftest import docx_file, login
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date


def at(y, m, d):
    return datetime.datetime(y, m, d, 10, 0, tzinfo=TZ)


def make_plan(unit, plan_type, status, submitted=None, filed=None, number=None, seq=None):
    plan = Plan(
        unit=unit,
        plan_type=plan_type,
        year=2026,
        title=f"{unit.name}方案",
        contact_person="王五",
        contact_phone="0535-1",
        status=status,
        first_submitted_at=submitted,
        last_submitted_at=submitted,
        filed_at=filed,
        filing_number=number,
        filing_year=2026 if number else None,
        filing_seq=seq,
        live=bool(number),
    )
    plan.document.save("a.docx", docx_file(), save=False)
    plan.save()
    return plan


@pytest.fixture
def board(world):
    style = world["style"]
    extra = UnitFactory(name="东村街道", kind="town", sort_order=4)
    returned = UnitFactory(name='=HYPERLINK("x")局', sort_order=5)
    make_plan(
        world["town"],
        style,
        PlanStatus.FILED,
        at(2026, 4, 28),
        at(2026, 5, 6),
        "作风备〔2026〕1号",
        1,
    )
    make_plan(world["window"], style, PlanStatus.PENDING, at(2026, 5, 2))
    make_plan(world["dept"], style, PlanStatus.DRAFT)
    make_plan(returned, style, PlanStatus.RETURNED, at(2026, 4, 29))
    return {**world, "extra": extra, "returned": returned}


def by_unit(rows):
    return {r.unit.name: r for r in rows}


def test_states_and_late_flags_before_and_after_deadline(board):
    before = by_unit(board_rows(board["style"], 2026, D(2026, 4, 30)))
    assert {k: v.state for k, v in before.items()} == {
        "方圆街道": BoardState.FILED,
        "行政审批服务局": BoardState.PENDING,
        "住建局": BoardState.DRAFT,
        "东村街道": BoardState.MISSING,
        '=HYPERLINK("x")局': BoardState.RETURNED,
    }
    assert [k for k, v in before.items() if v.late] == ["行政审批服务局"]  # submitted 5-2
    after = by_unit(board_rows(board["style"], 2026, D(2026, 5, 10)))
    assert {k for k, v in after.items() if v.late} == {"行政审批服务局", "住建局", "东村街道"}
    town = after["方圆街道"]
    assert town.submitted_on == D(2026, 4, 28) and town.filed_on == D(2026, 5, 6)
    assert town.deadline == D(2026, 4, 30)


def test_only_obligated_units_listed(board):
    window_rows = board_rows(board["window_type"], 2026, D(2026, 5, 10))
    assert [r.unit.name for r in window_rows] == ["行政审批服务局"]
    assert window_rows[0].state == BoardState.MISSING


def test_board_queries_constant(board, django_assert_max_num_queries):
    for i in range(20):
        UnitFactory(name=f"加测单位{i}")
    with django_assert_max_num_queries(3):
        rows = board_rows(board["style"], 2026, D(2026, 5, 10))
        assert len(rows) == 25


def test_sort_and_filter(board):
    rows = board_rows(board["style"], 2026, D(2026, 5, 10))
    assert [r.state for r in sort_rows(rows, "state")][:2] == ["missing", "draft"]
    assert sort_rows(rows, "-submitted")[0].unit.name == "行政审批服务局"
    assert [r.unit.name for r in filter_rows(rows, late="1", kind="town")] == ["东村街道"]
    assert [r.unit.name for r in filter_rows(rows, state="returned")] == ['=HYPERLINK("x")局']


def test_board_view_access_in_fours(client, board):
    board_url = reverse("plans_board")
    assert_login_required(client.get(board_url))
    login(client, board["clerk_town"])
    assert_refused(client.get(board_url))
    client.logout()
    login(client, board["office"])
    response = client.get(board_url, {"type": board["style"].pk, "year": 2026, "sort": "-late"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "东村街道" in body and "已备案" in body and "作风备〔2026〕1号" in body
    filtered = client.get(board_url, {"type": board["style"].pk, "year": 2026, "state": "missing"})
    assert [r.unit.name for r in filtered.context["rows"]] == ["东村街道"]


def test_board_export_xlsx_escaped(client, board):
    login(client, board["office"])
    response = client.get(
        reverse("plans_board"), {"type": board["style"].pk, "year": 2026, "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "单位"
    names = [r[0] for r in rows[2:]]
    assert '\'=HYPERLINK("x")局' in names
    town = next(r for r in rows[2:] if r[0] == "方圆街道")
    assert town[5] == "已备案" and town[9] == "作风备〔2026〕1号" and town[10] == "否"


def test_clerk_obligations_panel(client, board):
    items = obligations(board["window"], 2026, D(2026, 4, 20))
    assert [(i["plan_type"].name, i["state"]) for i in items] == [
        ("干部联系服务对象实施意见", "missing"),
        ("优化窗口服务工作方案", "missing"),
        ("改进作风具体方案", "pending"),
    ]
    assert items[0]["days_left"] == 10 and not items[0]["late"]
    login(client, board["clerk_town"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "实施方案报送任务" in home and "改进作风具体方案" in home
    assert "优化窗口服务工作方案" not in home  # not a window unit
    client.logout()
    login(client, board["office"])
    assert "实施方案报送任务" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_inspect_shows_local_times(client, board):
    plan = Plan.objects.get(unit=board["town"])
    login(client, board["office"])
    body = client.get(
        reverse("wagtailsnippets_plans_plan:inspect", args=[plan.pk])
    ).content.decode()
    assert "2026-04-28 10:00" in body and "2026-05-06 10:00" in body
