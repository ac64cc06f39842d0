"""Readable history: action, actor, time, note — in Chinese, newest first — on the case
workbench (the 处理记录 used to repeat the case title) and in the helper every view can use."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ledgers.history import SYSTEM_ACTOR, history_entries
from ledgers.models import ProblemCategory
from ledgers.rectification import services
from tests.factories import UnitFactory, clerk_user, office_user

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 14)


@pytest.fixture
def case_flow():
    office = office_user(first_name="王主任")
    unit = UnitFactory(name="甲镇")
    clerk = clerk_user(unit, first_name="赵填报员")
    case = services.create_case(
        user=office,
        on=MONDAY,
        source="direct",
        title="东村社区路灯不亮",
        category=ProblemCategory.objects.first(),
        content="东村社区3号楼前路灯已坏两周,夜间出行不便。",
    )
    services.assign(case, unit=unit, time_limit_days=10, user=office, on=MONDAY)
    services.sign(case, user=clerk, on=MONDAY + datetime.timedelta(days=1))
    return {"case": case, "office": office, "clerk": clerk, "unit": unit}


def test_entries_newest_first_with_action_actor_and_note(case_flow):
    entries = history_entries(case_flow["case"])
    assert [e.action for e in entries] == ["签收", "交办", "录入"]
    sign, assign, create = entries
    assert sign.actor == "赵填报员" and assign.actor == "王主任"
    assert "交给 甲镇" in assign.note and "10个工作日" in assign.note
    assert "办理期限 2026年" in sign.note
    assert "东村社区路灯不亮" not in " ".join(e.note for e in entries)
    assert create.note == "来源:作风办直接录入"


def test_entry_without_user_is_the_system(case_flow):
    from wagtail.log_actions import log

    log(
        instance=case_flow["case"], action="rectification.reminder", user=None, data={"kind": "due"}
    )
    entry = history_entries(case_flow["case"])[0]
    assert entry.actor == SYSTEM_ACTOR and entry.action == "催办提醒" and entry.note == "到期提醒"


def test_workbench_shows_readable_history_not_the_title(client, case_flow):
    client.force_login(case_flow["office"])
    html = client.get(reverse("rectification_admin:detail", args=[case_flow["case"].pk])).content
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("table.portal-history")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.tbody("tr")]
    assert [r[1] for r in rows] == ["签收", "交办", "录入"]
    assert rows[1][2] == "王主任" and "交办单" in rows[1][3]
    assert all(r[0][:4] == "2026" and len(r[0]) == 16 for r in rows)  # 2026-12-14 09:30
    assert all("东村社区路灯不亮" not in " ".join(r) for r in rows)
