"""The hotline screens on the demo data, as the demo logins meet them: Chinese only (the scan of
tests/ledgers/test_admin_chinese.py), every row of the centre's list opens its case, and the
centre's login reaches its entries and nothing else."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ledgers.rectification.models import Case
from tests.ledgers.test_admin_chinese import english_runs
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db


def screens(username):
    entry = Case.objects.filter(entered_by_unit__isnull=False, state="submitted").first()
    urls = [
        reverse("rectification_admin:hotline"),
        reverse("rectification_admin:hotline") + "?callback=pending",
        reverse("rectification_admin:hotline_entry"),
        reverse("rectification_admin:detail", args=[entry.pk]),
        reverse("wagtailadmin_home"),
    ]
    if username == "office":
        urls.append(reverse("rectification_admin:dashboard"))
    return urls


@pytest.mark.parametrize("username", ["hotline", "office"])
def test_hotline_screens_are_chinese(client, demo, username):
    client.force_login(demo[username])
    problems = {}
    for url in screens(username):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        runs = english_runs(response.content.decode())
        if runs:
            problems[url] = sorted(runs)[:8]
    assert not problems, problems
    # The entry form's error page too.
    response = client.post(reverse("rectification_admin:hotline_entry"), {"title": "x"})
    assert response.status_code == 400 and not english_runs(response.content.decode())


def test_every_row_of_the_centre_list_opens_its_case(client, demo):
    client.force_login(demo["hotline"])
    soup = BeautifulSoup(client.get(reverse("rectification_admin:hotline")).content, "html.parser")
    rows = soup.select("table.hotline-rows tbody tr")
    assert len(rows) == 3
    for row in rows:
        link = row.find("a", href=True)
        assert link is not None
        assert client.get(link["href"]).status_code == 200


def test_centre_login_reaches_its_entries_only(client, demo):
    client.force_login(demo["hotline"])
    centre_cases = Case.objects.filter(entered_by_unit__name="海阳市89000民生服务中心")
    assert centre_cases.count() == 3
    for case in centre_cases:
        assert client.get(reverse("rectification_admin:detail", args=[case.pk])).status_code == 200
    for case in Case.objects.exclude(pk__in=centre_cases.values("pk")):
        assert_refused(client.get(reverse("rectification_admin:detail", args=[case.pk])))
    for name in ("dashboard", "clusters", "handover", "att5_export", "calendar"):
        assert_refused(client.get(reverse(f"rectification_admin:{name}")))
    index = client.get(reverse("rectification_admin:index")).content.decode()
    for case in centre_cases:
        assert case.title in index
    # Other units never see the centre's list.
    for username in ("zjj", "spj", "fangyuan", "jiwei"):
        client.force_login(demo[username])
        assert_refused(client.get(reverse("rectification_admin:hotline")))
