"""Dashboard charts explain themselves: titles, words not "5/1", no "未交办" bar, long names
kept whole (wrapping is CSS), the numbers in a table beside each chart."""

import datetime

from bs4 import BeautifulSoup
from django.urls import reverse

from ledgers.rectification import charts
from tests.factories import PASSWORD, UnitFactory
from tests.ledgers.rectification.conftest import assigned_case, make_case

D = datetime.date
LONG = "海阳市住房和城乡建设局城市管理综合执法大队"


def row(label, open_, overdue, closed, unit_id=None):
    return {
        "label": label,
        "open": open_,
        "overdue": overdue,
        "closed": closed,
        "assigned_unit_id": unit_id,
    }


def test_unassigned_cases_are_a_note_not_a_unit():
    figures = {
        "by_unit": [row("未交办", 3, 0, 0), row("住建局", 5, 2, 1, unit_id=1)],
        "by_category": [],
        "by_town": [],
    }
    unit_chart = charts.office_charts(figures)[0]
    assert [b.label for b in unit_chart.bars] == ["住建局"]
    assert "3 件尚未交办" in unit_chart.note


def test_bar_speaks_in_words_and_segments_scale_to_the_widest():
    chart = charts.build("x", "标题", "单位", [row("甲", 5, 2, 1), row("乙", 1, 0, 2)])
    first, second = chart.bars
    assert first.words == "未办结 5（逾期 2） · 已销号 1"
    assert second.words == "未办结 1 · 已销号 2"
    widths = {k: w for k, _, _, w in first.segments}
    assert widths == {"overdue": 33.33, "on_time": 50.0, "closed": 16.67}
    assert sum(w for *_, w in second.segments) == 50.0


def test_more_rows_than_the_limit_are_counted():
    rows = [row(f"单位{i}", i, 0, 0) for i in range(1, 26)]
    chart = charts.build("x", "标题", "单位", rows)
    assert len(chart.bars) == charts.LIMIT and chart.left_out == 5
    assert chart.bars[0].label == "单位25"


def test_dashboard_page_titles_legends_and_tables(client, world):
    long_unit = UnitFactory(name=LONG)
    make_case(world)  # not assigned yet
    case = assigned_case(world)
    case.assigned_unit = long_unit
    case.save()
    assert client.login(username=world["office"].username, password=PASSWORD)
    soup = BeautifulSoup(
        client.get(reverse("rectification_admin:dashboard")).content, "html.parser"
    )
    sections = soup.select("section.case-chart")
    assert [s.find("h2").get_text() for s in sections] == [
        "各责任单位问题办理情况",
        "各问题类型办理情况",
        "各镇街区问题办理情况",
    ]
    unit = sections[0]
    assert [li.get_text(strip=True) for li in unit.select(".case-chart-legend li")] == [
        "逾期未办结",
        "未办结（未逾期）",
        "已销号",
    ]
    labels = [s.get_text() for s in unit.select(".case-bar-label")]
    assert labels == [LONG]  # whole name, and no "未交办" bar
    assert "1 件尚未交办" in unit.get_text()
    assert unit.select_one(".case-bars")["aria-hidden"] == "true"
    table = unit.find("table")
    assert table.find("caption").get_text().startswith("各责任单位问题办理情况")
    assert [th.get_text() for th in table.select("thead th")][:4] == [
        "责任单位",
        "未办结",
        "其中逾期",
        "已销号",
    ]
    assert table.select_one("tbody th[scope=row]").get_text() == LONG
    assert "/" not in "".join(s.get_text() for s in unit.select(".case-bar-words"))
