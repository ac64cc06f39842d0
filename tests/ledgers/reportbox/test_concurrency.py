"""Receipt codes are unique even under concurrent submissions (real threads on PostgreSQL),
and a collision is retried, never lost."""

import threading

import pytest
from django.db import connection

from ledgers.models import ProblemCategory
from ledgers.reportbox import services
from ledgers.reportbox.models import Report

DATA = {
    "place": "凤城街道",
    "content": "并发提交测试用的举报内容,至少十个字。",
    "is_anonymous": True,
}


def _data():
    return {**DATA, "category": ProblemCategory.objects.get(name="城建")}


@pytest.fixture
def seeded(transactional_db):
    # Transactional tests flush the tables, seeded categories included.
    ProblemCategory.objects.get_or_create(name="城建")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")
def test_concurrent_submissions_get_distinct_codes(seeded):
    threads_count, per_thread = 12, 5
    barrier = threading.Barrier(threads_count)
    errors, codes = [], []
    lock = threading.Lock()

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            for _ in range(per_thread):
                receipt = services.submit_report(data=_data())
                with lock:
                    codes.append(receipt.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    total = threads_count * per_thread
    assert len(codes) == len(set(codes)) == total
    assert Report.objects.count() == total
    assert set(Report.objects.values_list("receipt_code", flat=True)) == set(codes)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")
def test_concurrent_threads_forced_onto_the_same_code_all_succeed(seeded):
    """Every thread first draws the same code: one wins, the others hit the unique constraint,
    retry with a fresh code, and every submission is stored."""
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors = []

    def worker():
        from django.db import connections

        draws = iter(["SAMECODESAMECODE"])

        def generate():
            return next(draws, None) or services.new_receipt_code()

        try:
            barrier.wait()
            services.submit_report(data=_data(), generate_code=generate)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Report.objects.count() == threads_count
    assert Report.objects.filter(receipt_code="SAMECODESAMECODE").count() == 1


@pytest.mark.django_db
def test_collision_is_retried_with_a_fresh_code(category):
    first = services.submit_report(data={**DATA, "category": category})
    draws = iter([first.code, first.code, "FRESHCODEFRESHCD"])
    second = services.submit_report(
        data={**DATA, "category": category}, generate_code=lambda: next(draws)
    )
    assert second.code == "FRESHCODEFRESHCD"
    assert Report.objects.count() == 2


def test_codes_are_long_random_and_unambiguous():
    codes = {services.new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) >= 12 and not set(c) & set("01OIL") for c in codes)
