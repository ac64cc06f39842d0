"""Cross-unit refusal on the units admin: anonymous → login, other unit → 403, own → 200,
office → 200, on edit, inspect, history, delete and export."""

import pytest
from django.urls import reverse

from ledgers.models import Unit
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db

VIEWS = ["edit", "inspect", "history"]


@pytest.fixture
def setup():
    a, b = UnitFactory(name="甲镇"), UnitFactory(name="乙局")
    return {"a": a, "b": b, "clerk_a": clerk_user(a), "office": office_user()}


def url(view, unit):
    return reverse(f"units:{view}", args=[unit.pk])


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_redirected_to_login(client, setup, view):
    assert_login_required(client.get(url(view, setup["a"])))


@pytest.mark.parametrize("view", VIEWS)
def test_other_unit_refused(client, setup, view):
    client.login(username=setup["clerk_a"].username, password=PASSWORD)
    assert_refused(client.get(url(view, setup["b"])))


@pytest.mark.parametrize("view", VIEWS)
def test_own_unit_allowed(client, setup, view):
    client.login(username=setup["clerk_a"].username, password=PASSWORD)
    assert client.get(url(view, setup["a"])).status_code == 200


@pytest.mark.parametrize("view", VIEWS)
def test_office_allowed(client, setup, view):
    client.login(username=setup["office"].username, password=PASSWORD)
    assert client.get(url(view, setup["b"])).status_code == 200


def test_other_unit_post_refused_and_unchanged(client, setup):
    client.login(username=setup["clerk_a"].username, password=PASSWORD)
    assert_refused(client.post(url("edit", setup["b"]), {"cadre_count": 99}))
    setup["b"].refresh_from_db()
    assert setup["b"].cadre_count != 99


def test_clerk_cannot_delete_or_rename(client, setup):
    client.login(username=setup["clerk_a"].username, password=PASSWORD)
    assert_refused(client.get(url("delete", setup["a"])))
    assert Unit.objects.filter(pk=setup["a"].pk).exists()
    response = client.post(
        url("edit", setup["a"]),
        {"name": "改名", "cadre_count": 7, "contact_email": "", "contact_phone": ""},
    )
    assert response.status_code == 302
    setup["a"].refresh_from_db()
    assert setup["a"].name == "甲镇"  # name is an office-only field
    assert setup["a"].cadre_count == 7


def test_index_and_export_scoped(client, setup):
    client.login(username=setup["clerk_a"].username, password=PASSWORD)
    listing = client.get(reverse("units:index"))
    assert "甲镇" in listing.content.decode()
    assert "乙局" not in listing.content.decode()
    export = client.get(reverse("units:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "甲镇" in body and "乙局" not in body
    client.logout()
    client.login(username=setup["office"].username, password=PASSWORD)
    body = b"".join(client.get(reverse("units:index") + "?export=csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "甲镇" in body and "乙局" in body
