"""Issue 14, point 4 — the town's view.

A town's clerks read every case whose place lies in their town, whoever handles it (state and
answer), and their look-back includes them; the unit whose ledger raised a problem reads that
case's progress. Reading is not handling: every write is refused, no action is offered, the
reporter's identity stays hidden, and the work lists keep to the unit's own cases. Another town
or department sees nothing of these cases.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.models import UnitKind
from ledgers.rectification import services, views
from ledgers.rectification.access import (
    CASE_SCOPE,
    CHILD_SCOPE,
    own_cases,
    scoped_cases,
    town_names,
)
from ledgers.rectification.models import Case, CaseEvidence, CaseState
from ledgers.waiting import clerk_waiting
from tests.factories import UnitFactory, clerk_user, ledger_row
from tests.ledgers.rectification.conftest import D, assigned_case
from tests.utils import assert_login_required, assert_refused

ANSWER = "路灯已于10月9日修复,请群众监督。"


def evidence(case):
    item = CaseEvidence(
        case=case, original_name="整改照片.pdf", kind="pdf", uploaded_on=D(2026, 10, 9)
    )
    item.file.save("e.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    item.save()
    return item


@pytest.fixture
def town(world):
    """方圆街道 (a town) and its clerk; 凤城街道 (another town) and its clerk; three cases, all
    handled by 住建局: one in 方圆街道, one in 凤城街道, and one in 凤城街道 raised by 教体局's
    visit ledger."""
    world["town"].short_name = "方圆"
    world["town"].save()
    fengcheng = UnitFactory(name="凤城街道", short_name="凤城", kind=UnitKind.TOWN)
    in_town = assigned_case(world)
    Case.objects.filter(pk=in_town.pk).update(answer_to_citizen=ANSWER)
    in_town.refresh_from_db()
    elsewhere = assigned_case(
        world, town="凤城街道", village="凤城社区", compound="阳光小区", title="阳光小区门口积水"
    )
    row = ledger_row(
        world["other"],
        address="凤城街道凤城社区阳光小区2号楼",
        problem_content="阳光小区2号楼楼道灯不亮",
        person_name="赵六",
        phone="13900002222",
    )
    raised, _ = services.hand_over_ledger_row(row, user=world["office"], on=D(2026, 9, 28))
    raised = services.assign(raised, world["zjj"], 5, user=world["office"], on=D(2026, 9, 29))
    return world | {
        "fengcheng": fengcheng,
        "clerk_town": clerk_user(world["town"]),
        "clerk_fengcheng": clerk_user(fengcheng),
        "in_town": in_town,
        "elsewhere": elsewhere,
        "raised": raised,
        "in_town_evidence": evidence(in_town),
        "elsewhere_evidence": evidence(elsewhere),
    }


def reachable(user):
    return set(scoped_cases(user, Case.objects.all()).values_list("pk", flat=True))


def pks(town, *names):
    return {town[n].pk for n in names}


# --- the policy ---------------------------------------------------------------------------------


def test_town_names_are_name_and_short_name_stripped(town):
    town["town"].short_name = " 方圆 "
    assert town_names(town["town"]) == ["方圆", "方圆街道"]
    assert town_names(town["zjj"]) == []
    assert town_names(None) == []


def test_who_reads_which_case(town):
    assert reachable(town["clerk_town"]) == pks(town, "in_town")
    assert reachable(town["clerk_fengcheng"]) == pks(town, "elsewhere", "raised")
    assert reachable(town["clerk_other"]) == pks(town, "raised")  # its ledger raised it
    assert reachable(town["clerk_zjj"]) == pks(town, "in_town", "elsewhere", "raised")
    assert reachable(town["office"]) == pks(town, "in_town", "elsewhere", "raised")


def test_the_place_may_name_the_town_by_its_short_name_with_blanks(town):
    Case.objects.filter(pk=town["in_town"].pk).update(town=" 方圆 ")
    case = Case.objects.get(pk=town["in_town"].pk)
    assert reachable(town["clerk_town"]) == {case.pk}
    assert CASE_SCOPE.user_can_reach(town["clerk_town"], case)


def test_reading_is_not_changing(town):
    for user, name in ((town["clerk_town"], "in_town"), (town["clerk_other"], "raised")):
        case = town[name]
        assert CASE_SCOPE.user_can_reach(user, case, "view")
        assert not CASE_SCOPE.user_can_reach(user, case, "change")
        assert not CASE_SCOPE.scope_queryset(user, Case.objects.all(), "change").exists()
        assert not own_cases(user, Case.objects.all()).exists()
    item = town["in_town_evidence"]
    assert CHILD_SCOPE.user_can_reach(town["clerk_town"], item, "view")
    assert not CHILD_SCOPE.user_can_reach(town["clerk_town"], item, "change")
    assert set(
        CHILD_SCOPE.scope_queryset(town["clerk_town"], CaseEvidence.objects.all()).values_list(
            "pk", flat=True
        )
    ) == {item.pk}
    assert not CHILD_SCOPE.user_can_reach(town["clerk_fengcheng"], item, "view")


def test_a_case_fed_by_several_ledger_rows_is_listed_once(town):
    from ledgers.rectification.models import CaseSource, SourceKind

    first = town["raised"].sources.get()
    for n in range(2):
        CaseSource.objects.create(
            case=town["raised"],
            kind=SourceKind.VISIT_LEDGER,
            reference=f"extra:{n}",
            handed_over_on=D(2026, 9, 28),
            ledger_row=ledger_row(town["other"], row_number=20 + n),
        )
    assert first.ledger_row.upload.unit == town["other"]
    assert list(
        scoped_cases(town["clerk_other"], Case.objects.all()).values_list("pk", flat=True)
    ) == [town["raised"].pk]


def test_the_services_refuse_a_reader(town):
    user = town["clerk_town"]
    case = town["in_town"]
    on = D(2026, 9, 30)
    calls = [
        lambda: services.sign(case, user=user, on=on),
        lambda: services.return_case(case, user=user, on=on, reason="不归我们管"),
        lambda: services.record_handling(
            case, user=user, section="城管科", person="张三", measures="修"
        ),
        lambda: services.add_note(case, user=user, on=on, kind="progress", text="已联系物业"),
        lambda: services.request_extension(case, user=user, on=on, days=3, reason="材料未到"),
        lambda: services.submit_result(case, user=user, on=on, outcome="solved", detail="已修复"),
        lambda: services.record_callback(case, user=user, on=on, text="已回访"),
        lambda: services.flag(case, user=user, reason="督办"),
        lambda: services.close(case, user=user, on=on, answer="已办结"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    case.refresh_from_db()
    assert case.state == CaseState.ASSIGNED


# --- the listing and its export ----------------------------------------------------------------


def test_listing_anonymous_is_sent_to_login(client, town):
    assert_login_required(client.get(reverse("rectification_admin:index")))
    assert_login_required(
        client.get(reverse("rectification_admin:detail", args=[town["in_town"].pk]))
    )


@pytest.fixture
def listed(client, town):
    """``listed(who, query)``: the names of the cases in ``town["cases"]`` on ``who``'s list."""
    town["cases"] = {name: town[name].pk for name in ("in_town", "elsewhere", "raised")}

    def names(who, query=""):
        client.force_login(town[who])
        response = client.get(reverse("rectification_admin:index") + query)
        assert response.status_code == 200
        body = response.content.decode()
        return {name for name, pk in town["cases"].items() if f"/{pk}/work/" in body}

    return names


def test_listing_per_user(listed):
    assert listed("clerk_town") == {"in_town"}
    assert listed("clerk_fengcheng") == {"elsewhere", "raised"}
    assert listed("clerk_other") == {"raised"}
    assert listed("clerk_zjj") == {"in_town", "elsewhere", "raised"}
    assert listed("office") == {"in_town", "elsewhere", "raised"}


def test_the_reach_filter_tells_own_cases_from_read_ones(listed, town):
    # 凤城街道 handles a case of its own (assigned to it), besides reading two of 住建局's.
    own = assigned_case(town, town="凤城街道", compound="阳光小区", title="阳光小区垃圾")
    Case.objects.filter(pk=own.pk).update(assigned_unit=town["fengcheng"])
    town["cases"]["own"] = own.pk

    def names(query):
        return listed("clerk_fengcheng", query)

    assert names("?reach=town") == {"elsewhere", "raised"}
    assert names("?reach=raised") == set()
    assert names("?reach=own") == {"own"}  # also in 凤城街道, but its own: not under 本镇辖区
    assert names("") == {"own", "elsewhere", "raised"}
    assert listed("clerk_other", "?reach=raised") == {"raised"}
    assert listed("clerk_other", "?reach=own") == set()
    assert listed("clerk_zjj", "?reach=own") == {"in_town", "elsewhere", "raised"}
    assert listed("clerk_zjj", "?reach=town") == set()


def test_the_reach_filter_is_shown_to_units_only(client, town):
    url = reverse("rectification_admin:index")
    client.force_login(town["clerk_town"])
    body = client.get(url).content.decode()
    assert "范围" in body and "本镇辖区" in body and "本单位台账反映" in body
    client.force_login(town["office"])
    assert "本镇辖区" not in client.get(url).content.decode()


def test_export_of_a_town_holds_its_area_only(client, town):
    client.force_login(town["clerk_town"])
    response = client.get(reverse("rectification_admin:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert town["in_town"].slip_number in body
    assert town["elsewhere"].slip_number not in body
    assert town["raised"].slip_number not in body
    assert "王小明" not in body and "13805351234" not in body


def test_listing_keeps_a_constant_query_count(client, town):
    client.force_login(town["clerk_town"])
    url = reverse("rectification_admin:index")
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    added = [assigned_case(town, title=f"海滨花园第{n}处路灯") for n in range(5)]
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    body = response.content.decode()
    assert all(case.slip_number in body for case in added)
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_raising_units_listing_keeps_a_constant_query_count(client, town):
    client.force_login(town["clerk_other"])
    url = reverse("rectification_admin:index")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(4):
        row = ledger_row(town["other"], problem_content=f"第{n}个楼道灯不亮")
        services.hand_over_ledger_row(row, user=town["office"], on=D(2026, 9, 28))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


# --- the case page, the slip, the evidence, the history ---------------------------------------


def test_town_reads_the_case_page_without_actions_or_identity(client, town):
    case = town["in_town"]
    Case.objects.filter(pk=case.pk).update(show_identity_to_unit=True)  # consent: to 住建局 only
    url = reverse("rectification_admin:detail", args=[case.pk])
    client.force_login(town["clerk_town"])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert case.get_state_display() in body
    assert ANSWER in body
    assert "本镇(街道)辖区" in body and "不能办理或操作" in body
    assert response.context["actions"] == []
    assert "/do/" not in body and "当前待办" not in body
    assert "王小明" not in body and "13805351234" not in body
    assert response.context["reporter_name"] == "" and response.context["reporter_phone"] == ""
    # The handling unit, with the reporter's consent, does get the contact data (and no notice).
    client.force_login(town["clerk_zjj"])
    body = client.get(url).content.decode()
    assert "13805351234" in body and "不能办理或操作" not in body


def test_raising_unit_reads_its_problems_progress(client, town):
    case = town["raised"]
    client.force_login(town["clerk_other"])
    response = client.get(reverse("rectification_admin:detail", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "本单位台账反映" in body
    assert response.context["actions"] == []
    assert "/do/" not in body
    assert "13900002222" not in body


@pytest.mark.parametrize("who", ["clerk_fengcheng", "clerk_other"])
def test_another_town_or_department_is_refused(client, town, who):
    client.force_login(town[who])
    case = town["in_town"]
    for name in ("detail", "slip"):
        assert_refused(client.get(reverse(f"rectification_admin:{name}", args=[case.pk])))
    assert_refused(
        client.get(
            reverse("rectification_admin:evidence", args=[case.pk, town["in_town_evidence"].pk])
        )
    )


def test_town_prints_the_slip_and_downloads_evidence_of_its_area_only(client, town):
    client.force_login(town["clerk_town"])
    case = town["in_town"]
    slip = client.get(reverse("rectification_admin:slip", args=[case.pk]))
    assert slip.status_code == 200 and "王小明" not in slip.content.decode()
    mine = reverse("rectification_admin:evidence", args=[case.pk, town["in_town_evidence"].pk])
    assert client.get(mine).status_code == 200
    other = town["elsewhere"]
    assert_refused(client.get(reverse("rectification_admin:slip", args=[other.pk])))
    assert_refused(
        client.get(
            reverse("rectification_admin:evidence", args=[other.pk, town["elsewhere_evidence"].pk])
        )
    )


def test_generic_history_stays_the_offices(client, town):
    """Like the handling unit, a town follows the log on the case page (处理记录)."""
    url = reverse("rectification_admin:history", args=[town["in_town"].pk])
    client.force_login(town["clerk_town"])
    assert_refused(client.get(url))
    page = client.get(reverse("rectification_admin:detail", args=[town["in_town"].pk]))
    assert "处理记录" in page.content.decode()


@pytest.mark.parametrize("name", sorted(views.ACTIONS))
def test_every_action_is_refused_to_the_town(client, town, name):
    case = town["in_town"]
    client.force_login(town["clerk_town"])
    response = client.post(
        reverse("rectification_admin:action", args=[case.pk, name]),
        {f"{name}-confirm": "1", f"{name}-reason": "x", f"{name}-text": "x"},
    )
    assert_refused(response)
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.updated_at) == (case.state, case.updated_at)


@pytest.mark.parametrize("name", ["edit", "delete"])
def test_the_record_itself_is_refused_to_readers(client, town, name):
    for who, case in (("clerk_town", "in_town"), ("clerk_other", "raised")):
        client.force_login(town[who])
        url = reverse(f"rectification_admin:{name}", args=[town[case].pk])
        assert_refused(client.get(url))
        assert_refused(client.post(url, {}))
    assert Case.objects.filter(pk=town["in_town"].pk).exists()


# --- work lists stay the unit's own --------------------------------------------------------------


def test_queue_overdue_and_waiting_lists_hold_own_work_only(client, town):
    today = datetime.date(2026, 12, 4)
    client.force_login(town["clerk_town"])
    queue = client.get(reverse("rectification_admin:queue")).content.decode()
    assert town["in_town"].slip_number not in queue
    overdue = client.get(reverse("rectification_admin:overdue"))
    assert overdue.status_code == 200
    assert list(overdue.context["rows"]) == []
    groups = {g.key: g.count for g in clerk_waiting(town["town"], today)}
    assert groups["to_sign"] == 0 and groups["overdue"] == 0
    # The handling unit still has it in its work lists.
    client.force_login(town["clerk_zjj"])
    assert town["in_town"] in list(
        client.get(reverse("rectification_admin:overdue")).context["rows"]
    )
    assert {g.key: g.count for g in clerk_waiting(town["zjj"], today)}["to_sign"] == 3


def test_the_towns_own_ledger_export_holds_none_of_the_cases_it_reads(client, town):
    import io

    from openpyxl import load_workbook

    def cells(user):
        client.force_login(user)
        response = client.get(reverse("rectification_admin:ledger_export"))
        assert response.status_code == 200
        ws = load_workbook(io.BytesIO(response.content)).active
        return {str(v) for row in ws.iter_rows(values_only=True) for v in row if v}

    assert town["in_town"].slip_number not in cells(town["clerk_town"])
    assert town["in_town"].slip_number in cells(town["clerk_zjj"])


# --- the look-back ---------------------------------------------------------------------------------


def _looked_back(client, user, **place):
    client.force_login(user)
    response = client.get(reverse("rectification_admin:lookback"), place)
    assert response.status_code == 200
    return [case.pk for _, cases in response.context["groups"] or [] for case in cases]


def test_look_back_of_a_town_includes_the_cases_other_units_handle(client, town):
    place = {"town": "方圆街道", "compound": "海滨花园"}
    assert _looked_back(client, town["clerk_town"], **place) == [town["in_town"].pk]
    assert _looked_back(client, town["clerk_fengcheng"], **place) == []
    assert _looked_back(client, town["clerk_other"], **place) == []
    assert _looked_back(client, town["clerk_other"], compound="阳光小区") == [town["raised"].pk]


# --- the demo tells the story --------------------------------------------------------------------


def test_demo_fangyuan_reads_zjjs_cases_in_its_area(client, db):
    from django.contrib.auth import get_user_model

    from ledgers.demo import load_units, load_users
    from ledgers.rectification import demo

    load_users(load_units())
    demo.load()
    users = {u.username: u for u in get_user_model().objects.all()}
    in_area = Case.objects.filter(town="方圆街道", assigned_unit__name="海阳市住房和城乡建设局")
    assert in_area.count() >= 2
    read = scoped_cases(users["fangyuan"], Case.objects.all())
    assert set(in_area.values_list("pk", flat=True)) <= set(read.values_list("pk", flat=True))
    assert not read.exclude(town="方圆街道").exists()
    assert not own_cases(users["fangyuan"], Case.objects.all()).exists()
    assert not scoped_cases(users["spj"], in_area).exists()
    client.force_login(users["fangyuan"])
    for case in in_area:
        response = client.get(reverse("rectification_admin:detail", args=[case.pk]))
        assert response.status_code == 200
        assert response.context["actions"] == []
        assert case.reporter_phone not in response.content.decode()


def test_demo_visit_ledger_case_is_raised_by_fangyuans_own_ledger(db):
    from django.contrib.auth import get_user_model

    from ledgers.demo import load_units, load_users
    from ledgers.rectification import demo
    from ledgers.rectification.access import case_raised_by_q
    from ledgers.sheets import demo as sheets_demo

    units = load_units()
    load_users(units)
    sheets_demo.load()
    demo.load()
    from ledgers.roles import unit_of

    assert not Case.objects.filter(case_raised_by_q(None)).exists()
    unit = unit_of(get_user_model().objects.get(username="fangyuan"))
    raised = Case.objects.filter(case_raised_by_q(unit))
    assert list(raised.values_list("title", flat=True)) == ["海滨花园电梯经常停运"]
    assert raised.get().assigned_unit.name == "海阳市住房和城乡建设局"
