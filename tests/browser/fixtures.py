"""Fixtures for real-browser tests (registered for the whole suite in tests/conftest.py): Playwright for Python driving Debian's Chromium (never a browser download)
against the site as `make run` serves it — a real server process on its own database, set up by
`migrate` and `load_demo`.

Running the server in a subprocess (rather than pytest-django's live_server) keeps the browser
tests out of the test database's transactional flushes and tests the demo set-up itself.
Locally the tests are skipped when /usr/bin/chromium is missing; in CI (.ci/run installs the
package) a missing browser is an error."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "demo-2026"

# Tests that use the ORM next to Playwright's sync API (which runs an event loop in this thread)
# would otherwise be refused by Django's async-safety check; this is test-only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    """A server process on a throwaway SQLite database holding the demo content."""

    def __init__(self, workdir):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{workdir / 'browser.db'}",
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_PRIVATE_ROOT": str(workdir / "private"),
            "PORTAL_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "PORTAL_BROWSER_TEST": "1",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = open(workdir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = None

    def manage(self, *args, check=True):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def shell(self, code):
        """Run Python in the server's Django environment; returns its stdout."""
        return self.manage("shell", "-c", code).stdout

    def start(self):
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("load_demo")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)  # noqa: S310 - loopback
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("demo server did not start; see server.log")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="session")
def chromium_path():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory, chromium_path):
    server = DemoServer(tmp_path_factory.mktemp("browser-site")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def admin_login(page, base_url, username, password=DEMO_PASSWORD):
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def serious_violations(page):
    """axe-core (bundled by axe-playwright-python) violations of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
