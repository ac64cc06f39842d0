"""Real concurrency on PostgreSQL: parallel hand-overs of one row make one case; parallel
assignments get distinct slip numbers."""

import datetime
import threading

import pytest
from django.db import connection, connections

from ledgers.rectification import services
from ledgers.rectification.models import Case, CaseSource
from tests.factories import ledger_row
from tests.ledgers.rectification.conftest import make_case

D = datetime.date

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real parallel transactions"
    ),
]


def run_parallel(fn, n=6):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_parallel_hand_over_makes_one_case(world):
    row = ledger_row(world["town"], problem_content="电梯故障")
    results, errors = run_parallel(
        lambda: services.hand_over_ledger_row(row, user=world["office"], on=D(2026, 9, 28))
    )
    assert errors == []
    assert len({case.pk for case, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert CaseSource.objects.filter(ledger_row=row).count() == 1


def test_parallel_assignments_get_distinct_slip_numbers(world):
    cases = [make_case(world, title=f"问题{i}") for i in range(6)]
    queue = list(cases)
    lock = threading.Lock()

    def assign_one():
        with lock:
            case = Case.objects.get(pk=queue.pop().pk)
        return services.assign(case, world["zjj"], 5, user=world["office"], on=D(2026, 9, 29))

    results, errors = run_parallel(assign_one)
    assert errors == []
    numbers = sorted(c.slip_number for c in Case.objects.all())
    assert numbers == [f"海作交〔2026〕第{i:04d}号" for i in range(1, 7)]
