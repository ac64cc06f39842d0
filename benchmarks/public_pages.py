"""Public page throughput, uncached and from the anonymous page cache, against a trivial Django
view served by the same gunicorn in the same run (the ratio is the stable figure).

Builds a fresh database with the demo site (a temporary SQLite file, or PostgreSQL with
--db postgres), starts gunicorn (2 sync workers, DEBUG off) on 127.0.0.1 twice — page cache off,
then on — and loads each URL for a few seconds with ``wrk`` (Debian package) or, without it,
a Python client (processes with keep-alive connections). Prints requests per second per page
type and the ratio to the trivial view measured in the same server run. Also checks that the
cached run really served from the cache (X-Page-Cache: hit).

    .venv/bin/python benchmarks/public_pages.py                 # SQLite, database cache
    .venv/bin/python benchmarks/public_pages.py --db postgres --cache redis --seconds 10
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SETTINGS = """
from portal.settings.base import *  # noqa

DEBUG = False
SECRET_KEY = "benchmark-only-key-0123456789abcdefghijklmnopqrstuvwxyz0123"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STORAGES["staticfiles"] = {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = Path({tmp!r}) / "media"
PRIVATE_STORAGE_ROOT = Path({tmp!r}) / "private"
STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_STORAGE_ROOT)
STATIC_ROOT = Path({tmp!r}) / "static"
STATIC_ROOT.mkdir(exist_ok=True)
TASKS = {{"default": {{"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}}}
{cache}
"""

URLS = """
from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("trivial/", trivial), path("", include("portal.urls"))]
"""

SETUP = """
from wagtail.models import Site
from home.models import ArticlePage, CasePage, ServiceGuidePage, StandardPage
Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=80)
guide = ServiceGuidePage.objects.live().first()
item = guide.approval_items.first()
print("URL home /")
print("URL column_index /column/")
print("URL article", ArticlePage.objects.live().filter(unit__isnull=False).first().url)
print("URL case_index /cases/")
print("URL case_page", CasePage.objects.live().first().url)
print("URL guide_index /guides/")
print("URL service_guide", guide.url)
print("URL approval_item", item.get_url())
print("URL notice", item.notice_url())
print("URL standard_page", StandardPage.objects.live().first().url)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, stdin=None):
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.3)
    sys.exit(f"server did not answer {url}")


def _python_client(url, seconds, result):
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    end, count = time.perf_counter() + seconds, 0
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.perf_counter() < end:
        try:
            conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                count += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    result.put(count)


def load(url, seconds, connections):
    """Requests per second of HTTP 200 answers at ``url``."""
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rate = float(next(line for line in out.splitlines() if "Requests/sec" in line).split()[1])
        if "Non-2xx" in out:
            sys.exit(f"{url}: non-2xx answers under load\n{out}")
        return rate
    import multiprocessing

    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_python_client, args=(url, seconds, queue))
        for _ in range(connections)
    ]
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def serve(env, port, workers, page_cache):
    env = dict(env, PORTAL_PAGE_CACHE="1" if page_cache else "0")
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "bench_settings_wsgi:application",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cache", choices=["db", "redis"], default="db")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--seconds", type=int, default=5, help="load per URL")
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="public-pages-")
    cache = {
        "db": 'CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", '
        '"LOCATION": "portal_cache"}}',
        "redis": 'CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", '
        f'"LOCATION": "redis://127.0.0.1:6379/14", "KEY_PREFIX": "pp{os.getpid()}"}}}}',
    }[args.cache]
    Path(tmp, "bench_settings.py").write_text(
        textwrap.dedent(SETTINGS.format(tmp=tmp, cache=cache))
    )
    Path(tmp, "bench_urls.py").write_text(URLS)
    Path(tmp, "bench_settings_wsgi.py").write_text(
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([tmp, str(ROOT)]),
        DJANGO_LOG_LEVEL="ERROR",
    )
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        dbname = "portal_public_pages_bench"
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname], check=True
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    env["DJANGO_CONN_MAX_AGE"] = "60"  # persistent connections, as deployed

    print(f"setting up ({args.db}, cache {args.cache}) in {tmp} …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_demo")
    urls = [
        line.split()[1:]
        for line in manage(env, "shell", stdin=SETUP).splitlines()
        if line.startswith("URL ")
    ]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for label, page_cache in (("uncached", False), ("cached", True)):
            server = serve(env, port, args.workers, page_cache)
            try:
                wait_for(base + "/trivial/")
                for _, path in urls:  # warm up (and fill the cache in the cached run)
                    with urllib.request.urlopen(base + path) as response:
                        response.read()
                        state = response.headers.get("X-Page-Cache")
                    if page_cache:
                        with urllib.request.urlopen(base + path) as response:
                            state = response.headers.get("X-Page-Cache")
                        if state != "hit":
                            sys.exit(f"{path}: expected a cache hit, got {state!r}")
                    elif state:
                        sys.exit(f"{path}: page cache should be off, got {state!r}")
                # The trivial view is measured right before each page (the machine's load
                # drifts); each page's ratio is to its own neighbour.
                results[label] = {}
                for name, path in urls:
                    trivial = load(base + "/trivial/", args.seconds, args.connections)
                    page = load(base + path, args.seconds, args.connections)
                    results[label][name] = (page, trivial)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    client = "wrk" if shutil.which("wrk") else "python client"
    print(
        f"\n{args.db}, cache {args.cache}, gunicorn {args.workers} sync workers, {client}, "
        f"{args.connections} connections, {args.seconds} s per URL"
    )
    print(
        f"{'page':<16}{'uncached':>10}{'trivial':>9}{'ratio':>8}"
        f"{'cached':>10}{'trivial':>9}{'ratio':>8}   (req/s)"
    )
    ratios = {"uncached": [], "cached": []}
    for name, _ in urls:
        (u, ut), (c, ct) = results["uncached"][name], results["cached"][name]
        ratios["uncached"].append(u / ut)
        ratios["cached"].append(c / ct)
        print(f"{name:<16}{u:>10.0f}{ut:>9.0f}{u / ut:>8.3f}{c:>10.0f}{ct:>9.0f}{c / ct:>8.3f}")
    mean_u = sum(ratios["uncached"]) / len(urls)
    mean_c = sum(ratios["cached"]) / len(urls)
    print(f"\nmean page/trivial ratio: uncached {mean_u:.3f}, cached {mean_c:.3f}")


if __name__ == "__main__":
    main()
