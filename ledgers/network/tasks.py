"""Background tasks (django-tasks): matching a confirmed 附件1 to the roster never holds a web
worker (the immediate backend runs it inline in tests)."""

from django_tasks import task

from ledgers.network import services


@task()
def match_upload_task(upload_id):
    from ledgers.sheets.models import LedgerUpload

    upload = LedgerUpload.objects.select_related("unit", "period").get(pk=upload_id)
    return list(services.match_upload(upload))


def on_upload_confirmed(sender, upload, **kwargs):
    from ledgers.sheets.layouts import Attachment

    if upload.attachment == Attachment.VISITS:
        match_upload_task.enqueue(upload.pk)
