"""Two confirmations of the same unit/period/attachment at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from ledgers.sheets import service
from ledgers.sheets.models import LedgerRow, LedgerUpload, UploadStatus

from .builders import official_sheet, xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency"),
]


def test_concurrent_confirms_leave_exactly_one_current(units, period):
    uploads = []
    for prefix in ("甲", "乙"):
        data = xlsx(
            {
                "农村": official_sheet(
                    1, [[f"村{i}", f"{prefix}{i}", f"1380000{i:04d}", ""] for i in range(300)]
                )
            }
        )
        upload = LedgerUpload(unit=units["a"], period=period, attachment=1, original_name="x.xlsx")
        upload.original.save("x.xlsx", ContentFile(data.getvalue()), save=False)
        upload.save()
        service.parse_upload(upload)
        uploads.append(upload)
    errors = []
    barrier = threading.Barrier(2)

    def confirm(upload):
        try:
            barrier.wait()
            service.confirm_upload(upload, None)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(u,)) for u in uploads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = sorted(LedgerUpload.objects.values_list("status", flat=True))
    assert statuses == [UploadStatus.CONFIRMED, UploadStatus.SUPERSEDED]
    assert LedgerRow.objects.current().count() == 300
