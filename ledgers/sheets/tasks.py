"""Background tasks (django-tasks): parsing and saving a large ledger never holds a web worker.

Production runs them on the database-backed worker (``manage.py db_worker``); tests use the
immediate backend, so the same code runs inline.
"""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.log_actions import log

from ledgers.sheets import service
from ledgers.sheets.models import LedgerUpload, UploadStatus

logger = logging.getLogger(__name__)


def _progress_saver(upload_id):
    def progress(done, estimated):
        percent = max(1, min(95, int(done * 100 / estimated))) if estimated else 50
        LedgerUpload.objects.filter(pk=upload_id).update(progress=percent)

    return progress


@task()
def parse_upload_task(upload_id):
    upload = LedgerUpload.objects.select_related("unit", "period").get(pk=upload_id)
    try:
        service.parse_upload(upload, progress=_progress_saver(upload_id))
    except Exception:
        logger.exception("ledger upload %s could not be parsed", upload_id)
        LedgerUpload.objects.filter(pk=upload_id).update(
            status=UploadStatus.REFUSED,
            progress=100,
            message="读取文件时出错,请检查文件后重新上传;如仍有问题请联系作风办。",
        )
        raise
    return upload.status


@task()
def confirm_upload_task(upload_id, user_id, skip_errors=False):
    upload = LedgerUpload.objects.select_related("unit", "period").get(pk=upload_id)
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        service.confirm_upload(upload, user, skip_errors=skip_errors)
        log(
            upload,
            "sheets.confirm",
            user=user,
            data={"skipped": upload.skipped_count, "to_check": upload.finding_count},
        )
    except service.LedgerRejected as exc:
        LedgerUpload.objects.filter(pk=upload_id).update(message=exc.message)
        return "rejected"
    except Exception:
        logger.exception("ledger upload %s could not be saved", upload_id)
        LedgerUpload.objects.filter(pk=upload_id).update(
            status=UploadStatus.PREVIEW, message="保存时出错,数据未改变,请稍后重试。"
        )
        raise
    return "confirmed"
