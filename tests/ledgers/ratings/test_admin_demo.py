"""On the demo data, as the demo logins: the 好差评 screens are Chinese throughout, their rows
lead somewhere, the menu group shows the right entries per role, and spj never sees a phone."""

import pytest
from django.urls import reverse

from ledgers.ratings.models import Rating
from tests.ledgers.test_admin_chinese import english_runs
from tests.ledgers.test_admin_listings import dead_rows

pytestmark = pytest.mark.django_db


def screens(role):
    from ledgers.ratings.models import RatingSettings

    settings_pk = RatingSettings.load().pk  # not always 1: ids are not reused after a rollback
    rating = Rating.objects.filter(unit__name="海阳市行政审批服务局", case__isnull=False).first()
    common = [
        reverse("ratings_admin:index"),
        reverse("ratings_admin:inspect", args=[rating.pk]),
        reverse("ratings_admin:figures"),
    ]
    if role == "office":
        return common + [
            reverse("ratings_admin:qr_list"),
            reverse("ratings_admin:qr_print", args=[rating.unit_id]),
            reverse("wagtailsettings:edit", args=["ratings", "ratingsettings", settings_pk]),
            reverse("ratings_admin:history", args=[rating.pk]),
        ]
    return common


@pytest.mark.parametrize("username", ["office", "spj"])
def test_rating_screens_are_chinese(client, demo, username):
    client.force_login(demo[username])
    for url in screens(username):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not english_runs(response.content.decode()), (
            url,
            english_runs(response.content.decode()),
        )


@pytest.mark.parametrize("username", ["office", "spj", "fangyuan"])
def test_listing_rows_open_their_rating(client, demo, username):
    client.force_login(demo[username])
    rows, dead = dead_rows(client.get(reverse("ratings_admin:index")).content.decode())
    assert not dead
    if username != "fangyuan":
        assert rows


def menu_labels(user):
    """The labels under the 好差评 group of the admin menu, as ``user`` is shown them."""
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    reverse("wagtailadmin_home")  # registers the viewsets
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.label == "好差评":
            return [sub.label for sub in item.menu.menu_items_for_request(request)]
    return []


def test_menu_group_per_role(demo):
    assert menu_labels(demo["office"]) == ["好差评统计", "评价明细", "窗口评价二维码", "好差评设置"]
    assert menu_labels(demo["spj"]) == ["好差评统计", "评价明细"]
    assert menu_labels(demo["jiwei"]) == []


def test_spj_never_sees_a_rating_phone(client, demo):
    phones = list(Rating.objects.exclude(phone="").values_list("phone", flat=True))
    assert phones
    client.force_login(demo["spj"])
    for url in screens("spj"):
        html = client.get(url).content.decode()
        for phone in phones:
            assert phone not in html, url
