"""A complete Chinese admin: the main screens, rendered as each role (office, clerk, 纪委 —
never superusers) on the demo data, show no run of four or more ASCII letters outside an
allow-list of product names, file formats and data (logins, receipt codes, web addresses);
booleans and empty values read 是/否/—; the project catalogue is compiled and current."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ASCII_RUN = re.compile(r"[A-Za-z]{4,}")
# Data, not interface text: receipt codes, web addresses, and the e-mail addresses of units.
DATA = re.compile(r"\b[A-Z0-9]{4}(?:-?[A-Z0-9]{4}){3}\b|https?://\S+|\S+@\S+|\[my-work\]|/work/")
ALLOWED = {
    "Wagtail",  # the product
    "Excel",
    "Word",
    "XLSX",
    "xlsx",
    "docx",
    "WPS",
    "jpeg",
    # demo logins (user data)
    "office",
    "jiwei",
    "fangyuan",
    "hotline",
}


def visible_texts(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript", "svg"]):
        tag.decompose()
    texts = [
        str(t)
        for t in soup.find_all(string=True)
        if not isinstance(t, (Comment, Doctype, Declaration, ProcessingInstruction))
    ]
    for attr in ("placeholder", "aria-label", "title", "alt"):
        texts += [el[attr] for el in soup.find_all(attrs={attr: True})]
    return texts


def english_runs(html):
    found = set()
    for text in visible_texts(html):
        for run in ASCII_RUN.findall(DATA.sub(" ", text)):
            if run not in ALLOWED:
                found.add((run, text.strip()[:80]))
    return found


def screens(role):
    from ledgers.plans.models import Plan
    from ledgers.rectification.models import Case
    from ledgers.reportbox.models import Report

    common = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("units:index"),
        reverse("problem_categories:index"),
    ]
    if role == "office":
        report = Report.objects.order_by("pk").first()
        case = Case.objects.filter(assigned_unit__isnull=False).order_by("pk").first()
        plan = Plan.objects.order_by("pk").first()
        return common + [
            reverse("wagtailadmin_explore_root"),
            reverse("wagtailadmin_pages:search") + "?q=作风",
            reverse("reportbox_reports:index"),
            reverse("reportbox_reports:inspect", args=[report.pk]),
            reverse("reportbox_reports:history", args=[report.pk]),
            reverse("reportbox_reports:action", args=[report.pk, "classify"]),
            reverse("rectification_admin:index"),
            reverse("rectification_admin:detail", args=[case.pk]),
            reverse("rectification_admin:dashboard"),
            reverse("rectification_admin:overdue"),
            reverse("wagtailsnippets_plans_plan:list"),
            reverse("wagtailsnippets_plans_plan:edit", args=[plan.pk]),
            reverse("wagtailsnippets_plans_plan:history", args=[plan.pk]),
            reverse("plans_board"),
            reverse("sheets:index"),
            reverse("sheets:board"),
            reverse("wagtailusers_users:index"),
        ]
    if role == "clerk":
        case = Case.objects.filter(assigned_unit__name="海阳市住房和城乡建设局").first()
        return common + [
            reverse("rectification_admin:queue"),
            reverse("rectification_admin:detail", args=[case.pk]),
            reverse("reportbox_assigned:index"),
            reverse("wagtailsnippets_plans_plan:list"),
            reverse("sheets:index"),
            reverse("sheet_uploads:index"),
        ]
    return common


@pytest.mark.parametrize(
    "role, username", [("office", "office"), ("clerk", "zjj"), ("inspector", "jiwei")]
)
def test_main_admin_screens_have_no_english(client, demo, role, username):
    client.force_login(demo[username])
    problems = {}
    for url in screens(role):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        runs = english_runs(response.content.decode())
        if runs:
            problems[url] = sorted(runs)[:8]
    assert not problems, problems


def test_the_scan_catches_english():
    assert {run for run, _ in english_runs("<p>Search all pages…</p>")} == {"Search", "pages"}
    assert english_runs('<input placeholder="Write something">')
    assert not english_runs(
        "<p>回执码 ABCD-EFGH-JKLM-NPQR,下载 XLSX,见 https://example.gov.cn/</p>"
    )


def test_report_inspect_shows_yes_no_dash_and_local_time(client, demo):
    from django.utils import timezone

    from ledgers.reportbox.models import Report

    client.force_login(demo["office"])
    report = Report.objects.order_by("pk").first()
    soup = BeautifulSoup(
        client.get(reverse("reportbox_reports:inspect", args=[report.pk])).content, "html.parser"
    )
    values = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in soup.select("main dl dt")
    }
    assert values["匿名"] in ("是", "否")
    assert "None" not in values.values() and "False" not in values.values()
    local = timezone.localtime(report.created_at)
    assert values["提交时间"] == f"{local:%Y-%m-%d %H:%M}"


def test_catalogue_is_compiled_and_current(tmp_path):
    """The committed .mo files are what msgfmt makes of the .po files (fresh clones need no
    gettext tools)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt not installed (apt-get install gettext)")
    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    for domain in ("django", "djangojs"):
        out = tmp_path / f"{domain}.mo"
        subprocess.run([msgfmt, "-c", "-o", str(out), str(folder / f"{domain}.po")], check=True)
        assert out.read_bytes() == (folder / f"{domain}.mo").read_bytes(), domain


def test_wagtail_strings_come_out_in_chinese():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("Search all pages…") == "搜索全部页面…"
        assert gettext("Privacy and access") == "隐私与访问"
        assert gettext("Compare") == "对比"
        assert gettext("%(label)s and Publish") % {"label": "批准"} == "批准并发布"


def test_login_page_and_its_error_are_chinese(client, db):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert not english_runs(page)
    assert "密码" in page
    failed = client.post(reverse("wagtailadmin_login"), {"username": "nobody", "password": "x"})
    html = failed.content.decode()
    assert not english_runs(html)
    assert "用户名或密码不正确,请重新输入。" in html
