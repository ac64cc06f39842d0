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
