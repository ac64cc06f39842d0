"""The office manages logins but cannot create, promote, edit or delete superusers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from ledgers.roles import CLERK_GROUP
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def office_client(client):
    client.login(username=office_user().username, password=PASSWORD)
    return client


def new_user_data(**extra):
    return {
        "username": "newclerk",
        "email": "newclerk@example.gov.cn",
        "first_name": "新",
        "last_name": "填报员",
        "password1": "Sup3r-secret-pass",
        "password2": "Sup3r-secret-pass",
        "groups": [Group.objects.get(name=CLERK_GROUP).pk],
        "is_active": "on",
        **extra,
    }


def test_office_creates_clerk_without_admin_checkbox(office_client):
    form = office_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="is_superuser"' not in form
    response = office_client.post(
        reverse("wagtailusers_users:add"), new_user_data(is_superuser="on")
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert not user.is_superuser
    assert user.groups.filter(name=CLERK_GROUP).exists()


def test_office_cannot_promote_a_clerk(office_client):
    clerk = clerk_user(UnitFactory())
    url = reverse("wagtailusers_users:edit", args=[clerk.pk])
    assert 'name="is_superuser"' not in office_client.get(url).content.decode()
    office_client.post(
        url,
        {
            "username": clerk.username,
            "email": clerk.email,
            "first_name": "x",
            "last_name": "y",
            "is_superuser": "on",
            "is_active": "on",
            "groups": [Group.objects.get(name=CLERK_GROUP).pk],
        },
    )
    clerk.refresh_from_db()
    assert not clerk.is_superuser


def test_office_cannot_touch_superusers(office_client):
    admin = User.objects.create_superuser("root", "root@example.gov.cn", "x-Strong-pass-1")
    assert_refused(office_client.get(reverse("wagtailusers_users:edit", args=[admin.pk])))
    assert_refused(
        office_client.post(
            reverse("wagtailusers_users:edit", args=[admin.pk]),
            {"username": "root", "password1": "hijack-1234", "password2": "hijack-1234"},
        )
    )
    assert_refused(office_client.post(reverse("wagtailusers_users:delete", args=[admin.pk])))
    admin.refresh_from_db()
    assert admin.check_password("x-Strong-pass-1")


def test_superuser_still_sees_admin_checkbox(client):
    User.objects.create_superuser("root", "root@example.gov.cn", "x-Strong-pass-1")
    client.login(username="root", password="x-Strong-pass-1")
    assert 'name="is_superuser"' in client.get(reverse("wagtailusers_users:add")).content.decode()


def test_clerk_has_no_user_admin(client):
    clerk = clerk_user(UnitFactory())
    client.login(username=clerk.username, password=PASSWORD)
    assert_refused(client.get(reverse("wagtailusers_users:index")))
