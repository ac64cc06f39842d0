"""The workbench by state: main actions first, the rest folded, destructive ones apart and
confirmed; the deadline's rule shown; signing on the day of 交办 keeps the printed deadline."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ledgers.rectification import services, workbench
from ledgers.rectification.models import CaseState, Outcome
from tests.factories import PASSWORD
from tests.ledgers.rectification.conftest import assigned_case, make_case

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def sections(client, case):
    soup = BeautifulSoup(
        client.get(reverse("rectification_admin:detail", args=[case.pk])).content, "html.parser"
    )

    def names(selector):
        box = soup.select_one(selector)
        return [b["data-action"] for b in box.select("button[data-action]")] if box else []

    return {
        "main": names(".case-main-actions"),
        "other": names(".case-other-actions"),
        "destructive": names(".case-destructive-actions"),
        "soup": soup,
    }


@pytest.mark.parametrize(
    ("state", "role", "allowed", "main"),
    [
        (CaseState.NEW, "office", ["assign", "flag"], ["assign"]),
        (CaseState.ASSIGNED, "unit", ["sign", "return"], ["sign"]),
        (CaseState.SUBMITTED, "office", ["close", "send_back", "publish"], ["close"]),
        (CaseState.ASSIGNED, "office", ["flag"], []),
    ],
)
def test_main_actions_by_state(state, role, allowed, main):
    case = type("C", (), {"state": state, "responsible_person": ""})()
    got_main, other, destructive = workbench.arrange(case, role, allowed)
    assert got_main == main
    assert not set(destructive) & set(main)
    assert sorted(got_main + other + destructive) == sorted(allowed)


def test_unit_in_progress_names_people_first_then_reports():
    case = type("C", (), {"state": CaseState.IN_PROGRESS, "responsible_person": ""})()
    allowed = ["return", "handle", "note", "request_extension", "submit"]
    assert workbench.main_actions(case, "unit", allowed) == ["handle", "submit"]
    case.responsible_person = "孙科长"
    assert workbench.main_actions(case, "unit", allowed) == ["submit", "handle"]


def test_unit_sees_sign_first_and_return_apart(client, world):
    case = assigned_case(world, on=timezone.localdate())
    login(client, world["clerk_zjj"])
    got = sections(client, case)
    assert got["main"] == ["sign"]
    assert got["destructive"] == ["return"]
    html = str(got["soup"])
    # 签收 comes before 退回 in the page, and 退回 sits in a folded <details>.
    assert html.index('data-action="sign"') < html.index('data-action="return"')
    assert got["soup"].select_one(".case-destructive-actions").name == "details"
    assert "自签收之日起 5 个工作日" in got["soup"].get_text()


def test_office_sees_close_first_send_back_apart(client, world):
    case = assigned_case(world)
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    services.submit_result(
        case,
        user=world["clerk_zjj"],
        on=D(2026, 10, 8),
        outcome=Outcome.SOLVED,
        detail="已修复",
        files=[SimpleUploadedFile("现场.png", PNG)],
    )
    login(client, world["office"])
    got = sections(client, case)
    assert got["main"] == ["close"]
    assert "send_back" in got["destructive"]
    assert got["other"] == ["flag"]
    assert got["soup"].select_one(".case-other-actions").name == "details"


def test_destructive_action_refused_without_the_tick_and_keeps_the_text(client, world):
    case = assigned_case(world)
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    services.submit_result(
        case,
        user=world["clerk_zjj"],
        on=D(2026, 10, 8),
        outcome=Outcome.SOLVED,
        detail="已修复",
        files=[SimpleUploadedFile("现场.png", PNG)],
    )
    login(client, world["office"])
    url = reverse("rectification_admin:action", args=[case.pk, "send_back"])
    response = client.post(url, {"send_back-reason": "照片不清楚,请补充现场照片"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请勾选" in html and "照片不清楚,请补充现场照片" in html
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    response = client.post(
        url, {"send_back-reason": "照片不清楚,请补充现场照片", "send_back-confirm": "1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_unit_return_needs_the_tick(client, world):
    case = assigned_case(world, on=timezone.localdate())
    login(client, world["clerk_zjj"])
    url = reverse("rectification_admin:action", args=[case.pk, "return"])
    assert client.post(url, {"return-reason": "不属于本单位职责"}).status_code == 400
    case.refresh_from_db()
    assert case.state == CaseState.ASSIGNED


def test_signing_on_the_day_of_assignment_keeps_the_printed_deadline(world):
    case = make_case(world)
    services.assign(case, world["zjj"], 5, user=world["office"], on=D(2026, 9, 29))
    printed = case.deadline
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 29))
    assert case.deadline == printed == D(2026, 10, 13)


def test_slip_explains_the_deadline_rule(client, world):
    case = assigned_case(world)
    login(client, world["office"])
    text = client.get(reverse("rectification_admin:slip", args=[case.pk])).content.decode()
    assert "自签收之日起" in text and "提前签收不缩短期限" in text
