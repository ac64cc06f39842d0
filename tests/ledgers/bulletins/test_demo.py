"""The bulletin demo: two numbered bulletins from the demo ledgers and spot checks, loaded twice
without a new number; the office reads and downloads them, a clerk does not."""

import docx
import pytest
from django.urls import reverse

from ledgers.bulletins.models import Bulletin, BulletinCounter
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db


def test_demo_bulletins_are_numbered_and_idempotent(demo):
    from ledgers.bulletins import demo as bulletin_demo

    numbers = list(Bulletin.objects.order_by("seq").values_list("number", "kind"))
    assert numbers == [("作风通〔2026〕1号", "ledgers"), ("作风通〔2026〕2号", "spotcheck")]
    bulletin_demo.load()
    assert Bulletin.objects.count() == 2
    assert BulletinCounter.objects.get(year=2026).last_number == 2
    for bulletin in Bulletin.objects.all():
        assert bulletin.snapshot["rows"]
        with bulletin.document.open("rb") as f:
            assert docx.Document(f).paragraphs[0].text == bulletin.number


def test_demo_logins(client, demo):
    bulletin = Bulletin.objects.order_by("seq").first()
    client.force_login(demo["office"])
    assert client.get(reverse("bulletins:detail", args=[bulletin.pk])).status_code == 200
    assert client.get(reverse("bulletins:index")).status_code == 200
    for username in ("fangyuan", "zjj", "jiwei"):
        client.force_login(demo[username])
        assert_refused(client.get(reverse("bulletins:detail", args=[bulletin.pk])))
