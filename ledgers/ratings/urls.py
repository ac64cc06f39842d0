"""Public rating URLs, included at /ratings/ by portal/urls.py."""

from django.urls import path

from ledgers.ratings import public_views

app_name = "ratings"

urlpatterns = [
    path("windows/<int:unit_id>/", public_views.rate_window, name="rate_window"),
    path("items/<int:item_id>/", public_views.rate_item, name="rate_item"),
    path("thanks/", public_views.thanks, name="thanks"),
]
