"""Public URLs of this module (admin URLs are mounted by CaseViewSet in wagtail_hooks)."""

from django.urls import path

from ledgers.rectification import public_views

app_name = "rectification"
urlpatterns = [
    path("results/", public_views.public_results, name="results"),
    path("status/", public_views.status, name="status"),
]
