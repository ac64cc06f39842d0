"""Checked downloads of plan files (admin URLs are registered in wagtail_hooks)."""

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
