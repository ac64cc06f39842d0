"""The 纪委 login on the demo data works its screens and nothing else: every menu entry and
home-screen link opens, the office's and units' screens are refused, and write attempts outside
its own work change nothing."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse

from ledgers.reportbox.models import Report
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db


def menu_urls(user):
    from wagtail.admin.menu import admin_menu

    reverse("wagtailadmin_home")  # registers the viewsets
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []

    def walk(items):
        for item in items:
            menu = getattr(item, "menu", None)
            if menu is not None:
                walk(menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                urls.append((item.label, item.url))

    walk(admin_menu.menu_items_for_request(request))
    return urls


def test_every_menu_entry_and_home_link_opens(client, demo):
    jiwei = demo["jiwei"]
    urls = menu_urls(jiwei)
    labels = {label for label, _ in urls}
    assert {"明察暗访", "明察暗访发现", "曝光审核", "移送纪委的举报", "整改问题"} <= labels
    client.force_login(jiwei)
    home = client.get(reverse("wagtailadmin_home"))
    soup = BeautifulSoup(home.content, "html.parser")
    links = [a["href"] for a in soup.select("main a[href^='/admin/']")]
    for url in [u for _, u in urls] + links:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


OFFICE_OR_UNIT_ONLY = [
    ("reportbox_reports:index", []),
    ("reportbox_assigned:index", []),
    ("plans_board", []),
    ("sheets:index", []),
    ("sheets:upload", []),
    ("rectification_admin:dashboard", []),
    ("rectification_admin:handover", []),
    ("rectification_admin:hotline_entry", []),
    ("rectification_admin:add", []),
    ("spot_rounds:index", []),
    ("spot_rounds:queue", []),
    ("ratings_admin:index", []),
    ("wagtailusers_users:index", []),
    ("wagtailsnippets_plans_plan:list", []),
]


@pytest.mark.parametrize(("name", "args"), OFFICE_OR_UNIT_ONLY)
def test_office_and_unit_screens_are_refused(client, demo, name, args):
    client.force_login(demo["jiwei"])
    response = client.get(reverse(name, args=args))
    assert response.status_code in (302, 403), (name, response.status_code)
    if response.status_code == 302:
        assert "/login/" not in response["Location"]
        assert reverse(name, args=args) not in response["Location"]


def test_writes_outside_its_work_change_nothing(client, demo):
    client.force_login(demo["jiwei"])
    report = Report.objects.filter(forwarded_at__isnull=True).first()
    status = report.status
    assert_refused(client.post(reverse("reportbox_reports:action", args=[report.pk, "spam"]), {}))
    assert_refused(
        client.post(reverse("reportbox_reports:forward", args=[report.pk]), {"reason": "x"})
    )
    report.refresh_from_db()
    assert report.status == status and report.forwarded_at is None
