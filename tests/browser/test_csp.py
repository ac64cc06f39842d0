"""Content-Security-Policy in a real browser: the public pages and the main admin screens load
with no CSP violation (console messages and ``securitypolicyviolation`` events), the page editor's
Draftail rich-text field takes typing, and the report box's error summary still takes the focus
(its inline script moved to portal.js)."""

import pytest

from tests.browser.fixtures import admin_login

pytestmark = pytest.mark.browser

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

PUBLIC = [
    "/",
    "/column/",
    "/cases/",
    "/guides/",
    "/guides/spj/",
    "/search/?q=营业执照",
    "/report/",
    "/report/status/",
    "/rectification/results/",
]

ADMIN = [
    "/admin/",
    "/admin/pages/",
    "/admin/units/",
    "/admin/snippets/plans/plan/",
    "/admin/plans-board/",
    "/admin/reportbox_reports/",
    "/admin/rectification/",
    "/admin/rectification/dashboard/",
    "/admin/reports/site-history/",
    "/admin/reports/time-cut/",
    "/admin/login_lockouts/",
    "/admin/users/",
    "/admin/sheets/",
    "/admin/sheets/board/",
]


@pytest.fixture(scope="module")
def site(demo_server):
    return demo_server


@pytest.fixture
def watched(page):
    """The page, with every CSP complaint the browser reports collected in ``page.csp``."""
    page.csp = []
    page.add_init_script(COLLECT_VIOLATIONS)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            page.csp.append(text)

    page.on("console", on_console)
    return page


def violations(page):
    return page.csp + page.evaluate("window.__cspViolations || []")


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_have_a_policy_and_no_violation(watched, site):
    for path in PUBLIC:
        response = visit(watched, site.url + path)
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        ), path
        assert violations(watched) == [], path


def test_an_injected_inline_script_is_blocked_on_the_public_site(watched, site):
    visit(watched, site.url + "/")
    watched.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); }"""
    )
    assert watched.evaluate("window.__injected === undefined")
    assert any("script-src" in v for v in violations(watched))


def test_report_box_error_summary_takes_focus(watched, site):
    visit(watched, site.url + "/report/")
    watched.locator("form.stacked button[type=submit]").last.click()
    watched.wait_for_selector("#error-summary")
    watched.wait_for_function("document.activeElement && document.activeElement.id")
    assert watched.evaluate("document.activeElement.id") == "error-summary"
    assert violations(watched) == []


def test_admin_screens_work_under_the_policy(watched, site):
    admin_login(watched, site.url, "office")
    for path in ADMIN:
        response = visit(watched, site.url + path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        assert violations(watched) == [], path
    # The sidebar (a React app) rendered: its menu is there.
    assert watched.locator("[data-side-panel-toggle], .sidebar").count() >= 1


def test_page_editor_with_draftail_works_under_the_policy(watched, site):
    article_id = site.shell(
        "from home.models import ArticlePage; print(ArticlePage.objects.first().pk)"
    ).split()[-1]
    admin_login(watched, site.url, "office")
    visit(watched, f"{site.url}/admin/pages/{article_id}/edit/")
    editor = watched.locator(".Draftail-Editor [contenteditable=true]").first
    editor.wait_for()
    editor.click()
    watched.keyboard.type("内容安全策略测试")
    assert "内容安全策略测试" in editor.inner_text()
    assert violations(watched) == []
