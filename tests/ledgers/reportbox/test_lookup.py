"""Status lookup: what the reporter sees, what never leaks, one answer for unknown code and
wrong secret, throttling against enumeration."""

import re

import pytest
from captcha.models import CaptchaStore
from django.test import override_settings

from ledgers.reportbox import services
from ledgers.reportbox.models import Status
from tests.factories import UnitFactory

from .conftest import captcha_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(category):
    concerned, assigned = UnitFactory(name="甲街道"), UnitFactory(name="乙局")
    receipt = services.submit_report(
        data={
            "category": category,
            "concerned_unit": concerned,
            "place": "东村街道 幸福社区",
            "content": "社区工作人员办事推诿,三次前往都说负责人不在。",
            "is_anonymous": False,
            "reporter_name": "刘秀英",
            "reporter_phone": "13905356789",
        },
        client_ip="192.0.2.44",
    )
    report = receipt.report
    report.assigned_unit = assigned
    report.office_notes = "内部:此人曾多次来访"
    report.conflict_override_reason = "内部特批理由"
    report.set_status(Status.ASSIGNED)
    report.save()
    return receipt


def lookup(client, page, code, secret, **extra):
    return client.post(page.url + "status/", {"code": code, "secret": secret}, **extra)


def strip_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_lookup_shows_status_and_reply_never_identity_or_internal(client, box_page, receipt):
    services.set_public_reply(receipt.report, "已责成社区整改,负责人已向您致歉。")
    response = lookup(client, box_page, receipt.formatted_code, receipt.secret)
    html = response.content.decode()
    assert response.status_code == 200
    assert "已答复" in html and "已责成社区整改" in html and "干部作风" in html
    for secret_text in (
        "刘秀英",
        "13905356789",
        "139****6789",
        "192.0.2.44",
        "内部:此人曾多次来访",
        "内部特批理由",
        "乙局",
        "甲街道",
        receipt.report.secret_hash,
    ):
        assert secret_text not in html, secret_text


def test_code_is_read_loosely(client, box_page, receipt):
    loose = receipt.code.lower()[:8] + " - " + receipt.code.lower()[8:]
    html = lookup(client, box_page, loose, receipt.secret.lower()).content.decode()
    assert "办理中" in html


def test_unknown_code_and_wrong_secret_get_the_same_answer(client, box_page, receipt):
    wrong_secret = lookup(client, box_page, receipt.code, "WRONGSECRET")
    unknown_code = lookup(client, box_page, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", receipt.secret)
    assert wrong_secret.status_code == unknown_code.status_code == 200
    # Apart from echoing the code that was typed, the two pages are identical.
    a = strip_tokens(wrong_secret.content.decode()).replace(receipt.code, "CODE")
    b = strip_tokens(unknown_code.content.decode()).replace("ZZZZ-ZZZZ-ZZZZ-ZZZZ", "CODE")
    assert a == b
    assert services.NOT_FOUND_MESSAGE in a


@override_settings(PORTAL_REPORT_LOOKUP_RATE="3/h", PORTAL_REPORT_CODE_RATE="100/h")
def test_lookups_per_address_are_throttled(client, box_page, receipt):
    for _ in range(3):
        assert lookup(client, box_page, "AAAA", "B").status_code == 200
    blocked = lookup(client, box_page, receipt.code, receipt.secret)
    assert blocked.status_code == 429
    assert "查询次数过多" in blocked.content.decode()
    assert "办理中" not in blocked.content.decode()
    # Another address is not affected.
    other = lookup(client, box_page, receipt.code, receipt.secret, REMOTE_ADDR="10.9.8.7")
    assert "办理中" in other.content.decode()


CAPTCHA_NEEDED = "这个回执码近期查询失败较多"


def fail_three_times(client, box_page, receipt):
    for i in range(3):
        response = lookup(client, box_page, receipt.code, f"GUESS{i}", REMOTE_ADDR=f"10.0.0.{i}")
        assert services.NOT_FOUND_MESSAGE in response.content.decode()


@override_settings(PORTAL_REPORT_LOOKUP_RATE="1000/h", PORTAL_REPORT_CODE_RATE="3/h")
def test_guessing_one_codes_secret_from_many_addresses_meets_the_captcha(client, box_page, receipt):
    fail_three_times(client, box_page, receipt)
    # Without the captcha the password is not even checked: the right and a wrong one get the
    # same answer, so a script learns nothing.
    right = lookup(client, box_page, receipt.code, receipt.secret, REMOTE_ADDR="10.0.0.99")
    wrong = lookup(client, box_page, receipt.code, "GUESS9", REMOTE_ADDR="10.0.0.98")
    for response in (right, wrong):
        html = response.content.decode()
        assert CAPTCHA_NEEDED in html and "办理中" not in html
        assert 'name="captcha_0"' in html
    # A wrong password with a solved captcha is still counted as a failure.
    key, answer = captcha_pair()
    response = client.post(
        box_page.url + "status/",
        {"code": receipt.code, "secret": "GUESS10", "captcha_0": key, "captcha_1": answer},
    )
    assert services.NOT_FOUND_MESSAGE in response.content.decode()


@override_settings(PORTAL_REPORT_LOOKUP_RATE="1000/h", PORTAL_REPORT_CODE_RATE="3/h")
def test_a_third_party_cannot_lock_the_reporter_out(client, box_page, receipt):
    """Someone who knows the receipt code (the unit, a neighbour) fails on purpose; the
    reporter, typing the captcha, still sees the answer with the right password."""
    fail_three_times(client, box_page, receipt)
    for i in range(20):
        lookup(client, box_page, receipt.code, f"SPITE{i}", REMOTE_ADDR=f"10.1.0.{i}")
    key, answer = captcha_pair()
    response = client.post(
        box_page.url + "status/",
        {"code": receipt.code, "secret": receipt.secret, "captcha_0": key, "captcha_1": answer},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == 200
    assert "办理中" in response.content.decode()


@override_settings(PORTAL_REPORT_LOOKUP_RATE="1000/h", PORTAL_REPORT_CODE_RATE="3/h")
def test_the_captcha_answer_is_not_in_the_html(client, box_page, receipt):
    fail_three_times(client, box_page, receipt)
    html = lookup(client, box_page, receipt.code, "X").content.decode()
    key = re.search(r'name="captcha_0" value="([^"]+)"', html).group(1)
    store = CaptchaStore.objects.get(hashkey=key)
    assert store.challenge not in html
    a, b = re.findall(r"\d+", store.challenge)[:2]
    # Whole numbers only: "5-3" must not match inside the office phone "0535-3…".
    assert not re.search(rf"(?<!\d){a}\s*(\+|-|\*|×|加|减|乘)\D{{0,3}}{b}(?!\d)", html)
    assert "拨打作风办电话" in html  # the human path for who cannot see the image
    # "换一题" keeps the code and gives a new question without counting an attempt.
    again = client.post(
        box_page.url + "status/",
        {"code": receipt.code, "secret": "", "_refresh_captcha": "1"},
    ).content.decode()
    assert receipt.code in again.replace("-", "") or receipt.code in again
    assert key not in again


def test_other_codes_need_no_captcha(client, box_page, receipt):
    html = client.get(box_page.url + "status/").content.decode()
    assert 'name="captcha_0"' not in html
    assert "办理中" in lookup(client, box_page, receipt.code, receipt.secret).content.decode()


def test_out_of_scope_reason_spam_and_duplicate_texts(category):
    base = {
        "category": category,
        "place": "某地",
        "content": "这是一件用于测试的举报内容。",
        "is_anonymous": True,
    }
    original = services.submit_report(data=base).report
    services.set_public_reply(original, "原件的答复")
    dup = services.submit_report(data=base).report
    dup.duplicate_of = original
    dup.set_status(Status.DUPLICATE)
    assert services.public_reply_for(dup).reply == "原件的答复"

    oos = services.submit_report(data=base).report
    oos.out_of_scope_reason = "属于法院受理范围,请向法院反映。"
    oos.set_status(Status.OUT_OF_SCOPE)
    status = services.public_reply_for(oos)
    assert status.reason == "属于法院受理范围,请向法院反映。" and status.status_label == "不予受理"

    spam = services.submit_report(data=base).report
    spam.set_status(Status.SPAM)
    assert services.public_reply_for(spam).status_label == "不予受理"


def test_status_page_renders_for_get(client, box_page):
    response = client.get(box_page.url + "status/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
