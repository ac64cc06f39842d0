"""Every admin view of the case workbench, as anonymous / other unit / own unit / office."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.rectification import services
from ledgers.rectification.dashboard import office_figures
from ledgers.rectification.models import CaseState, Outcome
from tests.factories import PASSWORD
from tests.ledgers.rectification.conftest import assigned_case, make_case
from tests.utils import assert_login_required, assert_refused

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case(world):
    case = assigned_case(world)
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    services.submit_result(
        case,
        user=world["clerk_zjj"],
        on=D(2026, 10, 8),
        outcome=Outcome.SOLVED,
        detail="已修复",
        files=[SimpleUploadedFile("现场.png", PNG)],
    )
    return case


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def case_urls(case):
    ev = case.evidence.get()
    return {
        "detail": reverse("rectification_admin:detail", args=[case.pk]),
        "slip": reverse("rectification_admin:slip", args=[case.pk]),
        "evidence": reverse("rectification_admin:evidence", args=[case.pk, ev.pk]),
    }


CASE_VIEWS = ["detail", "slip", "evidence"]
OFFICE_VIEWS = ["dashboard", "clusters", "att5_export", "calendar"]
UNIT_VIEWS = ["queue", "overdue", "lookback", "ledger_export"]


@pytest.mark.parametrize("view", CASE_VIEWS)
def test_case_views_anonymous(client, case, view):
    assert_login_required(client.get(case_urls(case)[view]))


@pytest.mark.parametrize("view", CASE_VIEWS)
def test_case_views_other_unit_refused(client, world, case, view):
    login(client, world["clerk_other"])
    assert_refused(client.get(case_urls(case)[view]))


@pytest.mark.parametrize("view", CASE_VIEWS)
def test_case_views_own_unit(client, world, case, view):
    login(client, world["clerk_zjj"])
    response = client.get(case_urls(case)[view])
    assert response.status_code == 200
    if view == "detail":
        body = response.content.decode()
        assert "王小明" not in body and "13805351234" not in body
        assert "王**" not in body and "138****" not in body and "1234" not in body
        assert "反映人未同意向承办单位公开身份" in body


@pytest.mark.parametrize("view", CASE_VIEWS)
def test_case_views_office(client, world, case, view):
    login(client, world["office"])
    response = client.get(case_urls(case)[view])
    assert response.status_code == 200
    if view == "detail":
        assert "王小明" in response.content.decode()


@pytest.mark.parametrize("view", OFFICE_VIEWS)
def test_office_views_in_fours(client, world, case, view):
    url = reverse(f"rectification_admin:{view}")
    assert_login_required(client.get(url))
    login(client, world["clerk_other"])
    assert_refused(client.get(url))
    login(client, world["clerk_zjj"])
    assert_refused(client.get(url))
    login(client, world["office"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("view", UNIT_VIEWS)
def test_unit_views_in_fours(client, world, case, view):
    url = reverse(f"rectification_admin:{view}")
    office_url = url + f"?unit={world['zjj'].pk}"
    assert_login_required(client.get(url))
    login(client, world["clerk_other"])
    response = client.get(url)
    assert response.status_code == 200
    assert case.title not in _text(response)  # another unit sees nothing of this case
    login(client, world["clerk_zjj"])
    response = client.get(url + ("?compound=海滨" if view == "lookback" else ""))
    assert response.status_code == 200
    if view in ("queue", "ledger_export", "lookback"):
        assert case.title in _text(response) or "已修复" in _text(response)
    login(client, world["office"])
    assert (
        client.get(office_url if view != "lookback" else url + "?compound=海滨").status_code == 200
    )


def _text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        import io

        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    return response.content.decode()


def test_action_posts_in_fours(client, world):
    case = assigned_case(world)
    url = reverse("rectification_admin:action", args=[case.pk, "sign"])
    assert_login_required(client.post(url))
    login(client, world["clerk_other"])
    assert_refused(client.post(url))
    login(client, world["office"])  # the office cannot sign for a unit
    assert_refused(client.post(url))
    case.refresh_from_db()
    assert case.state == CaseState.ASSIGNED
    login(client, world["clerk_zjj"])
    assert client.post(url).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_bad_form_keeps_what_was_typed(client, world):
    case = make_case(world, concerned_unit=world["zjj"])
    login(client, world["office"])
    response = client.post(
        reverse("rectification_admin:action", args=[case.pk, "assign"]),
        {"assign-unit": world["zjj"].pk, "assign-time_limit_days": 7},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "回避规则" in body and 'value="7"' in body
    case.refresh_from_db()
    assert case.state == CaseState.NEW


def test_walk_through_views(client, world):
    """Assign → sign → handle → submit → close over HTTP, each step by its role."""
    case = make_case(world)
    act = lambda name: reverse("rectification_admin:action", args=[case.pk, name])  # noqa: E731
    login(client, world["office"])
    assert (
        client.post(
            act("assign"), {"assign-unit": world["zjj"].pk, "assign-time_limit_days": 5}
        ).status_code
        == 302
    )
    login(client, world["clerk_zjj"])
    assert client.post(act("sign")).status_code == 302
    assert (
        client.post(
            act("handle"),
            {"handle-section": "物业科", "handle-person": "孙", "handle-measures": "换灯"},
        ).status_code
        == 302
    )
    response = client.post(
        act("submit"),
        {
            "submit-outcome": "solved",
            "submit-detail": "已修复",
            "submit-files": [SimpleUploadedFile("a.png", PNG)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(act("close"), {"close-answer": "x"}).status_code in (
        302,
    )  # refused → dashboard
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    login(client, world["office"])
    assert (
        client.post(
            act("close"), {"close-answer": "已修复", "close-publish": "on", "close-confirm": "1"}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.publish_result


def test_index_and_export_scoped(client, world, case):
    mine = case
    theirs = make_case(world, title="教体局的问题")
    services.assign(theirs, world["other"], 3, user=world["office"], on=D(2026, 9, 29))
    login(client, world["clerk_zjj"])
    body = client.get(reverse("rectification_admin:index")).content.decode()
    assert mine.title in body and "教体局的问题" not in body
    export = client.get(reverse("rectification_admin:index") + "?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert mine.title in text and "教体局的问题" not in text and "王小明" not in text
    assert_refused(client.get(reverse("rectification_admin:edit", args=[mine.pk])))
    assert_refused(client.get(reverse("rectification_admin:edit", args=[theirs.pk])))
    login(client, world["office"])
    assert client.get(reverse("rectification_admin:edit", args=[mine.pk])).status_code == 200


def test_office_direct_entry_creates_source(client, world):
    login(client, world["office"])
    response = client.post(
        reverse("rectification_admin:add"),
        {
            "title": "热线:噪音",
            "category": world["category"].pk,
            "content": "夜间施工噪音",
            "source": "hotline",
            "received_on": "2026-10-09",
            "town": "方圆街道",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from ledgers.rectification.models import Case

    created = Case.objects.get(title="热线:噪音")
    assert created.sources.get().kind == "hotline"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _more_cases(world, n):
    for i in range(n):
        c = assigned_case(world, title=f"问题{i}", town=f"镇{i % 3}")
        services.sign(c, user=world["clerk_zjj"], on=D(2026, 9, 30))


@pytest.mark.parametrize(
    "url_name,who",
    [
        ("rectification_admin:index", "office"),
        ("rectification_admin:index", "clerk_zjj"),
        ("rectification_admin:dashboard", "office"),
        ("rectification_admin:queue", "clerk_zjj"),
        ("rectification_admin:overdue", "office"),
    ],
)
def test_constant_queries_as_cases_grow(client, world, url_name, who):
    _more_cases(world, 3)
    login(client, world[who])
    url = reverse(url_name)
    small = _count(client, url)
    _more_cases(world, 12)
    assert _count(client, url) == small


def test_dashboard_figures_in_five_queries(world, django_assert_max_num_queries):
    _more_cases(world, 5)
    with django_assert_max_num_queries(5):
        figures = office_figures(D(2026, 12, 1))
    assert figures["totals"]["overdue"] == 5
    assert figures["by_unit"][0]["label"] == "住建局"


def test_generic_history_view_in_fours(client, world, case):
    """The generic history needs change permission: office only. Units read the same log on the
    workbench (处理记录)."""
    url = reverse("rectification_admin:history", args=[case.pk])
    assert_login_required(client.get(url))
    login(client, world["clerk_other"])
    assert_refused(client.get(url))
    login(client, world["clerk_zjj"])
    assert_refused(client.get(url))
    assert (
        "处理记录"
        in client.get(reverse("rectification_admin:detail", args=[case.pk])).content.decode()
    )
    login(client, world["office"])
    body = client.get(url).content.decode()
    assert "交办" in body


def test_calendar_overrides_office_only(client, world):
    url = reverse("case_calendar:index")
    assert_login_required(client.get(url))
    login(client, world["clerk_zjj"])
    assert_refused(client.get(url))
    login(client, world["office"])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("case_calendar:add"), {"date": "2027-02-20", "kind": "workday", "note": "调休"}
    )
    assert response.status_code == 302


def test_evidence_of_other_case_not_reachable_through_own_case_url(client, world, case):
    theirs = assigned_case(world)
    login(client, world["clerk_zjj"])
    ev = case.evidence.get()
    # evidence id paired with a different case id → refused like a missing id, never the file
    assert_refused(client.get(reverse("rectification_admin:evidence", args=[theirs.pk, ev.pk])))


def test_return_offered_only_within_two_working_days(client, world):
    from django.utils import timezone

    fresh = assigned_case(world, on=timezone.localdate())
    old = assigned_case(world, on=D(2026, 1, 5))
    login(client, world["clerk_zjj"])
    assert (
        'id="action-return"'
        in client.get(reverse("rectification_admin:detail", args=[fresh.pk])).content.decode()
    )
    assert (
        'id="action-return"'
        not in client.get(reverse("rectification_admin:detail", args=[old.pk])).content.decode()
    )


def test_hand_over_real_report_from_queue_in_fours(client, world):
    from ledgers.rectification.models import Case
    from tests.ledgers.rectification.conftest import submit_report

    receipt = submit_report(world, content="海滨花园垃圾没人清运,已经三天了")
    report = receipt.report
    report.status = "accepted"
    report.save()
    queue = reverse("rectification_admin:handover")
    post = reverse("rectification_admin:hand_over", args=["report", report.pk])
    assert_login_required(client.get(queue))
    login(client, world["clerk_zjj"])
    assert_refused(client.get(queue))
    assert_refused(client.post(post))
    login(client, world["office"])
    assert receipt.code in client.get(queue).content.decode()
    response = client.post(post)
    case = Case.objects.get()
    assert response["Location"] == reverse("rectification_admin:detail", args=[case.pk])
    assert case.sources.get().report_id == report.pk
    client.post(post)  # twice: still one case
    assert Case.objects.count() == 1
    assert receipt.code not in client.get(queue).content.decode()
    assert (
        client.post(reverse("rectification_admin:hand_over", args=["nothing", 1])).status_code
        == 404
    )


def test_on_time_rate_counts_open_overdue_cases_overall_and_per_unit(client, world):
    import io

    from openpyxl import load_workbook

    from ledgers.rectification.dashboard import office_figures
    from ledgers.rectification.models import Case
    from tests.ledgers.rectification.conftest import assigned_case

    for _ in range(3):
        assigned_case(world, on=D(2026, 9, 1), days=3)  # deadline in early September
    figures = office_figures(D(2026, 11, 2))
    assert figures["totals"]["overdue"] == 3 and figures["totals"]["closed"] == 0
    assert figures["totals"]["on_time_rate"] == 0.0
    zjj = next(r for r in figures["by_unit"] if r["label"] == "住建局")
    assert zjj["on_time_rate"] == 0.0
    assert figures["by_category"][0]["on_time_rate"] == 0.0
    assert figures["by_town"][0]["on_time_rate"] == 0.0

    # One closed on time: 1 ÷ (1 closed + 2 still overdue).
    Case.objects.filter(pk=Case.objects.order_by("pk").first().pk).update(
        state="closed", closed_on=D(2026, 9, 3), closed_on_time=True
    )
    assert office_figures(D(2026, 11, 2))["totals"]["on_time_rate"] == 33.3

    client.login(username=world["office"].username, password=PASSWORD)
    html = client.get(reverse("rectification_admin:dashboard")).content.decode()
    assert "33.3%" in html and "100.0%" not in html
    response = client.get(reverse("rectification_admin:dashboard"), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    header, *rows = list(book["按单位"].iter_rows(values_only=True))
    assert header[-1] == "按期办结率(%)"
    assert ["住建局", 2, 2, 1, 1, 33.3] in [list(r) for r in rows]
