"""Two-factor login in a real browser: an office user scans (here: reads) the secret, confirms
with a code, logs out, and after the password is asked for the code before the admin opens. The
two pages pass axe-core and the Content-Security-Policy."""

import base64

import pytest
from django_otp.oath import totp

from tests.browser.fixtures import DEMO_PASSWORD, admin_login, serious_violations

pytestmark = pytest.mark.browser

CREATE_USER = """
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user("twofa_office", password="{password}")
user.groups.add(Group.objects.get(name="作风办"))
"""


def code_for(secret, steps_ahead=0):
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_enrol_then_log_in_with_the_code(page, demo_server):
    demo_server.shell(CREATE_USER.format(password=DEMO_PASSWORD))
    csp = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )

    admin_login(page, demo_server.url, "twofa_office")
    page.goto(demo_server.url + "/admin/two-factor/")
    qr = page.locator(".portal-qr svg")
    assert qr.is_visible() and qr.bounding_box()["width"] > 150
    assert serious_violations(page) == []
    secret = page.locator("#totp-secret").inner_text()
    page.fill("input[name=token]", "000000" if code_for(secret) != "000000" else "111111")
    page.get_by_role("button", name="确认启用").click()
    page.get_by_text("验证码不正确").first.wait_for()
    page.wait_for_timeout(1100)  # a wrong code locks the device for 1 s (django-otp throttling)
    page.fill("input[name=token]", code_for(secret))
    page.get_by_role("button", name="确认启用").click()
    page.get_by_text("两步验证已启用").first.wait_for()

    page.context.clear_cookies()
    admin_login(page, demo_server.url, "twofa_office")
    page.goto(demo_server.url + "/admin/units/")
    assert "/admin/two-factor/verify/" in page.url
    assert page.get_by_role("button", name="验证并登录").is_visible()  # once: the icon sprite
    # is not swapped for the verify page (it was, before the sprite URL was let through)
    assert serious_violations(page) == []
    # The code of the next time step (the current one was used to enrol and cannot be replayed).
    page.fill("input[name=token]", code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url(demo_server.url + "/admin/units/")
    assert csp == []
