"""Rate limits hold across clients sharing the cache: per address and per phone number."""

import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from ledgers.reportbox.models import Report

from .conftest import form_data

pytestmark = pytest.mark.django_db


def named(category, phone):
    return form_data(category, identity="named", reporter_name="赵六", reporter_phone=phone)


@override_settings(PORTAL_REPORT_RATE="2/h", PORTAL_REPORT_PHONE_RATE="100/h")
def test_address_limit_holds_across_two_clients(box_page, category):
    from django.test import Client

    first, second = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="203.0.113.5")
    assert first.post(box_page.url, form_data(category)).status_code == 302
    assert second.post(box_page.url, form_data(category)).status_code == 302
    refused = first.post(box_page.url, form_data(category, place="保留的地点"))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "提交过于频繁" in html and "保留的地点" in html
    assert Report.objects.count() == 2
    # A third client from elsewhere still gets through.
    assert (
        Client(REMOTE_ADDR="203.0.113.6").post(box_page.url, form_data(category)).status_code == 302
    )


@override_settings(PORTAL_REPORT_RATE="100/h", PORTAL_REPORT_PHONE_RATE="2/h")
def test_phone_limit_holds_across_addresses(box_page, category):
    from django.test import Client

    a, b = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    assert a.post(box_page.url, named(category, "13805350001")).status_code == 302
    assert b.post(box_page.url, named(category, "138 0535 0001")).status_code == 302
    refused = a.post(box_page.url, named(category, "138-0535-0001"))
    assert refused.status_code == 429
    assert "这个电话号码提交过于频繁" in refused.content.decode()
    assert b.post(box_page.url, named(category, "13805350002")).status_code == 302
    assert Report.objects.count() == 3


@override_settings(PORTAL_REPORT_RATE="2/h")
def test_invalid_submissions_do_not_use_up_the_quota(client, box_page, category):
    for _ in range(3):
        client.post(box_page.url, form_data(category, content="短"))
    assert client.post(box_page.url, form_data(category)).status_code == 302


def _redis_url():
    import os

    return os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable():
    try:
        import redis

        redis.Redis.from_url(_redis_url(), socket_connect_timeout=0.5).ping()
        return True
    except Exception:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis not reachable")
def test_limits_hold_on_real_redis_shared_by_two_clients(box_page, category):
    from django.test import Client

    prefix = f"rb-test-{uuid.uuid4().hex}"
    redis_caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _redis_url(),
            "KEY_PREFIX": prefix,
        },
    }
    with override_settings(
        CACHES=redis_caches, RATELIMIT_USE_CACHE="ratelimit", PORTAL_REPORT_RATE="2/h"
    ):
        try:
            one, two = Client(REMOTE_ADDR="192.0.2.200"), Client(REMOTE_ADDR="192.0.2.200")
            assert one.post(box_page.url, form_data(category)).status_code == 302
            assert two.post(box_page.url, form_data(category)).status_code == 302
            assert two.post(box_page.url, form_data(category)).status_code == 429
            # The counter really lives in Redis.
            assert caches["ratelimit"].keys("*")
        finally:
            caches["ratelimit"].delete_pattern("*")
