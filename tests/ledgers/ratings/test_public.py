"""The public rating entry: reached from the guide page and every item page, five levels in a
fieldset, the points, captcha, honeypot and rate limits; typed text kept on error."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ledgers.ratings.models import Rating
from ledgers.rectification.models import Case
from tests.ledgers.ratings.conftest import form_data, rate

pytestmark = pytest.mark.django_db


def window_url(world):
    return reverse("ratings:rate_window", args=[world["window"].pk])


def test_guide_and_item_pages_link_to_the_rating_form(client, world):
    guide = client.get(world["guide"].url).content.decode()
    assert f'href="{window_url(world)}"' in guide and "评价窗口服务" in guide
    item = client.get(world["item"].get_url()).content.decode()
    assert f'href="{reverse("ratings:rate_item", args=[world["item"].pk])}"' in item


def test_form_has_five_levels_in_a_fieldset_points_captcha_and_hidden_honeypot(client, world):
    html = client.get(window_url(world)).content.decode()
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>总体评价", html)
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"{label}</label>" in html or f"> {label}</label>" in html or label in html
    assert html.count('type="radio" name="level"') == 5
    for label in ("服务态度", "办事效率", "办事指南准确", "一次性告知"):
        assert label in html
    assert 'class="captcha"' in html and 'name="_refresh_captcha"' in html
    assert 'class="hp-field"' in html and 'tabindex="-1"' in html
    assert "行政审批服务局" in html


def test_rating_saved_as_typed_and_thanks_shown(client, world):
    response = client.post(
        window_url(world),
        form_data(
            level="very_satisfied",
            aspects=["efficiency", "guide"],
            comment="  办得很快 ",
            name="刘女士",
            phone="139 0535 1122",
        ),
    )
    assert response.status_code == 302 and response["Location"] == reverse("ratings:thanks")
    rating = Rating.objects.get()
    assert rating.unit == world["window"] and rating.approval_item is None
    assert rating.level == "very_satisfied" and rating.aspects == ["efficiency", "guide"]
    assert rating.comment == "办得很快" and rating.name == "刘女士"
    assert rating.phone == "139 0535 1122"
    assert rating.case is None
    thanks = client.get(reverse("ratings:thanks")).content.decode()
    assert "感谢您对行政审批服务局窗口服务的评价" in thanks
    assert world["guide"].url in thanks


def test_item_rating_records_the_item(client, world):
    url = reverse("ratings:rate_item", args=[world["item"].pk])
    assert client.post(url, form_data(level="dissatisfied", phone="13905351122")).status_code == 302
    rating = Rating.objects.get()
    assert rating.approval_item == world["item"] and rating.unit == world["window"]
    assert rating.case is not None and Case.objects.count() == 1
    assert "整改" in client.get(reverse("ratings:thanks")).content.decode()


def test_not_a_window_or_missing_is_not_found(client, world):
    assert client.get(reverse("ratings:rate_window", args=[world["town"].pk])).status_code == 404
    assert client.get(reverse("ratings:rate_window", args=[999999])).status_code == 404
    assert client.get(reverse("ratings:rate_item", args=[999999])).status_code == 404


def test_missing_level_keeps_what_was_typed(client, world):
    response = client.post(
        window_url(world),
        form_data(level="", comment="材料清单很清楚", name="王先生", phone="13905351122"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择一个评价等级" in html
    assert "材料清单很清楚" in html and 'value="王先生"' in html and 'value="13905351122"' in html
    assert 'value="attitude" checked' in html or re.search(r'value="attitude"[^>]*checked', html)
    assert Rating.objects.count() == 0


def test_invalid_phone_refused_in_chinese(client, world):
    response = client.post(window_url(world), form_data(phone="12345"))
    assert response.status_code == 400
    assert "请填写正确的手机号" in response.content.decode()
    assert Rating.objects.count() == 0


def test_wrong_captcha_refused_and_typed_text_kept(client, world):
    data = form_data(comment="排队很久", captcha_1="999")
    response = client.post(window_url(world), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "验证码答案不正确" in html and "排队很久" in html
    assert Rating.objects.count() == 0


def test_refresh_captcha_keeps_the_answers(client, world):
    data = form_data(level="basic", comment="态度还行", _refresh_captcha="1")
    response = client.post(window_url(world), data)
    html = response.content.decode()
    assert response.status_code == 200 and "态度还行" in html
    assert re.search(r'value="basic"[^>]*checked', html)
    assert Rating.objects.count() == 0


def test_honeypot_refused(client, world):
    response = client.post(window_url(world), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "检测到自动填写的隐藏字段" in response.content.decode()
    assert Rating.objects.count() == 0


@override_settings(PORTAL_RATING_RATE="2/h", PORTAL_RATING_PHONE_RATE="100/h")
def test_address_limit(world):
    first, second = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="203.0.113.5")
    assert first.post(window_url(world), form_data()).status_code == 302
    assert second.post(window_url(world), form_data()).status_code == 302
    refused = first.post(window_url(world), form_data(comment="保留的意见"))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "提交过于频繁" in html and "保留的意见" in html
    assert Rating.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.6").post(window_url(world), form_data()).status_code == 302


@override_settings(PORTAL_RATING_RATE="100/h", PORTAL_RATING_PHONE_RATE="1/d")
def test_phone_limit_across_addresses_stops_case_flooding(world):
    a, b = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    bad = {"level": "very_dissatisfied"}
    assert a.post(window_url(world), form_data(phone="13905351122", **bad)).status_code == 302
    refused = b.post(window_url(world), form_data(phone="139-0535-1122", **bad))
    assert refused.status_code == 429
    assert "这个电话号码评价过于频繁" in refused.content.decode()
    assert Case.objects.count() == 1


def test_rating_pages_are_never_stored(client, world):
    response = client.get(window_url(world))
    assert "no-store" in response["Cache-Control"]


def test_summary_counts_and_rate_on_the_guide_page(client, world):
    html = client.get(world["guide"].url).content.decode()
    assert "暂无评价" in html
    for level in ("very_satisfied", "satisfied", "basic", "dissatisfied"):
        rate(world["window"], level=level)
    rate(world["other"], level="very_dissatisfied")
    html = client.get(world["guide"].url).content.decode()
    assert "共收到 <strong>4</strong> 条评价" in html and "满意率 <strong>75.0%</strong>" in html


@override_settings(PORTAL_PAGE_CACHE=True)
def test_cached_guide_page_is_never_stale_after_a_rating(
    client, world, django_capture_on_commit_callbacks
):
    url, item_url = world["guide"].url, world["item"].get_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(item_url)["X-Page-Cache"] == "miss"
    other_url = world["other_guide"].url
    assert client.get(other_url)["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(window_url(world), form_data(level="very_satisfied"))
    assert response.status_code == 302
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "共收到 <strong>1</strong> 条评价" in fresh.content.decode()
    assert client.get(item_url)["X-Page-Cache"] == "miss"
    # Another window's page is untouched.
    assert client.get(other_url)["X-Page-Cache"] == "hit"


@override_settings(PORTAL_PAGE_CACHE=False)
def test_guide_page_summary_costs_one_query_whatever_the_ratings(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(world["guide"].url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(world["guide"].url).status_code == 200
        return len(ctx)

    for level in ("satisfied", "basic", "dissatisfied"):
        rate(world["window"], level=level)
    few = count()
    for i in range(27):
        rate(world["window"], level="very_satisfied", approval_item=world["item"])
        rate(world["window"], level="dissatisfied", phone=f"1380535{i:04d}")
    assert count() == few
