import pytest

# Browser fixtures (one Playwright/Chromium per session, shared by every app's browser tests).
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and captchas live in the cache: every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _migration_data(django_db_setup, django_db_blocker):
    """Every row the migrations wrote (groups and permissions, problem types, plan types,
    workflows, Wagtail's root page, locale and site), serialized once per session."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _restore_migration_data(request):
    """Transactional tests flush the database when they end, which removes the migrations' data
    for the transactional tests that follow. Django's serialized_rollback would restore it, but
    the restore is skipped once Playwright's greenlets have changed the context in which
    ``connections`` is looked up. Restore it here, before each transactional test, if missing."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        return
    data = request.getfixturevalue("_migration_data")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    if Group.objects.exists():
        return
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(data)
    ContentType.objects.clear_cache()
    # The rows came back with their ids; move the sequences past them (PostgreSQL).
    from django.apps import apps
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
