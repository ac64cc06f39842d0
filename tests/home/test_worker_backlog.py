"""The office is warned on the admin home screen when background tasks wait too long."""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user

WARNING = "后台任务积压"


def old_task():
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="modelsearch.tasks.insert_or_update_object_task",
        backend_name="default",
        run_after=timezone.now(),
        queue_name="default",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=30)
    )


def home_html(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client.get("/admin/").content.decode()


def test_office_warned_when_the_worker_is_behind(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    office = office_user()
    assert WARNING not in home_html(client, office)
    old_task()
    html = home_html(client, office)
    assert WARNING in html and "1 项等待超过 5 分钟" in html


def test_clerk_not_shown_the_worker_warning(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old_task()
    assert WARNING not in home_html(client, clerk_user(UnitFactory()))
