"""The 89000 centre's hotline entries: a clerk of a HOTLINE_CENTRE unit enters a call straight
into the ledger with its 诉求类型; the centre follows its own entries (and only those) and records
the 回访 once the handling unit has reported; the office closes. Every case view is tried as
anonymous / another unit's clerk / the assigned unit / the centre / the office / 纪委."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ledgers.models import SpecialFunction
from ledgers.rectification import rules, services
from ledgers.rectification.dashboard import appeal_figures, office_figures
from ledgers.rectification.models import (
    AppealType,
    Case,
    CaseSource,
    CaseState,
    NoteKind,
    Outcome,
    SourceKind,
)
from ledgers.satisfaction import Satisfaction
from tests.factories import PASSWORD, UnitFactory, clerk_user, make_user
from tests.ledgers.rectification.conftest import D, make_case
from tests.utils import assert_login_required, assert_refused

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CALLER = "刘先生"
CALLER_PHONE = "13605357777"


@pytest.fixture
def hw(world):
    """The conftest world plus an 89000 centre (and its clerk), a second hotline centre and 纪委."""
    centre = UnitFactory(name="89000民生服务中心", special_function=SpecialFunction.HOTLINE_CENTRE)
    second = UnitFactory(name="另一热线中心", special_function=SpecialFunction.HOTLINE_CENTRE)
    return world | {
        "centre": centre,
        "clerk_centre": clerk_user(centre),
        "clerk_second": clerk_user(second),
        "jiwei": make_user("inspector"),
    }


def enter(hw, user=None, **kwargs):
    fields = {
        "user": user or hw["clerk_centre"],
        "on": D(2026, 9, 28),
        "appeal_type": AppealType.COMPLAIN,
        "title": "工地夜间施工噪音",
        "category": hw["category"],
        "content": f"东村花园北侧工地每晚施工到凌晨,{CALLER}电话{CALLER_PHONE}。",
        "town": "方圆街道",
        "village": "东村社区",
        "compound": "东村花园",
        "reporter_name": CALLER,
        "reporter_phone": CALLER_PHONE,
    }
    fields.update(kwargs)
    return services.enter_hotline_item(**fields)


def submitted(hw, case):
    """Assign to 住建局, sign and report the result (with evidence)."""
    services.assign(case, hw["zjj"], 15, user=hw["office"], on=D(2026, 9, 29))
    services.sign(case, user=hw["clerk_zjj"], on=D(2026, 9, 30))
    services.submit_result(
        case,
        user=hw["clerk_zjj"],
        on=D(2026, 10, 9),
        outcome=Outcome.SOLVED,
        detail="已约谈施工单位,夜间停止施工",
        files=[SimpleUploadedFile("通知.png", PNG)],
    )
    return case


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


# --- rules ---------------------------------------------------------------------------------


def test_only_a_consultation_may_be_answered_on_the_spot():
    assert rules.may_answer_on_spot(AppealType.CONSULT)
    for other in (AppealType.HELP, AppealType.SUGGEST, AppealType.COMPLAIN, ""):
        assert not rules.may_answer_on_spot(other)


def test_handling_unit_calls_back_only_cases_no_unit_entered():
    assert rules.handling_unit_may_call_back(None)
    assert not rules.handling_unit_may_call_back(7)


def test_centre_calls_back_once_the_result_is_reported():
    assert rules.centre_may_call_back(CaseState.SUBMITTED)
    assert rules.centre_may_call_back(CaseState.REOPENED)
    for state in (CaseState.NEW, CaseState.ASSIGNED, CaseState.IN_PROGRESS, CaseState.CLOSED):
        assert not rules.centre_may_call_back(state)


# --- services ------------------------------------------------------------------------------


def test_hotline_clerk_entry_creates_one_hotline_case(hw):
    case = enter(hw, contact_consent=True)
    assert Case.objects.count() == 1
    assert case.source == SourceKind.HOTLINE and case.appeal_type == AppealType.COMPLAIN
    assert case.needs_callback and case.state == CaseState.NEW
    assert case.entered_by_unit == hw["centre"] and case.received_on == D(2026, 9, 28)
    assert case.show_identity_to_unit  # the caller's consent, what identity_visible_to reads
    source = CaseSource.objects.get(case=case)
    assert source.kind == SourceKind.HOTLINE and source.reporter_phone == CALLER_PHONE
    entry = ModelLogEntry.objects.get(action="rectification.hotline_entry")
    assert entry.user_id == hw["clerk_centre"].pk
    assert entry.data["appeal_type"] == "complain" and entry.data["consent"] is True
    assert "投诉" in entry.formatter.format_message(entry)


def test_only_centre_clerks_and_the_office_enter_hotline_items(hw):
    for who in ("clerk_zjj", "clerk_other", "jiwei"):
        with pytest.raises(PermissionDenied):
            enter(hw, user=hw[who])
    by_office = enter(hw, user=hw["office"])
    assert by_office.entered_by_unit is None and by_office.source == SourceKind.HOTLINE


def test_appeal_type_is_required_and_a_callback_needs_a_phone(hw):
    with pytest.raises(services.CaseActionError, match="诉求类型"):
        enter(hw, appeal_type="")
    with pytest.raises(services.CaseActionError, match="电话"):
        enter(hw, reporter_phone="")
    assert not Case.objects.exists()


def test_consultation_answered_on_the_spot_is_closed_without_callback(hw):
    case = enter(
        hw,
        appeal_type=AppealType.CONSULT,
        answered_on_spot=True,
        answer="已告知申请条件和材料",
        reporter_phone="",
    )
    assert case.state == CaseState.CLOSED and case.answered_on_spot
    assert not case.needs_callback and case.closed_on == D(2026, 9, 28)
    assert case.answer_to_citizen == "已告知申请条件和材料" and case.assigned_unit is None
    # Not a rectification problem: out of the ledger's figures, counted by 诉求类型.
    assert office_figures(D(2026, 10, 1))["totals"]["closed"] == 0
    consult = next(r for r in appeal_figures(Case.objects.all()) if r["appeal_type"] == "consult")
    assert consult["total"] == consult["on_spot"] == consult["closed"] == 1


def test_only_a_consultation_is_closed_on_the_spot(hw):
    with pytest.raises(services.CaseActionError, match="只有咨询"):
        enter(hw, appeal_type=AppealType.COMPLAIN, answered_on_spot=True, answer="已答复")
    with pytest.raises(services.CaseActionError, match="答复"):
        enter(hw, appeal_type=AppealType.CONSULT, answered_on_spot=True, answer="")


def test_hotline_case_cannot_close_without_callback_then_can(hw):
    case = enter(hw)
    services.assign(case, hw["zjj"], 15, user=hw["office"], on=D(2026, 9, 29))
    services.sign(case, user=hw["clerk_zjj"], on=D(2026, 9, 30))
    # Before the unit reports, the centre has nothing to call back about.
    with pytest.raises(services.CaseActionError, match="报送办理结果后"):
        services.record_callback(case, user=hw["clerk_centre"], on=D(2026, 10, 1), text="x")
    services.submit_result(
        case,
        user=hw["clerk_zjj"],
        on=D(2026, 10, 9),
        outcome=Outcome.SOLVED,
        detail="已停止夜间施工",
        files=[SimpleUploadedFile("a.png", PNG)],
    )
    with pytest.raises(services.CaseActionError, match="回访"):
        services.close(case, user=hw["office"], on=D(2026, 10, 12), answer="已处理")
    # A unit's note of kind 回访 does not count as one (and is refused).
    with pytest.raises(services.CaseActionError):
        services.add_note(case, user=hw["clerk_zjj"], on=D(2026, 10, 9), kind="callback", text="x")
    for outsider in ("clerk_other", "clerk_second", "jiwei"):
        with pytest.raises(PermissionDenied):
            services.record_callback(case, user=hw[outsider], on=D(2026, 10, 12), text="已回访")
    # The handling unit does not call back about its own work on the centre's entry.
    with pytest.raises(services.CaseActionError, match="承办单位不自行回访"):
        services.record_callback(case, user=hw["clerk_zjj"], on=D(2026, 10, 12), text="已回访")
    note = services.record_callback(
        case,
        user=hw["clerk_centre"],
        on=D(2026, 10, 12),
        text="电话回访刘先生,夜间已无施工",
        satisfaction=Satisfaction.SATISFIED,
    )
    assert note.kind == NoteKind.CALLBACK and note.satisfaction == Satisfaction.SATISFIED
    with pytest.raises(PermissionDenied):  # the centre does not close; the office does
        services.close(case, user=hw["clerk_centre"], on=D(2026, 10, 12), answer="已处理")
    services.close(case, user=hw["office"], on=D(2026, 10, 12), answer="已处理")
    assert case.state == CaseState.CLOSED


def test_callback_rating_must_be_one_of_the_five_levels(hw):
    case = submitted(hw, enter(hw))
    with pytest.raises(services.CaseActionError, match="满意度"):
        services.record_callback(
            case, user=hw["clerk_centre"], on=D(2026, 10, 12), text="x", satisfaction="great"
        )


# --- identity -------------------------------------------------------------------------------


def test_handling_unit_sees_the_caller_only_with_consent_the_centre_always(hw):
    without = enter(hw, contact_consent=False)
    with_consent = enter(hw, contact_consent=True, title="另一件")
    for case in (without, with_consent):
        services.assign(case, hw["zjj"], 15, user=hw["office"], on=D(2026, 9, 29))
    assert not without.identity_visible_to(hw["clerk_zjj"])
    assert without.reporter_for(hw["clerk_zjj"]) == ("", "")
    assert CALLER_PHONE not in without.content_for(hw["clerk_zjj"])
    assert with_consent.reporter_for(hw["clerk_zjj"]) == (CALLER, CALLER_PHONE)
    for case in (without, with_consent):
        assert case.reporter_for(hw["clerk_centre"]) == (CALLER, CALLER_PHONE)
        assert CALLER_PHONE in case.content_for(hw["clerk_centre"])  # it took the call
        assert case.reporter_for(hw["office"]) == (CALLER, CALLER_PHONE)
        for outsider in ("clerk_other", "clerk_second", "jiwei"):
            assert not case.identity_visible_to(hw[outsider])


def test_workbench_shows_caller_by_consent_and_logs_only_the_units_views(client, hw):
    case = enter(hw, contact_consent=False)
    services.assign(case, hw["zjj"], 15, user=hw["office"], on=D(2026, 9, 29))
    url = reverse("rectification_admin:detail", args=[case.pk])
    login(client, hw["clerk_zjj"])
    body = client.get(url).content.decode()
    assert CALLER not in body and CALLER_PHONE not in body
    assert "反映人未同意向承办单位公开身份" in body
    login(client, hw["clerk_centre"])
    body = client.get(url).content.decode()
    assert CALLER in body and CALLER_PHONE in body and "每次查看均记录在案" not in body
    assert not ModelLogEntry.objects.filter(action="rectification.identity_view").exists()
    Case.objects.filter(pk=case.pk).update(show_identity_to_unit=True)
    login(client, hw["clerk_zjj"])
    assert CALLER_PHONE in client.get(url).content.decode()
    assert ModelLogEntry.objects.filter(action="rectification.identity_view").count() == 1


# --- permission matrix over every case view ------------------------------------------------------

ROLES = ["anonymous", "clerk_other", "clerk_second", "clerk_zjj", "clerk_centre", "office", "jiwei"]
# Views of one case: who may open them (the rest are refused; anonymous goes to the login).
READERS = {"clerk_zjj", "clerk_centre", "office"}
CASE_VIEW_READERS = {
    "detail": READERS,
    "slip": READERS,
    "evidence": READERS,
    "history": {"office"},  # the generic history needs change permission; units read 处理记录
    "edit": {"office"},
    "delete": {"office"},
}


@pytest.fixture
def hotline_case(hw):
    return submitted(hw, enter(hw))


def _urls(case):
    ev = case.evidence.get()
    return {
        "detail": reverse("rectification_admin:detail", args=[case.pk]),
        "slip": reverse("rectification_admin:slip", args=[case.pk]),
        "evidence": reverse("rectification_admin:evidence", args=[case.pk, ev.pk]),
        "history": reverse("rectification_admin:history", args=[case.pk]),
        "edit": reverse("rectification_admin:edit", args=[case.pk]),
        "delete": reverse("rectification_admin:delete", args=[case.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(CASE_VIEW_READERS))
def test_case_views_of_a_hotline_entry(client, hw, hotline_case, view, role):
    url = _urls(hotline_case)[view]
    if role == "anonymous":
        assert_login_required(client.get(url))
        return
    login(client, hw[role])
    response = client.get(url)
    if role in CASE_VIEW_READERS[view]:
        assert response.status_code == 200, (view, role, response.status_code)
    else:
        assert_refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_case_index_and_export_of_a_hotline_entry(client, hw, hotline_case, role):
    other = make_case(hw, title="教体局自己的问题")
    services.assign(other, hw["other"], 5, user=hw["office"], on=D(2026, 9, 29))
    office_hotline = enter(hw, user=hw["office"], title="作风办录入的热线")
    url = reverse("rectification_admin:index")
    if role == "anonymous":
        assert_login_required(client.get(url))
        return
    login(client, hw[role])
    response = client.get(url)
    if role == "jiwei":
        assert response.status_code != 200 or hotline_case.title not in response.content.decode()
        return
    body = response.content.decode()
    export = client.get(url + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    text = "\n".join(",".join(r) for r in rows)
    sees_entry = role in READERS
    assert (hotline_case.title in body) == sees_entry
    assert (hotline_case.title in text) == sees_entry
    assert ("教体局自己的问题" in body) == (role in ("clerk_other", "office"))
    assert (office_hotline.title in body) == (role == "office")
    assert "诉求类型" in rows[0]
    if sees_entry:
        assert "投诉" in text
    assert CALLER_PHONE not in text


@pytest.mark.parametrize("role", ROLES)
def test_overdue_and_lookback_keep_to_the_scope(client, hw, role):
    case = enter(hw)
    services.assign(case, hw["zjj"], 1, user=hw["office"], on=D(2026, 9, 29))
    services.sign(case, user=hw["clerk_zjj"], on=D(2026, 9, 29))
    for name, query in (("overdue", ""), ("lookback", "?compound=东村花园")):
        url = reverse(f"rectification_admin:{name}") + query
        if role == "anonymous":
            assert_login_required(client.get(url))
            continue
        login(client, hw[role])
        response = client.get(url)
        if role == "jiwei":
            assert_refused(response)
            continue
        assert response.status_code == 200
        assert (case.title in response.content.decode()) == (role in READERS), (name, role)


def test_a_centre_probing_ids_gets_the_same_answer_for_foreign_and_missing(client, hw):
    foreign = make_case(hw)
    login(client, hw["clerk_centre"])
    missing = foreign.pk + 1000
    for name in ("detail", "slip", "history", "edit"):
        answers = [
            (r.status_code, r.get("Location"))
            for r in (
                client.get(reverse(f"rectification_admin:{name}", args=[pk]))
                for pk in (foreign.pk, missing)
            )
        ]
        assert answers[0] == answers[1] and answers[0][0] != 200, name


def test_centre_log_entries_are_its_own_entries_only(hw, hotline_case):
    make_case(hw, title="别的问题")
    entries = ModelLogEntry.objects.viewable_by_user(hw["clerk_centre"])
    assert entries.exists()
    assert {int(e.object_id) for e in entries} == {hotline_case.pk}
    assert not ModelLogEntry.objects.viewable_by_user(hw["clerk_second"]).exists()


# --- the workbench: the centre's 回访, nothing else ------------------------------------------------


def test_centre_records_the_callback_on_the_workbench_and_the_office_closes(
    client, hw, hotline_case
):
    act = lambda name: reverse("rectification_admin:action", args=[hotline_case.pk, name])  # noqa: E731
    login(client, hw["clerk_centre"])
    body = client.get(reverse("rectification_admin:detail", args=[hotline_case.pk])).content
    body = body.decode()
    assert "回访来电人" in body and 'data-action="callback"' in body
    assert 'data-action="sign"' not in body and 'data-action="close"' not in body
    # Refused: the unit's and the office's actions.
    for name, data in (
        ("submit", {"submit-outcome": "solved", "submit-detail": "x"}),
        ("sign", {}),
        ("close", {"close-answer": "x", "close-confirm": "1"}),
    ):
        assert_refused(client.post(act(name), data))
    hotline_case.refresh_from_db()
    assert hotline_case.state == CaseState.SUBMITTED
    # A bad form keeps what was typed.
    response = client.post(act("callback"), {"callback-text": "已回访,来电人说夜间安静了"})
    assert response.status_code == 400
    assert "已回访,来电人说夜间安静了" in response.content.decode()
    assert not hotline_case.notes.filter(kind=NoteKind.CALLBACK).exists()
    login(client, hw["clerk_zjj"])
    body = client.get(reverse("rectification_admin:detail", args=[hotline_case.pk])).content
    assert b'data-action="callback"' not in body  # the handling unit does not call back
    login(client, hw["clerk_other"])
    assert_refused(
        client.post(act("callback"), {"callback-text": "x", "callback-satisfaction": "satisfied"})
    )
    login(client, hw["clerk_centre"])
    response = client.post(
        act("callback"),
        {"callback-text": "已回访,来电人说夜间安静了", "callback-satisfaction": "satisfied"},
    )
    assert response.status_code == 302
    assert hotline_case.notes.get(kind=NoteKind.CALLBACK).satisfaction == "satisfied"
    login(client, hw["office"])
    response = client.post(act("close"), {"close-answer": "已处理", "close-confirm": "1"})
    assert response.status_code == 302
    hotline_case.refresh_from_db()
    assert hotline_case.state == CaseState.CLOSED


# --- the entry screen and the centre's list -------------------------------------------------------


def _post_data(hw, **kwargs):
    data = {
        "appeal_type": "help",
        "title": "楼道灯损坏求助",
        "category": hw["category"].pk,
        "content": "幸福小区2号楼楼道灯全坏了",
        "town": "凤城街道",
        "village": "凤城社区",
        "compound": "幸福小区",
        "address_detail": "2号楼",
        "reporter_name": "陈阿姨",
        "reporter_phone": "137 0535 8888",
        "contact_consent": "on",
        "received_on": "2026-09-28",
    }
    data.update(kwargs)
    return data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["hotline_entry", "hotline"])
def test_hotline_screens_in_roles(client, hw, role, name):
    url = reverse(f"rectification_admin:{name}")
    if role == "anonymous":
        assert_login_required(client.get(url))
        return
    login(client, hw[role])
    response = client.get(url)
    if role in ("clerk_centre", "clerk_second", "office"):
        assert response.status_code == 200
    else:
        assert_refused(response)


def test_entry_screen_saves_a_new_case_and_keeps_input_on_error(client, hw):
    url = reverse("rectification_admin:hotline_entry")
    login(client, hw["clerk_centre"])
    response = client.post(url, _post_data(hw, appeal_type="", reporter_phone="12345"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择诉求类型" in body and "请填写正确的手机号" in body
    assert 'value="楼道灯损坏求助"' in body and "幸福小区2号楼楼道灯全坏了" in body
    response = client.post(
        url, _post_data(hw, appeal_type="help", answered_on_spot="on", answer="x")
    )
    assert response.status_code == 400 and "只有咨询类诉求可以当场办结" in response.content.decode()
    assert not Case.objects.exists()
    response = client.post(url, _post_data(hw))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.appeal_type == "help" and case.source == SourceKind.HOTLINE
    assert case.entered_by_unit == hw["centre"] and case.needs_callback
    assert case.reporter_phone == "13705358888" and case.show_identity_to_unit
    assert case.received_on == D(2026, 9, 28) and case.address_detail == "2号楼"


def test_entry_screen_refuses_a_future_date(client, hw):
    login(client, hw["clerk_centre"])
    response = client.post(
        reverse("rectification_admin:hotline_entry"), _post_data(hw, received_on="2999-01-01")
    )
    assert response.status_code == 400 and "受理日期不能晚于今天" in response.content.decode()


def test_centre_list_shows_own_entries_state_and_callback(client, hw, hotline_case):
    mine_on_spot = enter(
        hw,
        appeal_type=AppealType.CONSULT,
        answered_on_spot=True,
        answer="已答复",
        title="咨询公租房",
    )
    theirs = enter(hw, user=hw["clerk_second"], title="另一中心的来电")
    by_office = enter(hw, user=hw["office"], title="作风办录入的热线")
    other = make_case(hw, title="不是热线的问题")
    url = reverse("rectification_admin:hotline")
    login(client, hw["clerk_centre"])
    body = client.get(url).content.decode()
    assert hotline_case.title in body and mine_on_spot.title in body
    assert theirs.title not in body and by_office.title not in body and other.title not in body
    assert "待回访" in body and "住建局" in body and "当场办结" in body
    # Counts by 诉求类型.
    assert "按诉求类型统计" in body
    pending = client.get(url + "?callback=pending").content.decode()
    assert hotline_case.title in pending and mine_on_spot.title not in pending
    consult = client.get(url + "?appeal_type=consult").content.decode()
    assert mine_on_spot.title in consult and hotline_case.title not in consult
    services.record_callback(
        hotline_case,
        user=hw["clerk_centre"],
        on=D(2026, 10, 12),
        text="已回访",
        satisfaction="basic",
    )
    body = client.get(url).content.decode()
    assert "已回访(基本满意)" in body
    export = client.get(url + "?export=xlsx")
    ws = load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "诉求类型" in cells and "投诉" in cells and "咨询" in cells
    assert hotline_case.title in cells and theirs.title not in cells
    assert CALLER_PHONE not in "".join(map(str, cells))
    login(client, hw["office"])
    body = client.get(url).content.decode()
    for case in (hotline_case, theirs, by_office, mine_on_spot):
        assert case.title in body
    assert other.title not in body


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _entries(hw, n):
    for i in range(n):
        case = enter(hw, title=f"热线{i}", appeal_type=AppealType.values[i % 4])
        if i % 2:
            submitted(hw, case)
        if i % 3 == 0 and case.state == CaseState.SUBMITTED:
            services.record_callback(
                case,
                user=hw["clerk_centre"],
                on=D(2026, 10, 12),
                text="已回访",
                satisfaction="satisfied",
            )


@pytest.mark.parametrize("who", ["clerk_centre", "office"])
def test_centre_list_in_constant_queries(client, hw, who):
    _entries(hw, 3)
    login(client, hw[who])
    url = reverse("rectification_admin:hotline")
    small = _count(client, url)
    _entries(hw, 27)
    assert Case.objects.count() == 30
    assert _count(client, url) == small


def test_appeal_figures_in_one_query(hw, django_assert_max_num_queries):
    _entries(hw, 8)
    with django_assert_max_num_queries(1):
        rows = appeal_figures(Case.objects.all())
    assert [r["label"] for r in rows] == ["咨询", "求助", "建议", "投诉"]
    assert sum(r["total"] for r in rows) == 8


def test_dashboard_and_exports_carry_the_appeal_type(client, hw, hotline_case):
    login(client, hw["office"])
    body = client.get(reverse("rectification_admin:dashboard")).content.decode()
    assert "按诉求类型" in body and "投诉" in body
    wb = load_workbook(
        io.BytesIO(client.get(reverse("rectification_admin:dashboard") + "?export=xlsx").content)
    )
    sheet = list(wb["按诉求类型"].iter_rows(values_only=True))
    assert ("投诉", 1, 1, 0, 0, 1) in sheet
    att5 = load_workbook(
        io.BytesIO(client.get(reverse("rectification_admin:att5_export")).content)
    ).active
    assert any("诉求类型:投诉" in str(c) for row in att5.iter_rows(values_only=True) for c in row)


def test_formula_like_text_is_escaped_in_the_centre_export(client, hw):
    enter(hw, title="=HYPERLINK(1)")
    login(client, hw["clerk_centre"])
    export = client.get(reverse("rectification_admin:hotline") + "?export=xlsx")
    cells = [
        c
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert "'=HYPERLINK(1)" in cells


def test_demo_hotline_entries_are_the_centres(db):
    from ledgers.demo import load_units, load_users
    from ledgers.rectification import demo

    load_users(load_units())
    demo.load()
    demo.load()
    entries = Case.objects.filter(entered_by_unit__special_function=SpecialFunction.HOTLINE_CENTRE)
    assert entries.count() == len(demo.HOTLINE_DEMO) == 3
    assert set(entries.values_list("appeal_type", flat=True)) == {"complain", "help", "consult"}
    assert entries.filter(state=CaseState.SUBMITTED, needs_callback=True).exists()
    assert entries.filter(answered_on_spot=True, state=CaseState.CLOSED).exists()


def test_centre_home_screen_lists_the_callbacks_waiting(client, hw, hotline_case):
    from ledgers.panels import waiting_panel_for

    groups = {g.key: g for g in waiting_panel_for(hw["clerk_centre"], D(2026, 10, 12)).groups}
    assert groups["callbacks"].count == 1 and groups["callbacks"].urgent
    assert hotline_case.title in groups["callbacks"].items[0].label
    assert "callbacks" not in {g.key for g in waiting_panel_for(hw["clerk_zjj"]).groups}
    services.record_callback(hotline_case, user=hw["clerk_centre"], on=D(2026, 10, 12), text="x")
    groups = {g.key: g for g in waiting_panel_for(hw["clerk_centre"], D(2026, 10, 12)).groups}
    assert groups["callbacks"].count == 0
    login(client, hw["clerk_centre"])
    assert "待回访的热线诉求" in client.get(reverse("wagtailadmin_home")).content.decode()
