"""Login throttling (django-axes): per username and per address, a Chinese message, an office
screen to unlock. The probe found 40 wrong passwords in 15 s followed by a successful login."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from ledgers.lockout import UNLOCK_ACTION
from tests.factories import PASSWORD, UnitFactory, clerk_user, make_user, office_user
from tests.utils import assert_login_required, assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]
LIMIT = 5


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=LIMIT):
        yield


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def logged_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_wrong_passwords_lock_the_username_even_from_another_address(client):
    clerk = clerk_user(UnitFactory())
    for n in range(LIMIT - 1):
        response = login(client, clerk.username, "wrong", ip=f"10.0.0.{n + 1}")
        assert response.status_code == 200  # the ordinary "wrong password" form
    # The failure that reaches the limit already gets the lockout page.
    assert login(client, clerk.username, "wrong", ip="10.0.0.99").status_code == 429
    response = login(client, clerk.username, PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "联系作风办" in page and "30 分钟后再试" in page
    assert not logged_in(client)


def test_wrong_passwords_lock_the_address_for_every_username(client):
    victim = clerk_user(UnitFactory())
    for n in range(LIMIT):
        login(client, f"guess{n}", "wrong", ip="10.0.0.7")
    assert login(client, victim.username, PASSWORD, ip="10.0.0.7").status_code == 429
    assert not logged_in(client)
    # Another address and another account are not affected.
    assert login(client, victim.username, PASSWORD, ip="10.0.0.8").status_code == 302
    assert logged_in(client)


def test_below_the_limit_the_right_password_works_and_resets_the_count(client):
    clerk = clerk_user(UnitFactory())
    for _ in range(LIMIT - 1):
        login(client, clerk.username, "wrong")
    assert login(client, clerk.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=clerk.username).exists()


def test_office_unlocks_from_its_screen_and_the_unlock_is_logged(client):
    clerk = clerk_user(UnitFactory())
    for _ in range(LIMIT):
        login(client, clerk.username, "wrong", ip="10.0.0.3")
    attempt = AccessAttempt.objects.get(username=clerk.username)

    office = office_user()
    client.force_login(office)
    listing = client.get(reverse("login_lockouts:index")).content.decode()
    assert clerk.username in listing and "10.0.0.3" in listing and "解锁" in listing
    confirm = client.get(reverse("login_lockouts:delete", args=[attempt.pk]))
    assert "确认解锁" in confirm.content.decode()
    response = client.post(reverse("login_lockouts:delete", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    entry = ModelLogEntry.objects.get(action=UNLOCK_ACTION)
    assert entry.user_id == office.pk and entry.data["username"] == clerk.username

    client.logout()
    assert login(client, clerk.username, PASSWORD, ip="10.0.0.3").status_code == 302


@pytest.mark.parametrize("role", ["anonymous", "clerk", "inspector"])
def test_only_the_office_sees_and_unlocks(client, role):
    login(client, "someone", "wrong")
    attempt = AccessAttempt.objects.get()
    if role == "clerk":
        client.force_login(clerk_user(UnitFactory()))
    elif role == "inspector":
        client.force_login(make_user("inspector"))
    index = client.get(reverse("login_lockouts:index"))
    unlock = client.post(reverse("login_lockouts:delete", args=[attempt.pk]))
    if role == "anonymous":
        assert_login_required(index)
        assert_login_required(unlock)
    else:
        assert_refused(index)
        assert_refused(unlock)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_office_cannot_add_or_edit_attempts(client):
    login(client, "someone", "wrong")
    attempt = AccessAttempt.objects.get()
    client.force_login(office_user())
    assert_refused(client.get(reverse("login_lockouts:add")))
    assert_refused(client.get(reverse("login_lockouts:edit", args=[attempt.pk])))
