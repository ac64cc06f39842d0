"""The Content-Security-Policy header (portal/csp.py): strict on the public site, Wagtail's
inline scripts allowed under /admin/ only. The browser suite (tests/browser/test_csp.py) proves
the pages work under it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.csp import PortalCSPMiddleware
from tests.factories import office_user

pytestmark = pytest.mark.django_db


def directive(policy, name):
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return None


def test_public_page_script_src_is_self_only(client):
    response = client.get(reverse("search") + "?q=x")
    policy = response["Content-Security-Policy"]
    assert directive(policy, "script-src") == ["'self'"]
    assert directive(policy, "object-src") == ["'none'"]
    assert directive(policy, "frame-ancestors") == ["'self'"]
    assert directive(policy, "form-action") == ["'self'"]


def test_admin_allows_wagtails_inline_scripts_and_no_nonce(client):
    client.force_login(office_user())
    policy = client.get(reverse("wagtailadmin_home"))["Content-Security-Policy"]
    script_src = directive(policy, "script-src")
    assert "'unsafe-inline'" in script_src
    assert not any(word.startswith("'nonce-") for word in script_src)


def test_a_template_nonce_is_added_on_public_pages_only():
    middleware = PortalCSPMiddleware(lambda request: None)
    from django.http import HttpResponse

    for path, expect_nonce in (("/report/", True), ("/admin/", False)):
        request = RequestFactory().get(path)
        middleware.process_request(request)
        nonce = str(request.csp_nonce)  # what a template's {{ request.csp_nonce }} does
        policy = middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
        assert (f"'nonce-{nonce}'" in directive(policy, "script-src")) is expect_nonce, path
