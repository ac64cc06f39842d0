"""Background work of the report box (django-tasks: immediate in tests, a database queue
worked by ``manage.py db_worker`` in production)."""

from django_tasks import task


@task()
def notify_new_report(report_pk):
    from ledgers.reportbox.models import Report
    from ledgers.reportbox.services import send_new_report_email

    report = (
        Report.objects.select_related("category", "concerned_unit").filter(pk=report_pk).first()
    )
    if report is not None:
        send_new_report_email(report)
