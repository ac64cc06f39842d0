"""Ledger pages for clerks and the office, mounted at /admin/sheets/ by wagtail_hooks (the old
/sheets/ URLs redirect there, see portal/urls.py)."""

from django.urls import path

from ledgers.sheets import views

app_name = "sheets"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("template/<int:period_pk>/<int:attachment>/", views.template_download, name="template"),
    path("upload/<int:pk>/", views.detail, name="detail"),
    path("upload/<int:pk>/progress.json", views.progress, name="progress"),
    path("upload/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("upload/<int:pk>/discard/", views.discard, name="discard"),
    path("upload/<int:pk>/restore/", views.restore, name="restore"),
    path("upload/<int:pk>/accept-categories/", views.accept_categories, name="accept_categories"),
    path("upload/<int:pk>/original/", views.original, name="original"),
    path("upload/<int:pk>/annotated/", views.annotated, name="annotated"),
    path(
        "history/<int:period_pk>/<int:attachment>/<int:unit_pk>/",
        views.history,
        name="history",
    ),
    path("board/", views.board, name="board"),
    path("export/<int:period_pk>/<int:attachment>/", views.export, name="export"),
    path("counts/", views.counts, name="counts"),
    path("handover/", views.handover, name="handover"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/<int:index>/", views.review_decide, name="review_decide"),
]
