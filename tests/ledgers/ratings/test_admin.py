"""Admin of 好差评 per role: anonymous (login), clerk of another unit, own unit, office, 纪委.
A unit sees its own ratings only and never a name or phone (absent, not masked); listings and
figures keep constant query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.ratings.models import Rating, RatingSettings
from tests.ledgers.ratings.conftest import rate
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db

NAME, PHONE, OTHER_PHONE = "陈先生", "13905351122", "13705359988"


@pytest.fixture
def rated(world):
    own = rate(
        world["window"],
        level="dissatisfied",
        approval_item=world["item"],
        aspects=["attitude"],
        comment="窗口说话很冲",
        name=NAME,
        phone=PHONE,
    )
    other = rate(
        world["other"],
        level="very_dissatisfied",
        comment="公安窗口没人",
        name="李四",
        phone=OTHER_PHONE,
    )
    return {"own": own, "other": other}


def urls(rated, world):
    own = rated["own"]
    return {
        "index": reverse("ratings_admin:index"),
        "inspect": reverse("ratings_admin:inspect", args=[own.pk]),
        "history": reverse("ratings_admin:history", args=[own.pk]),
        "figures": reverse("ratings_admin:figures"),
        "export": reverse("ratings_admin:figures") + "?export=xlsx",
        "list_export": reverse("ratings_admin:index") + "?export=xlsx",
        "qr_list": reverse("ratings_admin:qr_list"),
        "qr_print": reverse("ratings_admin:qr_print", args=[world["window"].pk]),
        "settings": reverse(
            "wagtailsettings:edit", args=["ratings", "ratingsettings", RatingSettings.load().pk]
        ),
        "edit": reverse("ratings_admin:edit", args=[own.pk]),
        "delete": reverse("ratings_admin:delete", args=[own.pk]),
    }


# role -> views it may open (everything else refused)
ALLOWED = {
    "office": {
        "index",
        "inspect",
        "history",
        "figures",
        "export",
        "list_export",
        "qr_list",
        "qr_print",
        "settings",
        "delete",
    },
    "clerk": {"index", "inspect", "figures", "export", "list_export"},
    "clerk_other": {"index", "figures", "export", "list_export"},
    "clerk_town": {"index", "figures", "export", "list_export"},
    "jiwei": set(),
}


def test_anonymous_is_sent_to_login(client, world, rated):
    for name, url in urls(rated, world).items():
        assert_login_required(client.get(url)), name


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_role_opens_only_its_views(client, world, rated, role):
    client.force_login(world[role])
    for name, url in urls(rated, world).items():
        response = client.get(url)
        if name in ALLOWED[role]:
            assert response.status_code == 200, (role, name, response.status_code)
        else:
            assert_refused(response)


def test_missing_rating_answered_like_another_units(client, world, rated):
    client.force_login(world["clerk_other"])
    foreign = client.get(reverse("ratings_admin:inspect", args=[rated["own"].pk]))
    missing = client.get(reverse("ratings_admin:inspect", args=[999999]))
    assert foreign.status_code == missing.status_code
    assert foreign.get("Location") == missing.get("Location")


def _texts(client, rated, world):
    return [
        client.get(reverse("ratings_admin:index")).content.decode(),
        client.get(reverse("ratings_admin:inspect", args=[rated["own"].pk])).content.decode(),
        client.get(reverse("ratings_admin:figures")).content.decode(),
    ]


def _xlsx_text(response):
    wb = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return " ".join(
        str(cell) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row
    )


def test_unit_sees_own_ratings_without_name_or_phone(client, world, rated):
    client.force_login(world["clerk"])
    index, inspect, figures = _texts(client, rated, world)
    assert "窗口说话很冲" in inspect and "服务态度" in inspect
    for html in (index, inspect, figures):
        assert NAME not in html and PHONE not in html and "1122" not in html
        assert "联系电话" not in html and "姓名" not in html  # absent, not masked
        assert "公安局" not in html and OTHER_PHONE not in html and "李四" not in html
    exported = _xlsx_text(client.get(reverse("ratings_admin:index") + "?export=xlsx"))
    assert "窗口说话很冲" in exported
    assert NAME not in exported and PHONE not in exported and "联系电话" not in exported
    assert "公安窗口没人" not in exported
    figures_xlsx = _xlsx_text(client.get(reverse("ratings_admin:figures") + "?export=xlsx"))
    assert "行政审批服务局" in figures_xlsx and "公安局" not in figures_xlsx


def test_unit_cannot_widen_its_scope_with_filters(client, world, rated):
    client.force_login(world["clerk"])
    index = client.get(reverse("ratings_admin:index") + f"?unit={world['other'].pk}")
    assert "公安窗口没人" not in index.content.decode()
    figures = client.get(reverse("ratings_admin:figures") + f"?unit={world['other'].pk}")
    assert "公安局" not in figures.content.decode()


def test_office_sees_everything_including_identity(client, world, rated):
    client.force_login(world["office"])
    inspect = client.get(reverse("ratings_admin:inspect", args=[rated["own"].pk])).content.decode()
    assert NAME in inspect and PHONE in inspect
    assert rated["own"].case.slip_number in inspect
    exported = _xlsx_text(client.get(reverse("ratings_admin:index") + "?export=xlsx"))
    assert NAME in exported and PHONE in exported and "李四" in exported
    figures = client.get(reverse("ratings_admin:figures")).content.decode()
    assert "行政审批服务局" in figures and "公安局" in figures and "企业设立登记" in figures


def test_figures_per_unit_and_item(client, world, rated):
    rate(world["window"], level="very_satisfied", approval_item=world["item"])
    rate(world["window"], level="satisfied")
    client.force_login(world["office"])
    response = client.get(reverse("ratings_admin:figures"))
    rows = {row["unit"].pk: row for row in response.context["data"]["units"]}
    own = rows[world["window"].pk]["figures"]
    assert own.total == 3 and own.bad == 1 and own.cases == 1 and own.rate == 66.7
    assert rows[world["window"].pk]["whole"] == 1
    assert rows[world["window"].pk]["aspect_pairs"] == [("服务态度", 1)]
    items = {(r["unit"], r["item"]): r["figures"].total for r in response.context["data"]["items"]}
    assert items[("行政审批服务局", "企业设立登记")] == 2
    assert items[("行政审批服务局", "窗口整体(未指定事项)")] == 1


def test_export_cells_are_safe(client, world):
    rate(world["window"], level="satisfied", comment='=HYPERLINK("http://x")')
    client.force_login(world["office"])
    exported = _xlsx_text(client.get(reverse("ratings_admin:index") + "?export=xlsx"))
    assert "'=HYPERLINK" in exported


def test_qr_code_points_at_the_windows_rating_page(client, world):
    client.force_login(world["office"])
    html = client.get(reverse("ratings_admin:qr_print", args=[world["window"].pk])).content.decode()
    assert "<svg" in html and reverse("ratings:rate_window", args=[world["window"].pk]) in html
    assert "行政审批服务局" in html


def test_nobody_adds_or_edits_ratings_in_the_admin(client, world, rated):
    client.force_login(world["office"])
    assert_refused(client.get(reverse("ratings_admin:add")))
    assert_refused(client.post(reverse("ratings_admin:edit", args=[rated["own"].pk]), {}))


def _count(client, url, django_assert_max_num_queries, n):
    client.get(url)  # warm up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["office", "clerk"])
def test_listings_keep_constant_query_counts(client, world, role, django_assert_max_num_queries):
    client.force_login(world[role])
    pages = [reverse("ratings_admin:index"), reverse("ratings_admin:figures")]

    def counts():
        return [_count(client, url, django_assert_max_num_queries, 0) for url in pages]

    for i in range(3):
        rate(
            world["window"],
            level="dissatisfied",
            approval_item=world["item"],
            phone=f"1390535{i:04d}",
        )
    few = counts()
    for i in range(27):
        rate(world["window"], level="dissatisfied", phone=f"1380535{i:04d}", aspects=["attitude"])
        rate(
            world["other"],
            level="satisfied",
            approval_item=world["other_guide"].approval_items.first(),
        )
    assert Rating.objects.count() == 57
    assert counts() == few


def test_office_changes_the_time_limit_in_the_admin(client, world):
    client.force_login(world["office"])
    url = reverse(
        "wagtailsettings:edit", args=["ratings", "ratingsettings", RatingSettings.load().pk]
    )
    refused = client.post(url, {"time_limit_days": "0", "category": ""})
    assert refused.status_code == 200 and RatingSettings.load().time_limit_days == 15
    assert client.post(url, {"time_limit_days": "20", "category": ""}).status_code == 302
    assert RatingSettings.load().time_limit_days == 20
    case = rate(world["window"], level="dissatisfied", phone="13905351122").case
    assert case.time_limit_days == 20
