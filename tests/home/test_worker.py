"""The background worker idles cheaply (issue 16, point 5): it waits on a wake-up channel that
every enqueue signals once its transaction commits, and runs the queue when woken.

The CPU figure itself is measured by benchmarks/worker_idle.py, not asserted here."""

import os
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from home import worker
from home.tasks import ping

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _redis_url():
    return os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable():
    try:
        import redis

        redis.Redis.from_url(_redis_url(), socket_connect_timeout=0.5).ping()
        return True
    except Exception:
        return False


@pytest.fixture
def socket_channel(tmp_path, settings):
    settings.REDIS_URL = None
    settings.PORTAL_WORKER_SOCKET = str(tmp_path / "worker.sock")
    channel = worker.WakeChannel()
    yield channel
    channel.close()


@pytest.mark.django_db(transaction=True)
def test_enqueue_wakes_the_waiting_worker_after_commit(socket_channel):
    with override_settings(TASKS=DB_TASKS):
        with transaction.atomic():
            ping.enqueue(time.time())
            # Not committed yet: a worker woken now would find nothing and sleep again.
            assert socket_channel.wait(0.2) is False
        started = time.perf_counter()
        assert socket_channel.wait(5) is True
        assert time.perf_counter() - started < 1
    assert socket_channel.wait(0.2) is False  # one wake-up per enqueue, then quiet


@pytest.mark.django_db(transaction=True)
def test_several_enqueues_make_one_run(socket_channel):
    with override_settings(TASKS=DB_TASKS):
        for _ in range(3):
            ping.enqueue(time.time())
    assert socket_channel.wait(2) is True
    assert socket_channel.wait(0.2) is False


def test_wake_without_a_listening_worker_is_harmless(tmp_path, settings):
    settings.REDIS_URL = None
    settings.PORTAL_WORKER_SOCKET = str(tmp_path / "nobody-listens.sock")
    worker.wake()  # no exception: the worker polls as a safety net anyway


@pytest.mark.skipif(not _redis_reachable(), reason="Redis not reachable")
def test_redis_channel_wakes_workers_on_other_machines(settings):
    settings.REDIS_URL = _redis_url()
    channel = worker.WakeChannel()
    try:
        assert channel.wait(0.2) is False
        worker.wake()
        assert channel.wait(5) is True
    finally:
        channel.close()


@pytest.mark.django_db(transaction=True)
def test_task_worker_runs_the_queue():
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DB_TASKS):
        result = ping.enqueue(123.0)
        assert DBTaskResult.objects.get(id=result.id).status == "READY"
        call_command("task_worker", "--batch", verbosity=0)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.return_value == 123.0
