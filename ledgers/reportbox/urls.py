"""Download URL of report attachments (the public form lives on ReportBoxPage at /report/;
admin URLs are registered in wagtail_hooks)."""

from django.urls import path

from ledgers.reportbox import admin_views

app_name = "reportbox"
urlpatterns = [
    path("attachments/<int:pk>/", admin_views.download_attachment, name="attachment"),
]
