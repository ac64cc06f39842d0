"""Load test of the report box under gunicorn: N valid submissions from concurrent clients.

Starts the site under gunicorn on 127.0.0.1 with a fresh database (a temporary SQLite file, or a
PostgreSQL database with --db postgres), rate limits raised for the run, and the captcha in the
library's test mode (the image cannot be read by a script; the stored question is still looked up
and consumed per submission). Every submission follows the redirect to its receipt
and keeps the code. Afterwards the script checks in the database that N reports are stored with
N distinct receipt codes, the same codes the clients were shown (none lost), and prints the
throughput: first one client (baseline), then C concurrent clients, and their ratio.

    .venv/bin/python benchmarks/reportbox_load.py -n 200 -c 8 --workers 3
    .venv/bin/python benchmarks/reportbox_load.py --db postgres --cache redis -n 400 -c 16

With --target the script starts nothing: it submits to a running deployment (e.g. nginx in front
of two gunicorn instances, deploy/ci_stage.py) and counts in that deployment's database through
`manage.py shell` run with the caller's environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, …):
every code shown to a client must be a new report, and no report may be added without a code.

    .venv/bin/python benchmarks/reportbox_load.py --target https://127.0.0.1:8443 --ca cert.pem
"""

import argparse
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SETTINGS = """
from portal.settings.base import *  # noqa

DEBUG = False
SECRET_KEY = "benchmark-only-key-0123456789abcdefghijklmnopqrstuvwxyz0123"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STORAGES["staticfiles"] = {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = Path({tmp!r}) / "media"
PRIVATE_STORAGE_ROOT = Path({tmp!r}) / "private"
STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_STORAGE_ROOT)
STATIC_ROOT = Path({tmp!r}) / "static"
STATIC_ROOT.mkdir(exist_ok=True)
PORTAL_REPORT_RATE = "1000000/h"
PORTAL_REPORT_PHONE_RATE = "1000000/h"
# The captcha is an image a script cannot read (that is its point): the library's test mode
# accepts "PASSED" and still looks up and consumes the stored question, as a real answer does.
CAPTCHA_TEST_MODE = True
{cache}
"""

SETUP_PAGE = """
from wagtail.models import Page, Site
from home.models import HomePage
from ledgers.reportbox.demo import ensure_page
root = Page.objects.get(depth=1)
home = HomePage.objects.first() or root.add_child(instance=HomePage(title="首页", slug="portal-home"))
Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "127.0.0.1", "port": 80})
page, _ = ensure_page()
print("PATH", page.url)
"""

COUNT = """
from ledgers.reportbox.models import Report, ReportAttachment
codes = list(Report.objects.values_list("receipt_code", flat=True))
print("COUNTS", len(codes), len(set(codes)), ReportAttachment.objects.count())
for code in codes:
    print(code)
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


def png_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 32), (180, 20, 20)).save(out, format="PNG")
    return out.getvalue()


PNG = png_bytes()
TIMINGS = []  # (form GET, POST + redirect to receipt) seconds per submission
VERIFY = True  # TLS verification for --target (a CA bundle path for a self-signed certificate)
# Against a running deployment (--target) the test mode is off: the answer is read from the
# deployment's own database (the stored question), the way only its operator could.
CAPTCHA_DB = None


def captcha_answer(key):
    if not CAPTCHA_DB:
        return "PASSED"
    import psycopg

    with psycopg.connect(CAPTCHA_DB) as conn:
        row = conn.execute(
            "SELECT response FROM captcha_captchastore WHERE hashkey = %s", [key]
        ).fetchone()
    if row is None:
        raise RuntimeError(f"captcha {key} not found in the deployment's database")
    return row[0]


CATEGORY_RE = re.compile(r'<option value="(\d+)"[^>]*>干部作风</option>')


def submit(base, path, index, with_file):
    """One person: open the form, answer the captcha, submit, read the receipt."""
    session = requests.Session()
    session.verify = VERIFY
    session.trust_env = VERIFY is True  # our own CA for --target, not REQUESTS_CA_BUNDLE
    t0 = time.perf_counter()
    form = session.get(base + path, timeout=60)
    t1 = time.perf_counter()
    form.raise_for_status()
    html = form.text
    data = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        "category": CATEGORY_RE.search(html)[1],
        "concerned_unit": "",
        "place": f"方圆街道 第{index}社区",
        "content": f"压力测试第{index}件:窗口工作人员上班时间玩手机,群众排队很久无人理会。",
        "identity": "named" if index % 2 else "anonymous",
        "reporter_name": "测试" if index % 2 else "",
        "reporter_phone": f"138{index:08d}" if index % 2 else "",
        "consent": "on",
        "website": "",
    }
    key = re.search(r'name="captcha_0" value="([^"]+)"', html)[1]
    data.update(captcha_0=key, captcha_1=captcha_answer(key))
    files = {"attachments": (f"p{index}.png", PNG, "image/png")} if with_file else None
    response = session.post(
        base + path, data=data, files=files, headers={"Referer": base + path}, timeout=60
    )
    if not response.url.endswith("/receipt/"):
        raise RuntimeError(f"submission {index} not accepted: HTTP {response.status_code}")
    code = re.search(r'id="receipt-code"[^>]*>([^<]+)<', response.text)[1]
    TIMINGS.append((t1 - t0, time.perf_counter() - t1))
    return code.replace("-", "")


def run_batch(base, path, indices, concurrency, file_every):
    codes, errors = [], []
    lock = threading.Lock()

    def one(i):
        try:
            code = submit(base, path, i, file_every and i % file_every == 0)
            with lock:
                codes.append(code)
        except Exception as exc:
            with lock:
                errors.append(f"{i}: {exc}")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, indices))
    return codes, errors, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--submissions", type=int, default=200)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("--baseline", type=int, default=30, help="submissions by one client first")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cache", choices=["db", "redis"], default="db")
    parser.add_argument("--file-every", type=int, default=4, help="attach a PNG to every k-th")
    parser.add_argument("--target", help="base URL of a running deployment (start nothing)")
    parser.add_argument("--path", default="/report/", help="report box path (with --target)")
    parser.add_argument("--ca", help="CA bundle for the target's TLS certificate")
    args = parser.parse_args()
    if args.target:
        return run_against_target(args)

    tmp = tempfile.mkdtemp(prefix="reportbox-load-")
    cache = {
        "db": 'CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", '
        '"LOCATION": "portal_cache"}}',
        "redis": 'CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", '
        '"LOCATION": "redis://127.0.0.1:6379/14", "KEY_PREFIX": "rbload"}}',
    }[args.cache]
    Path(tmp, "rb_bench_settings.py").write_text(
        textwrap.dedent(SETTINGS.format(tmp=tmp, cache=cache))
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rb_bench_settings",
        PYTHONPATH=os.pathsep.join([tmp, str(ROOT)]),
        DJANGO_LOG_LEVEL="ERROR",
    )
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        dbname = "portal_reportbox_load"
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname], check=True
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
        env["DJANGO_CONN_MAX_AGE"] = "60"
    if args.cache == "redis":
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()

    print(f"db={args.db} cache={args.cache} gunicorn workers={args.workers} tmp={tmp}")
    manage(env, "migrate", "--noinput", "-v", "0")
    if args.cache == "db":
        manage(env, "createcachetable")
    path = manage(env, "shell", "-c", SETUP_PAGE).split("PATH ")[-1].strip()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                if requests.get(base + path, timeout=15).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")

        total = args.baseline + args.submissions
        base_codes, base_errors, base_time = run_batch(
            base, path, range(args.baseline), 1, args.file_every
        )
        codes, errors, elapsed = run_batch(
            base, path, range(args.baseline, total), args.concurrency, args.file_every
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    out = manage(env, "shell", "-c", COUNT).split()
    out = out[out.index("COUNTS") + 1 :]
    stored, distinct, attachments = (int(x) for x in out[:3])
    stored_codes = set(out[3:])
    shown = base_codes + codes
    all_errors = base_errors + errors
    seq_rate = len(base_codes) / base_time if base_time else 0
    par_rate = len(codes) / elapsed if elapsed else 0
    print(
        f"baseline: 1 client, {len(base_codes)} submissions in {base_time:.2f} s "
        f"= {seq_rate:.1f} /s ({1000 * base_time / max(1, len(base_codes)):.0f} ms each)"
    )
    print(
        f"load:     {args.concurrency} clients, {len(codes)} submissions in {elapsed:.2f} s "
        f"= {par_rate:.1f} /s"
    )
    print(f"ratio concurrent/baseline throughput: {par_rate / seq_rate:.2f}x" if seq_rate else "")
    if TIMINGS:
        gets = sorted(t[0] for t in TIMINGS)
        posts = sorted(t[1] for t in TIMINGS)
        med = len(gets) // 2
        print(
            f"median form GET {1000 * gets[med]:.0f} ms, median POST+receipt {1000 * posts[med]:.0f} ms "
            f"(p95 {1000 * posts[int(len(posts) * 0.95) - 1]:.0f} ms)"
        )
    print(f"sent {total}, accepted {len(shown)}, errors {len(all_errors)}")
    print(f"stored {stored} reports, {distinct} distinct codes, {attachments} attachments")
    ok = (
        not all_errors
        and stored == total
        and distinct == total
        and set(shown) == stored_codes
        and len(set(shown)) == total
    )
    for error in all_errors[:10]:
        print("  error:", error)
    print("RESULT:", "OK — every submission stored once with its own code" if ok else "FAILED")
    if ok:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


def db_codes(env):
    out = manage(env, "shell", "-c", COUNT).split()
    out = out[out.index("COUNTS") + 1 :]
    return int(out[0]), int(out[1]), out[3:]


def run_against_target(args):
    global VERIFY, CAPTCHA_DB
    VERIFY = args.ca or True
    env = dict(os.environ)
    CAPTCHA_DB = env.get("DATABASE_URL")
    before_count, before_distinct, before = db_codes(env)
    total = args.baseline + args.submissions
    base_codes, base_errors, base_time = run_batch(
        args.target, args.path, range(args.baseline), 1, args.file_every
    )
    codes, errors, elapsed = run_batch(
        args.target, args.path, range(args.baseline, total), args.concurrency, args.file_every
    )
    after_count, after_distinct, after = db_codes(env)
    shown = base_codes + codes
    new = set(after) - set(before)
    all_errors = base_errors + errors
    seq_rate = len(base_codes) / base_time if base_time else 0
    par_rate = len(codes) / elapsed if elapsed else 0
    print(
        f"target {args.target}: baseline 1 client {seq_rate:.1f} /s, {args.concurrency} clients {par_rate:.1f} /s"
    )
    print(f"sent {total}, accepted {len(shown)}, errors {len(all_errors)}")
    print(
        f"new reports {after_count - before_count}, new distinct codes {len(new)}, "
        f"codes shown {len(set(shown))}, all codes distinct {after_count == after_distinct}"
    )
    ok = (
        not all_errors
        and after_count - before_count == total
        and after_count == after_distinct
        and len(set(shown)) == total
        and new == set(shown)
    )
    for error in all_errors[:10]:
        print("  error:", error)
    print("RESULT:", "OK — every submission stored once with its own code" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
