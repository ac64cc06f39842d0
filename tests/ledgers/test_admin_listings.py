"""Every admin listing leads somewhere: each row of every listing a role can open links to its
object or offers its actions (demo data, as office, a clerk and 纪委 — never superusers)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import NoReverseMatch, reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db

ROLES = ["office", "fangyuan", "spj", "jiwei"]

# Hand-written listings (tables in the project's own templates).
# (The case dashboard's figure tables are statistics, not object listings.)
CUSTOM_LISTINGS = [
    "rectification_admin:queue",
    "rectification_admin:overdue",
    "rectification_admin:lookback",
    "rectification_admin:clusters",
    "rectification_admin:handover",
    "plans_board",
    "sheets:index",
    "sheets:board",
    "sheets:handover",
]


def listing_urls():
    reverse("wagtailadmin_home")  # registers the viewsets
    urls = {}
    for viewset in admin_viewsets.viewsets:
        try:
            urls[viewset.name] = reverse(viewset.get_url_name("index"))
        except (NoReverseMatch, AttributeError):
            continue
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        urls[viewset.name] = reverse(viewset.get_url_name("list"))
    for name in CUSTOM_LISTINGS:
        try:
            urls[name] = reverse(name)
        except NoReverseMatch:
            continue
    return urls


def dead_rows(html):
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    rows = [tr for tbody in main.find_all("tbody") for tr in tbody.find_all("tr")]
    dead = [
        tr.get_text(" ", strip=True)[:80]
        for tr in rows
        if not tr.find(["a", "button"]) and not tr.find("td", attrs={"colspan": True})
    ]
    return rows, dead


@pytest.mark.parametrize("username", ROLES)
def test_every_listing_row_opens_its_object(client, demo, username):
    client.force_login(demo[username])
    opened = {}
    problems = []
    for name, url in listing_urls().items():
        response = client.get(url)
        if response.status_code != 200:
            continue
        rows, dead = dead_rows(response.content.decode())
        opened[name] = len(rows)
        if dead:
            problems.append(f"{url}: {dead[:2]}")
    assert not problems, problems
    # Not vacuous: the role's main listings were reached and had rows.
    expected = {
        "office": ["reportbox_reports", "rectification_admin", "units", "sheet_uploads"],
        "fangyuan": ["units", "sheet_uploads", "problem_categories", "sheet_periods"],
        "spj": ["units", "problem_categories"],
        "jiwei": ["units", "problem_categories", "sheet_periods"],
    }[username]
    for name in expected:
        assert opened.get(name), (name, opened)


def test_report_queue_rows_link_to_the_report_and_offer_its_actions(client, demo):
    from ledgers.reportbox.models import Report

    client.force_login(demo["office"])
    soup = BeautifulSoup(client.get(reverse("reportbox_reports:index")).content, "html.parser")
    report = Report.objects.order_by("-created_at").first()
    inspect = reverse("reportbox_reports:inspect", args=[report.pk])
    link = soup.find("a", href=inspect)
    assert link is not None and report.formatted_code in link.get_text()
    row = link.find_parent("tr")
    action_urls = {a["href"] for a in row.find_all("a", href=True)}
    history = reverse("reportbox_reports:history", args=[report.pk])
    assert history in action_urls
    from ledgers.reportbox import rules
    from ledgers.reportbox.handover import link as case_link

    allowed = rules.allowed_actions(report.status, case_link().case_of(report))
    for name in allowed:
        assert reverse("reportbox_reports:action", args=[report.pk, name]) in action_urls
