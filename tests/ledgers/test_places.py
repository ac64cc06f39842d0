"""ledgers.places.format_place: every part of a place printed once."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ledgers.places import format_place
from ledgers.rectification import services
from tests.factories import PASSWORD
from tests.ledgers.rectification.conftest import submit_report, world  # noqa: F401


@pytest.mark.parametrize(
    ("parts", "detail", "expected"),
    [
        # The bug report: the detail repeats town and village (and the compound fallback).
        (
            ("方圆街道", "东村", "方圆街道东村社区3号楼2单元"),
            "方圆街道东村社区3号楼2单元",
            "方圆街道东村社区3号楼2单元",
        ),
        (("方圆街道", "东村社区", ""), "方圆街道 东村社区 3号楼", "方圆街道 东村社区 3号楼"),
        # The detail adds only the house number: parts first, then the detail.
        (("方圆街道", "海滨社区", "海滨花园"), "5号楼", "方圆街道 海滨社区 海滨花园 5号楼"),
        # The detail repeats only the compound.
        (("方圆街道", "海滨社区", "海滨花园"), "海滨花园5号楼", "方圆街道 海滨社区 海滨花园5号楼"),
        # Repeated parts collapse, blanks are ignored.
        (("方圆街道", "方圆街道", "  "), "", "方圆街道"),
        (("", "", ""), "", ""),
        (("留格庄镇", "东村", ""), "", "留格庄镇 东村"),
    ],
)
def test_format_place_prints_each_part_once(parts, detail, expected):
    assert format_place(*parts, detail=detail) == expected


def test_workbench_and_slip_print_the_place_once(world):  # noqa: F811
    report = submit_report(
        world, content="楼道灯坏了两个月，晚上看不见台阶。", place="方圆街道东村社区3号楼"
    ).report
    case, _ = services.hand_over_report(
        report, user=world["office"], on=datetime.date(2026, 11, 30)
    )
    case = services.assign(case, world["zjj"], 5, user=world["office"], on=case.received_on)
    client = Client()
    assert client.login(username=world["office"].username, password=PASSWORD)
    for name in ("rectification_admin:detail", "rectification_admin:slip"):
        html = client.get(reverse(name, args=[case.pk])).content.decode()
        assert html.count("方圆街道") == 1, name
        assert "方圆街道东村社区3号楼" in html
