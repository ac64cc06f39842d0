"""Search that works the moment content is published.

Wagtail indexes a saved page through a background task (django-tasks, run by ``db_worker``), so
with the database task backend a page just published is not found until the worker gets to it.
On publish we index the page — and a guide's approval items — synchronously, in the request, so
search finds it at once; the background task still runs later and changes nothing. If the worker
is down, the office is warned on the admin home screen (``backlog`` below).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from modelsearch import index

# Tasks waiting longer than this mean the background worker is behind or stopped.
WORKER_BACKLOG_AFTER = datetime.timedelta(minutes=5)


def index_published_page(page):
    """Index ``page`` (and its approval items, for a guide) now, not when the worker runs."""
    specific = page.specific
    index.insert_or_update_object(specific)
    items = getattr(specific, "approval_items", None)
    if items is not None:
        for item in items.all():
            index.insert_or_update_object(item)


def backlog(now):
    """(count, oldest enqueue time) of background tasks waiting longer than the allowed delay,
    or (0, None). Only the database task backend has a queue to fall behind on."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if not backend.startswith("django_tasks_db."):
        return 0, None
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, enqueued_at__lt=now - WORKER_BACKLOG_AFTER
    ).order_by("enqueued_at")
    oldest = waiting.values_list("enqueued_at", flat=True).first()
    return (waiting.count(), oldest) if oldest else (0, None)


def worker_backlog_now():
    return backlog(timezone.now())
