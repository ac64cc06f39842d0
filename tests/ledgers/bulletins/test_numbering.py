"""Bulletin numbers: 作风通〔YYYY〕N号, in order per year, no gaps or duplicates — also when a
generation fails (rolled back) and when several land at once (real threads on PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from ledgers.bulletins import services
from ledgers.bulletins.models import Bulletin, BulletinCounter, format_number
from tests.ledgers.bulletins.conftest import AT, generate


def test_format():
    assert format_number(2026, 3) == "作风通〔2026〕3号"


@pytest.mark.django_db
def test_numbers_follow_generation_order_and_restart_each_year(people, period):
    numbers = [generate(people, params={"period": period}).number for _ in range(3)]
    assert numbers == [format_number(2026, n) for n in (1, 2, 3)]
    next_year = timezone.make_aware(datetime.datetime(2027, 1, 4, 9, 0))
    later = generate(people, params={"period": period}, at=next_year)
    assert (later.year, later.seq, later.number) == (2027, 1, "作风通〔2027〕1号")
    assert BulletinCounter.objects.get(year=2026).last_number == 3


@pytest.mark.django_db
def test_failed_generation_rolls_the_number_back(people, period, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.document, "build", broken)
    with pytest.raises(RuntimeError):
        generate(people, params={"period": period})
    assert not Bulletin.objects.exists()
    assert not BulletinCounter.objects.filter(year=2026, last_number__gt=0).exists()
    monkeypatch.undo()
    assert generate(people, params={"period": period}).seq == 1


@pytest.mark.django_db
def test_year_and_seq_are_unique(people, period):
    from django.db import IntegrityError, transaction

    first = generate(people, params={"period": period})
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.create(
            kind=first.kind,
            year=first.year,
            seq=first.seq,
            number="作风通〔2026〕1号(副本)",
            title="x",
            addressees="x",
            body="x",
            issuer="x",
            issued_on=first.issued_on,
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_generation_is_gapless(people, period):
    workers = 10
    barrier = threading.Barrier(workers)
    errors = []

    def worker():
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            services.generate("ledgers", {"period": period}, user=people["office"], at=AT)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Bulletin.objects.filter(year=2026).values_list("seq", flat=True))
    assert seqs == list(range(1, workers + 1))
    assert len(set(Bulletin.objects.values_list("number", flat=True))) == workers
    assert BulletinCounter.objects.get(year=2026).last_number == workers


@pytest.mark.django_db
def test_failed_save_leaves_no_file(people, period, monkeypatch):
    from django.core.files.storage import storages

    def broken(*args, **kwargs):
        raise RuntimeError("log down")

    monkeypatch.setattr(services, "_log", broken)
    at = timezone.make_aware(datetime.datetime(2031, 3, 1, 9, 0))  # a year no other test uses
    with pytest.raises(RuntimeError):
        generate(people, params={"period": period}, at=at)
    assert not Bulletin.objects.exists()
    storage = storages["private"]
    files = storage.listdir("bulletins/2031")[1] if storage.exists("bulletins/2031") else []
    assert files == []
