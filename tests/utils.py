"""Assertions shared by the permission tests."""

from django.urls import reverse


def assert_refused(response):
    """An admin view refused the request: Wagtail turns PermissionDenied into a redirect to the
    dashboard with "no permission" message; plain views answer 403."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home"), response["Location"]
    else:
        assert response.status_code == 403, response.status_code


def assert_login_required(response):
    assert response.status_code == 302, response.status_code
    assert reverse("wagtailadmin_login") in response["Location"]


def assert_not_stored(response):
    """A private download: never kept by a shared cache or the browser (under /admin/ Wagtail
    adds its own never_cache directives to the view's ``private, no-store``)."""
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]
