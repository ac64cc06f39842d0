import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.rectification import services
from tests.factories import PASSWORD
from tests.ledgers.rectification.conftest import assigned_case, make_case

D = datetime.date


def rows(response):
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def data(world):
    case = assigned_case(world, content='=HYPERLINK("http://x") 路灯', source="hotline")
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    services.record_handling(
        case, user=world["clerk_zjj"], section="物业科", person="孙科长", measures="-更换灯具"
    )
    make_case(world, title="未交办的")
    return case


def test_unit_ledger_layout_and_escaping(client, world, data):
    client.login(username=world["clerk_zjj"].username, password=PASSWORD)
    table = rows(client.get(reverse("rectification_admin:ledger_export")))
    assert table[0][0] == "住建局问题整改台账"
    assert table[1][0] == "单位(公章):住建局"
    assert table[2][:4] == ["序号", "交办单编号", "问题内容", "来源"]
    assert table[3][2].startswith("'=HYPERLINK")  # formula escaped
    assert table[3][6] == "'-更换灯具"
    assert table[3][4:6] == ["物业科", "孙科长"]
    assert table[-1][0].startswith("注:")
    assert len(table) == 5  # the unassigned case is not in the unit's ledger


def test_att5_layout_office_only(client, world, data):
    client.login(username=world["office"].username, password=PASSWORD)
    table = rows(client.get(reverse("rectification_admin:att5_export") + "?source=hotline"))
    assert table[0][0] == "89000民生热线、网上民声交办问题统计表"
    assert table[2] == ["反映人姓名", "联系电话", "问题内容", "办理情况", "责任单位", "备注"]
    assert table[3][0] == "王小明" and table[3][4] == "住建局"
    assert table[3][2].startswith("'=")
    assert len(table) == 5


def test_dashboard_export(client, world, data):
    client.login(username=world["office"].username, password=PASSWORD)
    response = client.get(reverse("rectification_admin:dashboard") + "?export=xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["按单位", "按问题类型", "按镇街区", "按诉求类型", "总体"]
    table = [list(r) for r in wb["按单位"].iter_rows(values_only=True)]
    assert table[0] == ["名称", "未办结", "逾期", "已销号", "按期办结", "按期办结率(%)"]
    assert ["住建局", 1] in [r[:2] for r in table] and ["未交办", 1] in [r[:2] for r in table]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_case_listing_export_escapes_formulas(client, world, fmt):
    make_case(world, title="=1+2 路灯", content="+cmd|' /C calc'!A0")
    client.login(username=world["office"].username, password=PASSWORD)
    response = client.get(reverse("rectification_admin:index") + f"?export={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        assert "'=1+2 路灯" in text and ",=1+2" not in text
    else:
        data = b"".join(response.streaming_content)
        table = [
            list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
        ]
        assert "'=1+2 路灯" in table[1]
