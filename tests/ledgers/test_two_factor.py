"""Optional TOTP two-factor login (django-otp) for the office, 纪委 and superusers; required for
superusers in production settings."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from ledgers.two_factor import ENROL_ACTION, REMOVE_ACTION
from tests.factories import PASSWORD, UnitFactory, clerk_user, make_user, office_user
from tests.utils import assert_login_required, assert_refused

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ENROL = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"


def code(device, offset=0):
    """The device's current code, computed from its key as an authenticator app would."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + offset):06d}"


def wrong(device):
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def superuser():
    return get_user_model().objects.create_superuser("root2fa", "root@example.org", PASSWORD)


def password_login(client, user, next_url=None):
    url = reverse("wagtailadmin_login")
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def test_office_enrols_with_a_code_from_the_device_key(client):
    office = office_user()
    client.force_login(office)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "确认启用" in html  # inline QR code, no external image
    device = TOTPDevice.objects.get(user=office)
    assert not device.confirmed
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")

    refused = client.post(ENROL, {"token": wrong(device)})
    assert "验证码不正确" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    response = client.post(ENROL, {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert ModelLogEntry.objects.filter(action=ENROL_ACTION, user=office).exists()
    # The session that enrolled is verified: the admin answers.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert "两步验证已启用" in client.get(ENROL).content.decode()


def test_the_enrolment_page_keeps_the_same_pending_secret(client):
    inspector = make_user("inspector")
    client.force_login(inspector)
    first = client.get(ENROL).context["secret"]
    assert client.get(ENROL).context["secret"] == first
    assert TOTPDevice.objects.filter(user=inspector).count() == 1


def test_removal_needs_a_current_code_and_is_logged(client):
    office = office_user()
    device = confirmed_device(office)
    password_login(client, office)
    client.post(VERIFY, {"token": code(device, offset=-1)})  # verified with the previous step
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    response = client.post(reverse("portal_two_factor_remove"), {"token": wrong(device)})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert TOTPDevice.objects.filter(user=office).exists()

    device.throttle_reset()
    response = client.post(reverse("portal_two_factor_remove"), {"token": code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=office).exists()
    assert ModelLogEntry.objects.filter(action=REMOVE_ACTION, user=office).exists()


def test_login_with_a_device_requires_the_code_and_keeps_next(client):
    office = office_user()
    device = confirmed_device(office)
    target = reverse("wagtailadmin_reports:site_history")
    response = password_login(client, office, next_url=target)
    assert response.status_code == 302
    # Password alone: every admin page sends to the code page, keeping where the user was going.
    response = client.get(target)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY) and "next=" in response.url
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert client.get(ENROL).url.startswith(VERIFY)
    # The pieces the code page itself loads still answer (the icon sprite, the JS catalogue).
    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    page = client.get(response.url)
    assert page.status_code == 200 and "验证并登录" in page.content.decode()
    assert page.context["next"] == target

    response = client.post(VERIFY, {"token": code(device), "next": target})
    assert response.status_code == 302 and response.url == target
    assert client.get(target).status_code == 200


def test_verify_refuses_an_outside_next(client):
    office = office_user()
    device = confirmed_device(office)
    password_login(client, office)
    response = client.post(VERIFY, {"token": code(device), "next": "https://evil.example/"})
    assert response.url == reverse("wagtailadmin_home")


def test_verify_page_throttles_wrong_codes(client):
    office = office_user()
    device = confirmed_device(office)
    password_login(client, office)
    response = client.post(VERIFY, {"token": wrong(device)})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    # Locked for a while (doubling with each counted failure): even the right code is refused,
    # with a message saying to wait, and the refused tries don't reach the device.
    for token in (wrong(device), code(device)):
        response = client.post(VERIFY, {"token": token})
        assert response.status_code == 400
        assert "错误次数过多" in response.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Once the wait is over the right code passes.
    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=5)
    device.save(update_fields=["throttling_failure_timestamp"])
    response = client.post(VERIFY, {"token": code(device)})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_user_without_a_device_logs_in_as_before(client):
    office = office_user()
    assert password_login(client, office).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@override_settings(PORTAL_2FA_REQUIRED_FOR_SUPERUSERS=True)
def test_superuser_without_a_device_is_held_at_enrolment_when_required(client):
    root = superuser()
    password_login(client, root)
    for url in (reverse("wagtailadmin_home"), "/admin/users/", "/sheets/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == ENROL, url
    page = client.get(ENROL)
    assert page.status_code == 200 and "必须启用两步验证" in page.content.decode()
    device = TOTPDevice.objects.get(user=root)
    client.post(ENROL, {"token": code(device)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@override_settings(PORTAL_2FA_REQUIRED_FOR_SUPERUSERS=True)
def test_the_requirement_leaves_office_staff_free(client):
    office = office_user()
    password_login(client, office)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@override_settings(PORTAL_2FA_REQUIRED_FOR_SUPERUSERS=False)
def test_superuser_without_a_device_is_free_when_not_required(client):
    root = superuser()
    password_login(client, root)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(ENROL).status_code == 200  # offered, not forced


def test_clerk_sees_no_enrolment(client):
    clerk = clerk_user(UnitFactory())
    client.force_login(clerk)
    assert_refused(client.get(ENROL))
    assert_refused(client.post(ENROL, {"token": "123456"}))
    assert_refused(client.post(reverse("portal_two_factor_remove"), {"token": "123456"}))
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert ENROL not in account


def test_office_finds_enrolment_in_the_account_page(client):
    client.force_login(office_user())
    assert ENROL in client.get(reverse("wagtailadmin_account")).content.decode()


def test_anonymous_is_sent_to_login(client):
    for url in (ENROL, VERIFY):
        assert_login_required(client.get(url))


def production_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_2FA", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "-production-check-" + "y" * 30,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    return env


def test_production_settings_require_two_factor_for_superusers():
    script = "import django; django.setup(); from django.conf import settings; print(settings.PORTAL_2FA_REQUIRED_FOR_SUPERUSERS)"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


def test_check_deploy_is_clean():
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_two_factor_sits_after_axes_lockout(client):
    """Axes still counts the password step; the code step comes only after a good password."""
    office = office_user()
    device = confirmed_device(office)
    login = reverse("wagtailadmin_login")
    data = {"username": office.username, "password": PASSWORD}
    response = client.post(login, data, REMOTE_ADDR="10.1.0.1")
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).url.startswith(VERIFY)
    client.post(VERIFY, {"token": code(device)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.logout()
    for _ in range(3):
        client.post(login, {**data, "password": "wrong"}, REMOTE_ADDR="10.1.0.2")
    assert client.post(login, data, REMOTE_ADDR="10.1.0.3").status_code == 429
