"""The home screen's waiting work: per role, the right items with links, and counts computed
in a constant number of queries whatever the amount of data (demo data plus 40 more cases)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers import waiting
from ledgers.models import ProblemCategory, Unit
from ledgers.rectification.models import Case, CaseState
from ledgers.reportbox.models import Report, Status

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 16)  # a Wednesday


def queries(fn, *args):
    with CaptureQueriesContext(connection) as ctx:
        groups = fn(*args)
    return len(ctx.captured_queries), {g.key: g for g in groups}


def add_cases(unit, n=10):
    category = ProblemCategory.objects.first()
    made = []
    for i in range(n):
        for state, deadline in (
            (CaseState.ASSIGNED, TODAY + datetime.timedelta(days=10)),
            (CaseState.IN_PROGRESS, TODAY - datetime.timedelta(days=3)),  # overdue
            (CaseState.IN_PROGRESS, TODAY + datetime.timedelta(days=2)),  # due Friday
            (CaseState.SUBMITTED, TODAY),
        ):
            made.append(
                Case.objects.create(
                    title=f"测试问题{i}{state}",
                    content="内容",
                    category=category,
                    state=state,
                    received_on=TODAY - datetime.timedelta(days=20),
                    assigned_unit=unit,
                    assigned_on=TODAY - datetime.timedelta(days=15),
                    deadline=deadline,
                    time_limit_days=10,
                    result_submitted_on=TODAY if state == CaseState.SUBMITTED else None,
                )
            )
    return made


def test_end_of_week():
    assert waiting.end_of_week(TODAY) == datetime.date(2026, 12, 20)
    assert waiting.end_of_week(datetime.date(2026, 12, 20)) == datetime.date(2026, 12, 20)


def test_clerk_counts_constant_queries_and_correct(demo):
    unit = Unit.objects.get(name="海阳市住房和城乡建设局")
    before, groups_before = queries(waiting.clerk_waiting, unit, TODAY)
    add_cases(unit)
    after, groups = queries(waiting.clerk_waiting, unit, TODAY)
    assert after == before, (before, after)
    assert before <= 8

    cases = Case.objects.filter(assigned_unit=unit)
    assert groups["to_sign"].count == cases.filter(state=CaseState.ASSIGNED).count()
    assert groups["to_sign"].count == groups_before["to_sign"].count + 10
    assert groups["overdue"].count == groups_before["overdue"].count + 10
    assert groups["due_this_week"].count == groups_before["due_this_week"].count + 10
    assert len(groups["to_sign"].items) == waiting.SHOWN
    for item in groups["to_sign"].items:
        pk = int(item.url.rstrip("/").split("/")[-2])
        assert Case.objects.get(pk=pk).state == CaseState.ASSIGNED
        assert item.url == reverse("rectification_admin:detail", args=[pk])


def test_office_counts_constant_queries_and_correct(demo):
    unit = Unit.objects.get(name="方圆街道")
    before, groups_before = queries(waiting.office_waiting, TODAY)
    add_cases(unit)
    category = ProblemCategory.objects.first()
    for i in range(8):
        Report.objects.create(
            receipt_code=f"TESTCODE{i:04d}"[:16],
            category=category,
            content="反映窗口人员态度恶劣。",
            status=Status.NEW,
        )
    after, groups = queries(waiting.office_waiting, TODAY)
    assert after == before, (before, after)
    assert groups["to_close"].count == groups_before["to_close"].count + 10
    assert groups["new_reports"].count == Report.objects.filter(status=Status.NEW).count()
    assert len(groups["new_reports"].items) == waiting.SHOWN
    assert (
        groups["plans_in_review"]
        .items[0]
        .url.startswith(reverse("wagtailsnippets_plans_plan:list"))
    )


@pytest.mark.parametrize(
    "username, heading, group",
    [
        ("office", "作风办今日待办", "new_reports"),
        ("zjj", "海阳市住房和城乡建设局 今日待办", "to_sign"),
        ("fangyuan", "方圆街道 今日待办", "ledgers_due"),
        ("jiwei", "纪委 明察暗访", "windows"),
        ("jiwei", "纪委 明察暗访", "findings"),
        ("jiwei", "纪委 明察暗访", "forwarded"),
    ],
)
def test_home_screen_shows_the_panel_with_links(client, demo, username, heading, group):
    client.force_login(demo[username])
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    assert heading in soup.get_text()
    section = soup.select_one(f"#waiting-{group}")
    links = section.find_all("a", href=True)
    assert links, section
    for link in links:
        assert client.get(link["href"]).status_code == 200, link["href"]
