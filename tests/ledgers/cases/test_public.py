"""The public 问题整改公示 list and the citizen's status page (receipt code)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.cases import services
from ledgers.cases.models import CaseState, Outcome
from tests.ledgers.cases.conftest import submit_report

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
    body = client.get(reverse("cases:results")).content.decode()
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
            assert client.get(reverse("cases:results")).status_code == 200
        return len(ctx)

    add(0, 2)
    small = count()
    add(2, 8)
    assert count() == small


def test_status_by_receipt_code_and_dissatisfaction_once(client, world, receipt, report):
    url = reverse("cases:status")
    good = {"code": receipt.code, "secret": receipt.secret}
    assert (
        "没有找到" in client.post(url, {"code": receipt.code, "secret": "wrong"}).content.decode()
    )
    case, _ = services.hand_over_report(report, user=world["office"], on=D(2026, 9, 28))
    body = client.post(url, good).content.decode()
    assert "已受理" in body
    assert client.get(url + f"?code={receipt.code}").content.decode().count("已受理") == 0

    case = closed_from_report(world, report)  # same report: same case
    report.refresh_from_db()
    assert report.public_reply == case.answer_to_citizen and report.status == "closed"
    body = client.post(url, good).content.decode()
    assert "已办结" in body and "路灯已修复" in body and "不满意" in body
    assert "wrong" not in body
    assert "没有找到" in client.post(url, {"code": "NOPE", "secret": "pw"}).content.decode()

    assert "没有找到" in client.post(url, {"reason": "x"}).content.decode()  # session forgotten
    client.post(url, good)
    body = client.post(url, {"reason": ""}).content.decode()
    assert "errorlist" in body
    body = client.post(url, {"reason": "晚上还是黑"}).content.decode()
    assert "已收到您的意见" in body
    case.refresh_from_db()
    assert case.state == CaseState.REOPENED and case.reopen_count == 1
    services.close(case, user=world["office"], on=D(2026, 10, 12), answer="复核已修复")
    body = client.post(url, good).content.decode()
    assert "对处理结果不满意" not in body  # only once


def test_status_shows_extension_decision(client, world, receipt, report):
    good = {"code": receipt.code, "secret": receipt.secret}
    office, clerk = world["office"], world["clerk_zjj"]
    case, _ = services.hand_over_report(report, user=office, on=D(2026, 9, 28))
    services.assign(case, world["zjj"], 5, user=office, on=D(2026, 9, 29))
    services.sign(case, user=clerk, on=D(2026, 9, 30))
    ext = services.request_extension(
        case, user=clerk, on=D(2026, 10, 8), days=3, reason="需采购配件"
    )
    services.decide_extension(ext, user=office, on=D(2026, 10, 8), grant=True)
    body = client.post(reverse("cases:status"), good).content.decode()
    assert "需采购配件" in body and "办理期限已延长至" in body
    assert "王小明" not in body
