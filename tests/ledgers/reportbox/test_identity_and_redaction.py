"""What leaves the office: reporter identity only with the reporter's consent (logged on every
view), never on the 交办单; names, phone numbers in any format and ID numbers removed from every
text a unit, a slip, an export, a history entry or the public site shows; a unit's search never
matches hidden text."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ledgers.rectification import services as cases
from ledgers.rectification.models import Case
from ledgers.reportbox import services
from ledgers.reportbox.models import Report
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user

from .conftest import form_data

pytestmark = pytest.mark.django_db

NAME, PHONE = "孙丽华", "13605351122"
ID_NUMBER = "37068719900101123X"
WIDE_PHONE = "１３６ ００００ １１１１"  # full-width digits, spaces: 13600001111
CONTENT = f"我叫{NAME},电话{WIDE_PHONE},身份证{ID_NUMBER},窗口人员上班时间玩手机,群众排队很久。"
PLACE = "方圆街道东村社区幸福小区 0535-3221234"
SECRETS = [NAME, PHONE, "13600001111", WIDE_PHONE, ID_NUMBER, "3221234", "1122", "孙**", "136****"]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def assert_clean(text):
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.fixture
def world(category):
    unit = UnitFactory(name="甲镇")
    return {"unit": unit, "office": office_user(), "clerk": clerk_user(unit)}


def submit_through_form(client, box_page, category, consent):
    data = form_data(
        category,
        place=PLACE,
        content=CONTENT,
        identity="named",
        reporter_name=NAME,
        reporter_phone=PHONE,
    )
    if consent:
        data["contact_consent"] = "on"
    response = client.post(box_page.url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.get()


def assign(client, world, report):
    login(client, world["office"])
    url = reverse("reportbox_reports:action", args=[report.pk, "assign"])
    client.post(url, {"unit": world["unit"].pk, "time_limit_days": 10})
    client.logout()
    return Case.objects.get()


def test_form_explains_the_choice(client, box_page):
    html = client.get(box_page.url).content.decode()
    assert "同意承办单位直接联系我" in html
    assert "承办单位看不到您的姓名和电话" in html
    assert "交办单上任何时候都不写举报人" in html


def test_anonymous_report_never_consents(client, box_page, category):
    data = form_data(category, contact_consent="on")
    assert client.post(box_page.url, data).status_code == 302
    assert Report.objects.get().contact_consent is False


def test_without_consent_the_unit_sees_no_part_of_the_identity(client, world, box_page, category):
    report = submit_through_form(client, box_page, category, consent=False)
    assert report.contact_consent is False
    case = assign(client, world, report)
    assert not case.show_identity_to_unit

    login(client, world["clerk"])
    html = client.get(reverse("rectification_admin:detail", args=[case.pk])).content.decode()
    assert_clean(html)
    assert "反映人未同意向承办单位公开身份" in html
    slip = client.get(reverse("rectification_admin:slip", args=[case.pk])).content.decode()
    assert_clean(slip)
    assert not ModelLogEntry.objects.filter(action="rectification.identity_view").exists()

    # The office keeps full access on the workbench …
    client.logout()
    login(client, world["office"])
    html = client.get(reverse("rectification_admin:detail", args=[case.pk])).content.decode()
    assert NAME in html and PHONE in html and ID_NUMBER in html
    # … but the slip it prints travels to the unit: no identity, text redacted.
    slip = client.get(reverse("rectification_admin:slip", args=[case.pk])).content.decode()
    assert_clean(slip)
    assert "窗口人员上班时间玩手机" in slip


def test_with_consent_the_unit_sees_the_identity_in_full_and_each_view_is_logged(
    client, world, box_page, category
):
    report = submit_through_form(client, box_page, category, consent=True)
    assert report.contact_consent is True
    case = assign(client, world, report)
    assert case.show_identity_to_unit

    login(client, world["clerk"])
    url = reverse("rectification_admin:detail", args=[case.pk])
    for expected in (1, 2):
        html = client.get(url).content.decode()
        assert NAME in html and PHONE in html
        views = ModelLogEntry.objects.filter(
            action="rectification.identity_view", user=world["clerk"]
        )
        assert views.count() == expected
    # The text stays redacted (the consent covers the contact fields, not ID numbers).
    assert ID_NUMBER not in html and "13600001111" not in html
    # The slip never carries identity, whoever prints it.
    slip = client.get(reverse("rectification_admin:slip", args=[case.pk])).content.decode()
    assert_clean(slip)
    client.logout()
    login(client, world["office"])
    assert_clean(client.get(reverse("rectification_admin:slip", args=[case.pk])).content.decode())
    # Office views are not "identity views" of a unit.
    client.get(url)
    assert ModelLogEntry.objects.filter(action="rectification.identity_view").count() == 2


@pytest.fixture
def assigned(client, world, category):
    report = services.submit_report(
        data={
            "category": category,
            "place": PLACE,
            "content": CONTENT,
            "is_anonymous": False,
            "reporter_name": NAME,
            "reporter_phone": PHONE,
        }
    ).report
    case = assign(client, world, report)
    report.refresh_from_db()
    return report, case


def test_report_text_reaches_the_unit_only_redacted(client, world, assigned):
    report, case = assigned
    login(client, world["clerk"])
    pages = [
        reverse("reportbox_assigned:index"),
        reverse("reportbox_assigned:inspect", args=[report.pk]),
        reverse("rectification_admin:detail", args=[case.pk]),
        reverse("rectification_admin:slip", args=[case.pk]),
        reverse("rectification_admin:index"),
        reverse("rectification_admin:queue"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode())
    inspect = client.get(pages[1]).content.decode()
    assert "窗口人员上班时间玩手机" in inspect and "[证件号已隐去]" in inspect


def test_exports_are_redacted(client, world, assigned):
    report, case = assigned
    login(client, world["clerk"])
    for url in (reverse("reportbox_assigned:index"), reverse("rectification_admin:index")):
        response = client.get(url + "?export=csv")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 2, rows
        assert_clean(text)
    response = client.get(reverse("rectification_admin:ledger_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "窗口人员上班时间玩手机" in cells
    assert_clean(cells)


def test_unit_search_never_matches_hidden_text(client, world, assigned):
    report, case = assigned
    login(client, world["clerk"])
    for index in ("reportbox_assigned:index", "rectification_admin:index"):
        url = reverse(index)
        for hidden in ("13600001111", "1111", ID_NUMBER, "3221234", NAME):
            html = client.get(url, {"q": hidden}).content.decode()
            assert reverse("rectification_admin:detail", args=[case.pk]) not in html, (
                index,
                hidden,
            )
        html = client.get(url, {"q": "玩手机"}).content.decode()
        assert reverse("rectification_admin:detail", args=[case.pk]) in html, index
    # The office searches the full text.
    client.logout()
    login(client, world["office"])
    html = client.get(reverse("rectification_admin:index"), {"q": ID_NUMBER}).content.decode()
    assert reverse("rectification_admin:detail", args=[case.pk]) in html


def test_office_typed_title_is_redacted_in_lists_exports_and_history(client, world, category):
    case = cases.create_case(
        user=world["office"],
        on=datetime.date(2026, 9, 28),
        title=f"{NAME}反映路灯 13600001111",
        category=category,
        content="路灯坏了",
        reporter_name=NAME,
        reporter_phone=PHONE,
    )
    cases.assign(case, world["unit"], 5, user=world["office"], on=case.received_on)
    assert NAME not in str(case) and "13600001111" not in str(case)
    login(client, world["clerk"])
    for url in (
        reverse("rectification_admin:index"),
        reverse("rectification_admin:index") + "?export=csv",
        reverse("rectification_admin:detail", args=[case.pk]),
        reverse("rectification_admin:queue"),
    ):
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8-sig")
        assert_clean(body)
    labels = ModelLogEntry.objects.for_instance(case).values_list("label", flat=True)
    assert labels and all(NAME not in label and "13600001111" not in label for label in labels)


def test_public_status_reply_and_results_are_redacted(client, world, assigned, box_page):
    report, case = assigned
    services.set_public_reply(report, f"{NAME}您好,已联系 {PHONE},身份证 {ID_NUMBER} 已核实。")
    shown = services.public_reply_for(report)
    assert NAME not in shown.reply and PHONE not in shown.reply and ID_NUMBER not in shown.reply


def test_office_case_form_names_the_box_as_the_reporters_consent(client, world):
    login(client, world["office"])
    html = client.get(reverse("rectification_admin:add")).content.decode()
    assert "反映人同意承办单位直接联系" in html
    assert "作风办确有必要时勾选" not in html


def test_office_notes_to_the_unit_are_redacted(client, world, assigned):
    report, case = assigned
    today = case.assigned_on
    cases.sign(case, user=world["clerk"], on=today)
    ext = cases.request_extension(case, user=world["clerk"], on=today, days=3, reason="需协调")
    cases.decide_extension(
        ext, user=world["office"], on=today, grant=True, note=f"已与{NAME}电话{PHONE}沟通"
    )
    login(client, world["clerk"])
    html = client.get(reverse("rectification_admin:detail", args=[case.pk])).content.decode()
    assert "已与孙某电话[电话已隐去]沟通" in html
    assert_clean(html)
