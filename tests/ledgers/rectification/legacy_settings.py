"""Settings for the subprocesses of ``test_legacy_migration.py``: the test settings on the
database named by ``LEGACY_DATABASE_URL``; with ``LEGACY_WORLD=old`` the rectification app is
replaced by the app it was on main before issue 9 (label ``cases``), and the apps added since
(which depend on the renamed app's migrations) are left out."""

import os

import dj_database_url

from portal.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["LEGACY_DATABASE_URL"])}
# Apps that did not exist on main before issue 9.
LATER_APPS = {
    "ledgers.spotchecks",
    "ledgers.ratings",
    "ledgers.inspections",
    "ledgers.network",
    "ledgers.servicepoints",
    "ledgers.assessment",
    "ledgers.bulletins",
}

if os.environ.get("LEGACY_WORLD") == "old":
    INSTALLED_APPS = [
        "tests.ledgers.rectification.legacy_cases.apps.LegacyCasesConfig"
        if app == "ledgers.rectification"
        else app
        for app in INSTALLED_APPS  # noqa: F405
        if app not in LATER_APPS
    ]
