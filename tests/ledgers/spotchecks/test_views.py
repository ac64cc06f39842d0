"""The spot-check screens, per role: anonymous → login; a clerk of another unit, the own unit's
clerk and 纪委 → refused where the screen is the office's; results only after publication, a unit
only its own figures, never names or phones; constant query counts on the listings."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from ledgers.models import ProblemCategory
from ledgers.spotchecks import services
from ledgers.spotchecks.models import Call, Outcome, RoundState
from tests.ledgers.spotchecks.conftest import AT, ON
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db


def office_urls(round_, call):
    return {
        "index": reverse("spot_rounds:index"),
        "add": reverse("spot_rounds:add"),
        "edit": reverse("spot_rounds:edit", args=[round_.pk]),
        "history": reverse("spot_rounds:history", args=[round_.pk]),
        "work": reverse("spot_rounds:work", args=[round_.pk]),
        "export": reverse("spot_rounds:export", args=[round_.pk]),
        "print": reverse("spot_rounds:print", args=[round_.pk]),
        "queue": reverse("spot_rounds:queue"),
        "call": reverse("spot_rounds:call", args=[call.pk]),
    }


def office_posts(round_, call):
    return {
        "draw": reverse("spot_rounds:draw", args=[round_.pk]),
        "verify": reverse("spot_rounds:verify", args=[round_.pk]),
        "publish": reverse("spot_rounds:publish", args=[round_.pk]),
        "reveal": reverse("spot_rounds:reveal", args=[call.pk]),
        "raise_case": reverse("spot_rounds:raise_case", args=[call.pk]),
        "call": reverse("spot_rounds:call", args=[call.pk]),
    }


@pytest.fixture
def call_a(world, drawn):
    return drawn.calls.filter(unit=world["a"], task="visits").order_by("pk").first()


def test_anonymous_is_sent_to_login(client, drawn, call_a):
    for url in [
        *office_urls(drawn, call_a).values(),
        reverse("spot_rounds:results_index"),
        reverse("spot_rounds:results", args=[drawn.pk]),
    ]:
        assert_login_required(client.get(url))
    for url in office_posts(drawn, call_a).values():
        assert_login_required(client.post(url))


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "inspector"])
def test_office_screens_refuse_clerks_of_any_unit_and_jiwei(client, world, drawn, call_a, who):
    client.force_login(world[who])
    for name, url in office_urls(drawn, call_a).items():
        assert_refused(client.get(url)), name
    for name, url in office_posts(drawn, call_a).items():
        assert_refused(client.post(url, {"outcome": "false"})), name
    assert not ModelLogEntry.objects.filter(action="spotchecks.reveal").exists()
    call_a.refresh_from_db()
    assert call_a.outcome == "" and call_a.case_id is None


def test_a_foreign_call_and_a_missing_call_get_the_same_answer(client, world, drawn, call_a):
    client.force_login(world["clerk_b"])
    missing = Call.objects.order_by("-pk").first().pk + 100
    answers = [client.get(reverse("spot_rounds:call", args=[pk])) for pk in (call_a.pk, missing)]
    assert [(r.status_code, r.get("Location")) for r in answers][0] == [
        (r.status_code, r.get("Location")) for r in answers
    ][1]
    client.force_login(world["office"])
    assert client.get(reverse("spot_rounds:call", args=[missing])).status_code == 404


def test_office_screens_work_for_the_office(client, world, drawn, call_a):
    client.force_login(world["office"])
    for name, url in office_urls(drawn, call_a).items():
        response = client.get(url)
        expected = 302 if name == "edit" else 200  # a drawn round's rules are frozen
        assert response.status_code == expected, (name, response.status_code)
    history = client.get(reverse("spot_rounds:history", args=[drawn.pk])).content.decode()
    assert "随机抽样" in history and "随机种子 42" in history
    page = client.get(reverse("spot_rounds:work", args=[drawn.pk])).content.decode()
    assert "42" in page and call_a.person_name in page
    assert call_a.phone not in page  # masked on the lists


def test_round_can_be_created_and_drawn_through_the_screens(client, world):
    from ledgers.spotchecks.models import Round

    client.force_login(world["office"])
    response = client.post(
        reverse("spot_rounds:add"),
        {
            "year": 2026,
            "season": "mid",
            "check_visits": "on",
            "size_mode": "share",
            "per_unit": 3,
            "share_percent": 20,
            "minimum": 2,
            "exclude_months": 6,
            "seed": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get()
    response = client.post(reverse("spot_rounds:draw", args=[round_.pk]), {"seed": "abc123"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == RoundState.DRAWN and round_.seed == "abc123"
    assert round_.calls.filter(unit=world["a"], task="visits").count() == 3  # 20% of 12, rounded up
    assert round_.calls.filter(unit=world["b"], task="visits").count() == 2  # the minimum
    # The rules are frozen once drawn.
    edit = client.get(reverse("spot_rounds:edit", args=[round_.pk]))
    assert edit.status_code == 302 and edit["Location"] == reverse(
        "spot_rounds:work", args=[round_.pk]
    )
    verified = client.post(reverse("spot_rounds:verify", args=[round_.pk]))
    assert "验证一致" in verified.content.decode()


def test_the_number_is_shown_only_after_reveal_and_each_reveal_is_logged(client, world, call_a):
    client.force_login(world["office"])
    url = reverse("spot_rounds:call", args=[call_a.pk])
    page = client.get(url).content.decode()
    assert call_a.phone not in page and "显示号码" in page
    revealed = client.post(reverse("spot_rounds:reveal", args=[call_a.pk])).content.decode()
    assert f"tel:{call_a.phone}" in revealed
    client.post(reverse("spot_rounds:reveal", args=[call_a.pk]))
    entries = ModelLogEntry.objects.filter(action="spotchecks.reveal", object_id=str(call_a.pk))
    assert entries.count() == 2 and {e.user for e in entries} == {world["office"]}
    assert "显示号码" in client.get(url).content.decode()  # the history lists the reveals


def test_recording_a_false_call_and_raising_its_case_with_one_click(client, world, call_a):
    client.force_login(world["office"])
    url = reverse("spot_rounds:call", args=[call_a.pk])
    response = client.post(
        url,
        {
            "outcome": "false",
            "visited": "no",
            "got_card": "no",
            "got_survey": "no",
            "got_leaflet": "no",
            "difficulty_solved": "no",
            "satisfaction": "dissatisfied",
            "note": "没有人来走访",
            "new_problem": "",
        },
    )
    assert response.status_code == 302
    call_a.refresh_from_db()
    assert call_a.outcome == Outcome.FALSE and call_a.attempts == 1 and call_a.visited == "no"
    page = client.get(url).content.decode()
    assert "转为整改问题" in page
    category = ProblemCategory.objects.get(name="干部作风")
    data = {"category": category.pk, "unit": world["a"].pk, "content": "走访台账不属实"}
    client.post(reverse("spot_rounds:raise_case", args=[call_a.pk]), data)
    client.post(reverse("spot_rounds:raise_case", args=[call_a.pk]), data)
    call_a.refresh_from_db()
    assert call_a.case is not None and call_a.case.spot_calls.count() == 1
    from ledgers.rectification.models import Case

    assert Case.objects.filter(source="spot_check").count() == 1
    page = client.get(url).content.decode()
    assert f"#{call_a.case_id}" in page and "每个电话只生成一个整改问题" in page


def test_invalid_call_form_is_answered_with_its_errors(client, world, call_a):
    client.force_login(world["office"])
    response = client.post(reverse("spot_rounds:call", args=[call_a.pk]), {"outcome": ""})
    assert response.status_code == 400


def test_calls_export_is_office_only_and_carries_phones(client, world, drawn, call_a):
    import io

    from openpyxl import load_workbook

    client.force_login(world["office"])
    response = client.get(reverse("spot_rounds:export", args=[drawn.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert call_a.phone in values and call_a.person_name in values
    assert ModelLogEntry.objects.filter(action="spotchecks.export").count() == 1


def test_print_sheet_has_print_css_and_masked_numbers(client, world, drawn, call_a):
    client.force_login(world["office"])
    page = client.get(reverse("spot_rounds:print", args=[drawn.pk])).content.decode()
    assert "@media print" in page and "电话抽查工作单" in page
    assert call_a.phone not in page and "联系卡" in page


# --- results -------------------------------------------------------------------------------


def work_some_calls(world, drawn):
    office = world["office"]
    a_calls = list(drawn.calls.filter(unit=world["a"], task="visits").order_by("position"))
    services.record_call(
        a_calls[0], user=office, at=AT, outcome=Outcome.CONFIRMED, satisfaction="satisfied"
    )
    a_calls[1] = services.record_call(
        a_calls[1], user=office, at=AT, outcome=Outcome.FALSE, satisfaction="dissatisfied"
    )
    services.record_call(a_calls[2], user=office, at=AT, outcome=Outcome.UNREACHABLE)
    b_call = drawn.calls.filter(unit=world["b"]).first()
    services.record_call(
        b_call, user=office, at=AT, outcome=Outcome.CONFIRMED, satisfaction="very_satisfied"
    )
    return a_calls, b_call


def test_results_figures_per_unit_and_task(world, drawn):
    from ledgers.spotchecks.results import round_results

    work_some_calls(world, drawn)
    rows, totals = round_results(drawn)
    row = next(r for r in rows if r.unit_id == world["a"].pk and r.task == "visits")
    assert (row.drawn, row.made, row.reached, row.confirmed, row.false, row.unreachable) == (
        3,
        3,
        2,
        1,
        1,
        1,
    )
    assert row.confirmed_rate == 50.0 and row.satisfaction_rate == 50.0
    assert totals[-1].drawn == 9 and totals[-1].confirmed == 2


def test_results_before_publication_only_for_the_office(client, world, drawn):
    url = reverse("spot_rounds:results", args=[drawn.pk])
    for who in ("clerk_a", "clerk_b", "inspector"):
        client.force_login(world[who])
        assert_refused(client.get(url))
        listing = client.get(reverse("spot_rounds:results_index")).content.decode()
        assert str(drawn) not in listing
    client.force_login(world["office"])
    page = client.get(url).content.decode()
    assert "尚未公布" in page and "各单位抽查电话核实结果" in page


def test_after_publication_a_unit_sees_only_its_own_figures(client, world, drawn):
    a_calls, b_call = work_some_calls(world, drawn)
    services.publish(drawn, user=world["office"], at=AT)
    url = reverse("spot_rounds:results", args=[drawn.pk])
    client.force_login(world["clerk_a"])
    page = client.get(url).content.decode()
    assert "甲镇" in page and "乙局" not in page
    for call in drawn.calls.all():
        assert call.phone not in page and call.person_name not in page
    assert str(drawn) in client.get(reverse("spot_rounds:results_index")).content.decode()
    xlsx = client.get(url + "?export=xlsx")
    import io

    from openpyxl import load_workbook

    values = [
        c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row
    ]
    assert "甲镇" in values and "乙局" not in values and a_calls[0].phone not in values
    # Never another unit's calls, and no call sheet at all.
    assert_refused(client.get(reverse("spot_rounds:call", args=[b_call.pk])))
    assert_refused(client.get(reverse("spot_rounds:call", args=[a_calls[0].pk])))
    client.force_login(world["clerk_b"])
    page = client.get(url).content.decode()
    assert "乙局" in page and "甲镇" not in page


def test_jiwei_reads_published_results_of_every_unit_read_only(client, world, drawn):
    work_some_calls(world, drawn)
    services.publish(drawn, user=world["office"], at=AT)
    client.force_login(world["inspector"])
    page = client.get(reverse("spot_rounds:results", args=[drawn.pk])).content.decode()
    assert "甲镇" in page and "乙局" in page and "公布抽查结果" not in page
    for call in drawn.calls.all():
        assert call.phone not in page and call.person_name not in page
    assert_refused(client.get(reverse("spot_rounds:work", args=[drawn.pk])))
    assert_refused(client.post(reverse("spot_rounds:publish", args=[drawn.pk])))


def test_a_unit_sees_cases_raised_from_its_calls(client, world, drawn):
    a_calls, _ = work_some_calls(world, drawn)
    category = ProblemCategory.objects.get(name="干部作风")
    case, _ = services.raise_case(a_calls[1], user=world["office"], on=ON, category=category)
    services.publish(drawn, user=world["office"], at=AT)
    client.force_login(world["clerk_a"])
    page = client.get(reverse("spot_rounds:results", args=[drawn.pk])).content.decode()
    assert f"#{case.pk}" in page and a_calls[1].person_name not in page
    client.force_login(world["clerk_b"])
    assert (
        f"#{case.pk}"
        not in client.get(reverse("spot_rounds:results", args=[drawn.pk])).content.decode()
    )


def test_missing_round_results_answer_like_unpublished_ones(client, world, drawn):
    client.force_login(world["clerk_a"])
    real = client.get(reverse("spot_rounds:results", args=[drawn.pk]))
    missing = client.get(reverse("spot_rounds:results", args=[drawn.pk + 100]))
    assert (real.status_code, real.get("Location")) == (
        missing.status_code,
        missing.get("Location"),
    )
    client.force_login(world["office"])
    assert client.get(reverse("spot_rounds:results", args=[drawn.pk + 100])).status_code == 404


def test_results_index_refuses_users_without_a_role(client, db):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert_refused(client.get(reverse("spot_rounds:results_index")))


# --- query counts --------------------------------------------------------------------------


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "name, who",
    [
        ("spot_rounds:work", "office"),
        ("spot_rounds:results", "office"),
        ("spot_rounds:results", "clerk_a"),
        ("spot_rounds:print", "office"),
    ],
)
def test_listings_keep_constant_query_counts(
    client, world, round_factory, name, who, django_assert_max_num_queries
):
    from tests.ledgers.spotchecks.conftest import rows

    office = world["office"]
    small = services.draw(
        round_factory(seed="1", per_unit=1, check_targets=False), user=office, on=ON, at=AT
    )
    if who != "office":
        services.publish(small, user=office, at=AT)
    for i in range(3, 13):
        from tests.factories import UnitFactory

        rows(UnitFactory(), i, 3)
    big = services.draw(
        round_factory(seed="2", per_unit=3, exclude_months=0), user=office, on=ON, at=AT
    )
    if who != "office":
        services.publish(big, user=office, at=AT)
    assert big.calls.count() >= 30 and small.calls.count() <= 3
    client.force_login(world[who])

    def url(round_):
        return reverse(name, args=[round_.pk])

    few = _count_queries(client, url(small), django_assert_max_num_queries)
    many = _count_queries(client, url(big), django_assert_max_num_queries)
    assert many == few, (few, many)


def test_queue_keeps_a_constant_query_count(client, world, round_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UnitFactory
    from tests.ledgers.spotchecks.conftest import rows

    office = world["office"]
    services.draw(
        round_factory(seed="1", per_unit=1, check_targets=False), user=office, on=ON, at=AT
    )
    client.force_login(office)
    url = reverse("spot_rounds:queue")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3, 13):
        rows(UnitFactory(), i, 3)
    services.draw(round_factory(seed="2", per_unit=3, exclude_months=0), user=office, on=ON, at=AT)
    assert Call.objects.count() >= 30
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def menu_labels(user):
    """Labels of the admin menu as ``user`` sees it (top level and submenus)."""
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    reverse("wagtailadmin_home")  # registers the viewsets' menu items
    request = RequestFactory().get("/admin/")
    request.user = user
    labels = []
    for item in admin_menu.menu_items_for_request(request):
        labels.append(str(item.label))
        if hasattr(item, "menu"):
            labels += [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
    return labels


@pytest.mark.parametrize(
    "who, shown, hidden",
    [
        ("office", ["电话抽查", "抽查轮次", "待拨电话", "抽查结果"], []),
        ("clerk_a", ["电话抽查", "抽查结果"], ["抽查轮次", "待拨电话"]),
        ("inspector", ["电话抽查", "抽查结果"], ["抽查轮次", "待拨电话"]),
    ],
)
def test_menu_per_role(world, who, shown, hidden):
    labels = menu_labels(world[who])
    for label in shown:
        assert label in labels, (label, labels)
    for label in hidden:
        assert label not in labels, (label, labels)


def test_round_index_keeps_a_constant_query_count(client, world, round_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["office"])
    url = reverse("spot_rounds:index")
    for _ in range(3):
        round_factory()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(27):
        round_factory()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_a_round_needs_a_task_and_a_sensible_size(client, world):
    from ledgers.spotchecks.models import Round

    client.force_login(world["office"])
    data = {
        "year": 2026,
        "season": "mid",
        "size_mode": "per_unit",
        "per_unit": 0,
        "share_percent": 101,
        "minimum": 2,
        "exclude_months": 6,
    }
    page = client.post(reverse("spot_rounds:add"), data).content.decode()
    assert not Round.objects.exists()
    assert "请至少选择一项抽查任务" in page
