"""Download URL of report attachments, mounted at /admin/reportbox/ by wagtail_hooks (the public
form lives on ReportBoxPage at /report/; old /reportbox/ URLs redirect, see portal/urls.py)."""

from django.urls import path

from ledgers.reportbox import views

app_name = "reportbox"
urlpatterns = [
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
]
