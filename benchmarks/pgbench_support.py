"""What the PostgreSQL benchmarks share: create their database if missing, and time a callable
(median of ``repeat`` runs) with the number of queries of the last run (needs DEBUG on)."""

import statistics
import time


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn, repeat):
    from django.db import connection, reset_queries

    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        queries = len(connection.queries)
    return statistics.median(times), queries
