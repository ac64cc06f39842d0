"""Site search latency (p50/p95) over 10,000 pages and 10,000 approval items, SQLite or
PostgreSQL, against a trivial Django view served through the same stack in the same run.

Builds a fresh database (a temporary SQLite file, or PostgreSQL with --db postgres): the demo
site, then N column articles and M approval items (in guides of 50 items) with varied Chinese
titles, indexed once with ``update_index``. Then it requests ``/search/?q=…`` through Django's
test client (all middleware, the view and its template) for a mix of queries — exact titles of
existing pages and items, two-character words, place and unit names, words found nowhere — and
prints p50/p95/max per kind, the trivial view's p50/p95, the ratio, and how many exact-title
queries got that title as the first result.

    .venv/bin/python benchmarks/search_latency.py                    # SQLite, 10,000 + 10,000
    .venv/bin/python benchmarks/search_latency.py --db postgres
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOWNS = ["方圆街道", "东村街道", "凤城街道", "留格庄镇", "盘石店镇", "郭城镇", "徐家店镇", "发城镇"]
TOPICS = [
    "包村联户走访",
    "服务对象回访",
    "问题整改销号",
    "窗口服务提速",
    "一次性告知",
    "作风纪律检查",
]
ACTIONS = ["经验交流", "工作推进会", "情况通报", "典型做法", "回头看", "专项行动"]
ITEMS = ["营业执照", "食品经营许可", "建筑工程施工许可", "户籍迁移", "社保卡补办", "不动产登记"]
KINDS = ["设立登记", "变更登记", "注销登记", "延续", "补证", "备案"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def build(pages, items, seed):
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Page

    from home import demo_content
    from home.models import ArticlePage, ColumnIndexPage, GuideIndexPage, ServiceGuidePage, Task
    from ledgers.demo import load_units
    from ledgers.models import Unit

    rng = random.Random(seed)
    units = load_units()
    demo_content.load_site(units)
    column = ColumnIndexPage.objects.get()
    tasks = [choice for choice, _ in Task.choices]
    titles = []
    batch_atomic = transaction.atomic()  # one commit per 500 pages, not one per page
    batch_atomic.__enter__()
    for n in range(pages):
        title = f"{rng.choice(TOWNS)}{rng.choice(TOPICS)}{rng.choice(ACTIONS)}第{n}期"
        titles.append(title)
        column.add_child(
            instance=ArticlePage(
                title=title,
                slug=f"bench-{n}",
                task=rng.choice(tasks),
                intro=f"{rng.choice(TOWNS)}围绕{rng.choice(TOPICS)}开展{rng.choice(ACTIONS)}。",
                body=f"<p>{rng.choice(TOPICS)}。{rng.choice(ITEMS)}办理时限压缩。</p>",
            )
        )
        if n % 500 == 499:
            batch_atomic.__exit__(None, None, None)
            batch_atomic = transaction.atomic()
            batch_atomic.__enter__()
        if n % 1000 == 999:
            print(f"  {n + 1} pages", flush=True)
    batch_atomic.__exit__(None, None, None)
    guide_index = GuideIndexPage.objects.get()
    item_names = []
    from home.models import ApprovalItem

    for g in range((items + 49) // 50):
        if g % 20 == 0:
            print(f"  {g * 50} items", flush=True)
        unit = Unit.objects.create(name=f"基准测试窗口单位{g}", is_window=True, kind="department")
        guide = ServiceGuidePage(
            title=f"基准测试窗口单位{g}服务指南", slug=f"bench-guide-{g}", unit=unit
        )
        guide_index.add_child(instance=guide)
        batch = []
        for k in range(min(50, items - g * 50)):
            name = f"{rng.choice(ITEMS)}{rng.choice(KINDS)}({g}-{k})"
            item_names.append(name)
            batch.append(
                ApprovalItem(
                    page=guide,
                    sort_order=k,
                    name=name,
                    conditions=f"申请人持{rng.choice(ITEMS)}到{rng.choice(TOWNS)}便民服务中心办理。",
                    original_days=10,
                    current_days=8,
                )
            )
        ApprovalItem.objects.bulk_create(batch)
        guide.save_revision().publish()
    call_command("update_index", verbosity=0)
    print(f"  {Page.objects.live().count()} live pages, {ApprovalItem.objects.count()} items")
    return titles, item_names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=60, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="search-latency-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DJANGO_LOG_LEVEL"] = "ERROR"
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        dbname = "portal_search_bench"
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname], check=True
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import include, path

    from home.views import search_results

    settings.DEBUG = False
    # Index once at the end (update_index) rather than page by page while building.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": dict(settings.WAGTAILSEARCH_BACKENDS["default"], AUTO_UPDATE=False)
    }
    print(f"building {args.pages} pages and {args.items} items on {args.db} …", flush=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    titles, item_names = build(args.pages, args.items, args.seed)
    print(f"  built and indexed in {time.perf_counter() - started:.0f} s", flush=True)

    urls = type(
        "BenchUrls",
        (),
        {
            "urlpatterns": [
                path("trivial/", lambda request: HttpResponse("ok")),
                path("", include("portal.urls")),
            ]
        },
    )
    rng = random.Random(args.seed + 1)
    kinds = {
        "exact page title": rng.sample(titles, args.queries),
        "exact item name": rng.sample(item_names, args.queries),
        "two characters": [
            rng.choice(["服务", "整改", "走访", "窗口", "登记", "许可"])
            for _ in range(args.queries)
        ],
        "place + topic": [f"{rng.choice(TOWNS)} {rng.choice(TOPICS)}" for _ in range(args.queries)],
        "not found": [f"火星殖民{n}号基地" for n in range(args.queries)],
    }
    client = Client()
    with override_settings(ROOT_URLCONF=urls):
        for _ in range(20):
            client.get("/trivial/")
            client.get("/search/", {"q": "营业执照"})
        trivial = []
        for _ in range(args.queries * 3):
            t0 = time.perf_counter()
            client.get("/trivial/")
            trivial.append(time.perf_counter() - t0)
        rows, everything, first_ok, exact_total = [], [], 0, 0
        for kind, queries in kinds.items():
            timings = []
            for query in queries:
                t0 = time.perf_counter()
                response = client.get("/search/", {"q": query})
                timings.append(time.perf_counter() - t0)
                assert response.status_code == 200
                if kind.startswith("exact"):  # ranking checked outside the timing
                    exact_total += 1
                    results = search_results(query)
                    if results and results[0].title == query:
                        first_ok += 1
            everything += timings
            rows.append((kind, timings))

    ms = 1000
    t50, t95 = percentile(trivial, 0.5) * ms, percentile(trivial, 0.95) * ms
    print(f"\nsearch on {args.db}: {args.pages} pages + {args.items} approval items")
    print(f"{'queries':<18}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, timings in rows:
        print(
            f"{kind:<18}{percentile(timings, 0.5) * ms:>9.1f}{percentile(timings, 0.95) * ms:>9.1f}"
            f"{max(timings) * ms:>9.1f}"
        )
    p50, p95 = percentile(everything, 0.5) * ms, percentile(everything, 0.95) * ms
    print(f"{'all':<18}{p50:>9.1f}{p95:>9.1f}{max(everything) * ms:>9.1f}")
    print(f"{'trivial view':<18}{t50:>9.1f}{t95:>9.1f}")
    print(
        f"\nsearch p50 {p50:.1f} ms, p95 {p95:.1f} ms; trivial view p95 {t95:.2f} ms "
        f"(search/trivial p95 ratio {p95 / t95:.0f}×); mean {statistics.mean(everything) * ms:.1f} ms"
    )
    print(f"exact title first: {first_ok} of {exact_total} exact-title queries")


if __name__ == "__main__":
    main()
