"""Checked downloads of plan files, mounted at /admin/plans/ by wagtail_hooks (old /plans/ URLs
redirect, see portal/urls.py)."""

from django.urls import path

from ledgers.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/download/", views.download, name="download"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/download/",
        views.download_attachment,
        name="download_attachment",
    ),
    path(
        "<int:pk>/revisions/<int:revision_id>/download/",
        views.download_revision,
        name="download_revision",
    ),
    path(
        "<int:pk>/revisions/<int:revision_id>/attachments/<int:index>/download/",
        views.download_revision_attachment,
        name="download_revision_attachment",
    ),
]
