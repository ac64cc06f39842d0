"""Fixtures for 好差评: a window unit with its guide page and an item, the roles, captcha answers."""

import datetime

import pytest
from captcha.models import CaptchaStore

from ledgers.models import UnitKind
from tests.factories import UnitFactory, clerk_user, make_user, office_user

D = datetime.date


def captcha_pair():
    """A real captcha from the store and its answer (what a person reads off the image)."""
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def form_data(**overrides):
    key, answer = captcha_pair()
    data = {
        "level": "satisfied",
        "aspects": ["attitude"],
        "comment": "",
        "name": "",
        "phone": "",
        "website": "",
        "captcha_0": key,
        "captcha_1": answer,
    }
    data.update(overrides)
    return data


def _home():
    from wagtail.models import Page, Site

    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.objects.get(depth=1)
        home = root.add_child(instance=HomePage(title="首页", slug="home-test"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
    return home


def make_guide(unit, slug):
    from home.models import ApprovalItem, GuideIndexPage, ServiceGuidePage

    home = _home()
    index = GuideIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=GuideIndexPage(title="窗口服务指南", slug="guides"))
    guide = ServiceGuidePage(title=f"{unit}服务指南", slug=slug, unit=unit)
    index.add_child(instance=guide)
    ApprovalItem.objects.create(page=guide, name="企业设立登记", original_days=5, current_days=3)
    ApprovalItem.objects.create(page=guide, name="食品经营许可", original_days=10, current_days=7)
    return guide


@pytest.fixture
def world(db):
    window = UnitFactory(name="行政审批服务局", is_window=True)
    other = UnitFactory(name="公安局", is_window=True)
    town = UnitFactory(name="方圆街道", kind=UnitKind.TOWN)
    guide = make_guide(window, "spj")
    other_guide = make_guide(other, "gaj")
    return {
        "window": window,
        "other": other,
        "town": town,
        "guide": guide,
        "item": guide.approval_items.order_by("pk").first(),
        "other_guide": other_guide,
        "office": office_user(),
        "clerk": clerk_user(window),
        "clerk_other": clerk_user(other),
        "clerk_town": clerk_user(town),
        "jiwei": make_user("inspector"),
    }


RATED_ON = D(2026, 9, 29)  # Tuesday before 国庆 2026


def rate(unit, level="satisfied", on=RATED_ON, **kwargs):
    from ledgers.ratings.services import submit_rating

    return submit_rating(unit=unit, on=on, level=level, **kwargs)
