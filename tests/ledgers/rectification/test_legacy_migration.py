"""A database built by main before the rename (app ``cases``, tables ``cases_*``) migrates forward
to the ``rectification`` app and keeps its cases, sources, slip numbers, notes, extensions,
evidence, reminders, calendar overrides, log entries and permissions.

The old database is built for real: a subprocess runs the legacy app's own migrations (copied
from main into ``legacy_cases``) and every other app's migrations as main had them, and writes
data through the historical models; a second subprocess runs today's ``migrate`` on it. SQLite
always; PostgreSQL when the suite runs on PostgreSQL (CI runs both)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def run_world(command, url, old):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.ledgers.rectification.legacy_settings",
        LEGACY_DATABASE_URL=url,
    )
    env.pop("LEGACY_WORLD", None)
    if old:
        env["LEGACY_WORLD"] = "old"
    done = subprocess.run(
        [sys.executable, "-m", "tests.ledgers.rectification.legacy_world", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line.removeprefix("RESULT "))


def _postgres_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the PostgreSQL run of the suite covers this")
    return db


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
        return
    db = _postgres_url()
    name = f"{db['NAME']}_legacy_{uuid.uuid4().hex[:8]}"
    params = dict(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_database_from_previous_main_keeps_its_rectification_data(legacy_url):
    old = run_world("build", legacy_url, old=True)
    assert len(old["cases"]) == 2
    assert "view_case" in old["office_perms"]

    new = run_world("upgrade", legacy_url, old=False)

    assert new["tables"] == [
        "rectification_calendaroverride",
        "rectification_case",
        "rectification_caseevidence",
        "rectification_casenote",
        "rectification_casereminder",
        "rectification_casesource",
        "rectification_extensionrequest",
        "rectification_slipcounter",
    ]
    # Every migration of the app is recorded under the new label; none under the old one.
    migration_files = sorted(
        path.stem for path in (ROOT / "ledgers" / "rectification" / "migrations").glob("0*.py")
    )
    assert [list(row) for row in new["recorded"]] == [
        ["rectification", name] for name in migration_files
    ]
    # Same rows, same primary keys, same slip numbers, text exactly as stored.
    assert new["cases"] == old["cases"]
    assert new["content"] == "路灯不亮:群众原话 =1+2"
    assert new["new_pk_after_old"] is True
    assert new["sources"] == ["hotline:1", "hotline:2"]
    assert new["slip_counter"] == 2
    assert (new["notes"], new["extensions"], new["reminders"], new["overrides"]) == (1, 1, 1, 1)
    assert new["evidence"][0].startswith("cases/")  # stored files keep their names
    # The content type moved (same id), so log entries and permissions follow it.
    assert new["case_ct"] == old["case_ct"]
    assert new["legacy_cts"] == 0
    assert new["log_actions"] == ["rectification.assign", "rectification.assign"]
    assert new["log_for_first"] == ["rectification.assign"]
    assert new["clerk_can_change"] is True
    assert new["office_perms"] == old["office_perms"]
