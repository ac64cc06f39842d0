"""The public 问题整改公示 list and the citizen's one status page, the report box's
(/report/status/): the case's state, current deadline, granted extensions and answer, and the one
objection; the old /rectification/status/ redirects there."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.rectification import services
from ledgers.rectification.models import CaseState, Outcome
from tests.ledgers.rectification.conftest import submit_report

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def closed_from_report(world, report, publish=True, answer="路灯已修复,王小明可再反映。"):
    office, clerk = world["office"], world["clerk_zjj"]
    case, _ = services.hand_over_report(report, user=office, on=D(2026, 9, 28))
    services.assign(case, world["zjj"], 5, user=office, on=D(2026, 9, 29))
    services.sign(case, user=clerk, on=D(2026, 9, 30))
    services.submit_result(
        case,
        user=clerk,
        on=D(2026, 10, 8),
        outcome=Outcome.SOLVED,
        detail="已修复",
        files=[SimpleUploadedFile("a.png", PNG)],
    )
    services.close(case, user=office, on=D(2026, 10, 9), answer=answer, publish=publish)
    return case


@pytest.fixture
def receipt(world):
    return submit_report(world, content="我叫王小明,海滨花园3号楼2单元路灯不亮,电话13805351234")


@pytest.fixture
def report(receipt):
    return receipt.report


def test_results_list_shows_published_redacted(client, world, report):
    closed_from_report(world, report)
    hidden = submit_report(world, content="不公开的问题,内容足够长").report
    closed_from_report(world, hidden, publish=False)
    body = client.get(reverse("rectification:results")).content.decode()
    assert "路灯不亮" in body and "王某" in body
    assert "王小明" not in body and "13805351234" not in body and "3号楼" not in body
    assert "不公开的问题" not in body
    assert "物业 · 方圆街道 海滨社区</h2>" in body  # place only down to the community


def test_results_constant_queries(client, world):
    def add(start, n):
        for i in range(start, start + n):
            closed_from_report(world, submit_report(world, content=f"问题{i}需要尽快处理").report)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("rectification:results")).status_code == 200
        return len(ctx)

    add(0, 2)
    count()  # warm the per-site caches (site settings) so both counts are like for like
    small = count()
    add(2, 8)
    assert count() == small


@pytest.fixture
def status_url(db):
    from home import demo_content
    from ledgers.reportbox.demo import ensure_page
    from tests.home.conftest import load_units

    demo_content.load_site(load_units())
    page, _ = ensure_page()
    return page.url + "status/"


def test_old_status_address_redirects_to_the_report_box(client, status_url):
    response = client.get(reverse("rectification:status"))
    assert response.status_code == 301 and response["Location"] == status_url


def test_status_by_receipt_code_and_dissatisfaction_once(
    client, world, receipt, report, status_url
):
    url = status_url
    good = {"code": receipt.code, "secret": receipt.secret}
    assert (
        "回执码或查询密码不正确"
        in client.post(url, {"code": receipt.code, "secret": "wrong"}).content.decode()
    )
    case, _ = services.hand_over_report(report, user=world["office"], on=D(2026, 9, 28))
    body = client.post(url, good).content.decode()
    assert "待交办" in body
    assert "待交办" not in client.get(url + f"?code={receipt.code}").content.decode()

    case = closed_from_report(world, report)  # same report: same case
    report.refresh_from_db()
    assert report.public_reply == case.answer_to_citizen and report.status == "closed"
    body = client.post(url, good).content.decode()
    assert "已办结" in body and "路灯已修复" in body and "不满意" in body
    assert "wrong" not in body
    client.session.flush()
    client.cookies.clear()
    assert (
        "回执码或查询密码不正确" in client.post(url, {"reason": "x"}).content.decode()
    )  # session forgotten
    client.post(url, good)
    body = client.post(url, {"reason": ""}).content.decode()
    assert "必需字段" in body
    body = client.post(url, {"reason": "晚上还是黑"}).content.decode()
    assert "已收到您的意见" in body
    case.refresh_from_db()
    assert case.state == CaseState.REOPENED and case.reopen_count == 1
    services.close(case, user=world["office"], on=D(2026, 10, 12), answer="复核已修复")
    body = client.post(url, good).content.decode()
    assert "对处理结果不满意" not in body  # only once


def test_status_shows_extension_decision(client, world, receipt, report, status_url):
    good = {"code": receipt.code, "secret": receipt.secret}
    office, clerk = world["office"], world["clerk_zjj"]
    case, _ = services.hand_over_report(report, user=office, on=D(2026, 9, 28))
    services.assign(case, world["zjj"], 5, user=office, on=D(2026, 9, 29))
    services.sign(case, user=clerk, on=D(2026, 9, 30))
    ext = services.request_extension(
        case, user=clerk, on=D(2026, 10, 8), days=3, reason="需采购配件"
    )
    services.decide_extension(ext, user=office, on=D(2026, 10, 8), grant=True)
    body = client.post(status_url, good).content.decode()
    case.refresh_from_db()
    assert "延长 3 个工作日" in body and f"{case.deadline.year}年{case.deadline.month}月" in body
    assert "王小明" not in body
