"""Fixtures shared by the cross-module admin tests: the demo data set, loaded once per module."""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """``load_demo`` (units, the six demo logins, site, reports, plans, ledgers, cases) inside a
    transaction that is rolled back when the module's tests are done; each test runs in a
    savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}
