"""A background task worker that idles cheaply: it sleeps until a task is enqueued.

django-tasks-db's ``db_worker`` polls the database every ``--interval`` seconds; at one second
an idle worker costs 7–10% of a core (a connection, a locking transaction and the ORM each
time). Here the worker waits on a wake-up channel instead and polls only as a safety net
(``PORTAL_WORKER_INTERVAL``, 30 s by default):

- with Redis (``REDIS_URL``): a pub/sub channel, so workers on any machine wake up;
- without it (the embedded default, one machine): a Unix datagram socket named after the
  installation (``PORTAL_WORKER_SOCKET``).

Every enqueue on the database backend sends a wake-up once its transaction commits
(``task_enqueued`` signal); the worker then runs django-tasks-db's own worker in batch mode
until the queue is empty, and waits again.
"""

import contextlib
import hashlib
import logging
import os
import select
import socket
import tempfile

from django.conf import settings
from django.db import transaction

logger = logging.getLogger("portal.worker")

CHANNEL = "portal:tasks:wake"


def interval():
    return float(settings.PORTAL_WORKER_INTERVAL)


def redis_url():
    return settings.REDIS_URL


def socket_path():
    configured = settings.PORTAL_WORKER_SOCKET
    if configured:
        return str(configured)
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(f"{settings.BASE_DIR}|{database}".encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"portal-worker-{digest}.sock")


def wake():
    """Tell idle workers that there is work (never fails the caller)."""
    try:
        url = redis_url()
        if url:
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).publish(
                CHANNEL, b"1"
            )
            return
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.setblocking(False)
            sock.sendto(b"1", socket_path())
    except (OSError, ImportError) as error:  # no worker listening: it polls anyway
        logger.debug("worker wake-up not delivered: %s", error)
    except Exception as error:  # redis errors must not break the request that enqueued
        logger.warning("worker wake-up failed: %s", error)


def _on_task_enqueued(sender, **kwargs):
    transaction.on_commit(wake)


def connect():
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import task_enqueued

    task_enqueued.connect(_on_task_enqueued, sender=DatabaseBackend, dispatch_uid="portal_wake")


class WakeChannel:
    """Blocks until a wake-up arrives or ``timeout`` passes, without using the CPU."""

    def __init__(self):
        self.pubsub = None
        self.sock = None
        url = redis_url()
        if url:
            import redis

            self.pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
            self.pubsub.subscribe(CHANNEL)
            self.description = f"Redis {CHANNEL}"
        else:
            path = socket_path()
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            self.sock.bind(path)
            self.description = path

    def wait(self, timeout):
        """True when woken, False on timeout."""
        if self.pubsub is not None:
            woke = self.pubsub.get_message(timeout=timeout) is not None
            while self.pubsub.get_message(timeout=0) is not None:  # several enqueues: one run
                pass
            return woke
        ready, _, _ = select.select([self.sock], [], [], timeout)
        if not ready:
            return False
        self.sock.setblocking(False)
        try:
            while True:
                self.sock.recv(64)
        except BlockingIOError:
            pass
        finally:
            self.sock.setblocking(True)
        return True

    def close(self):
        if self.pubsub is not None:
            self.pubsub.close()
        if self.sock is not None:
            path = self.sock.getsockname()
            self.sock.close()
            with contextlib.suppress(OSError):
                os.unlink(path)
