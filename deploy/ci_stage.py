"""CI stage: the portal as deployed — nginx in front of TWO gunicorn instances on one PostgreSQL
database and one Redis, files on the S3 API server when PORTAL_TEST_S3_ENDPOINT is set.

It runs deploy/nginx/portal.conf, deploy/nginx/portal-proxy.conf and deploy/gunicorn.conf.py
themselves (paths, ports and the upstream list rewritten), the production settings, and checks:

1. pages through nginx over TLS (a self-signed certificate made here), HTTP redirected to HTTPS,
   static files served by nginx itself (never reaching gunicorn);
2. a request body over Django's upload limit refused by nginx (413);
3. a private file (a report-box attachment uploaded through one instance) refused without login
   and served with the office's login by the other instance, via X-Accel-Redirect; the internal
   location and (on S3) the object's plain URL are not reachable;
4. the report box's rate limit holding across both instances (one Redis), keyed by the real
   client address that nginx passes in X-Real-IP (a second loopback address is not limited);
5. benchmarks/reportbox_load.py submitting through nginx: nothing lost, every code distinct.

Traffic goes to 127.0.0.1 only. Everything started here is stopped at the end, also on failure
or when the time limit (--timeout) is reached.

    .venv/bin/python deploy/ci_stage.py --redis-db 15
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_PASSWORD = "demo-2026"  # noqa: S105 (the demo logins of load_demo)
LOOKUP_LIMIT = 6


class StageTimeout(Exception):
    pass


class StageFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StageFailed(message)
    print(f"  ok  {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StageFailed(f"process on port {port} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise StageFailed(f"nothing listening on port {port} after {seconds} s")


class SourceAddressAdapter(HTTPAdapter):
    """Connect from another loopback address (a second client as nginx sees it)."""

    def __init__(self, address, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def render_site(tmp, cert, key, http_port, https_port, app_ports):
    """deploy/nginx/portal.conf with this run's ports and paths; every rewrite must apply."""
    site = (ROOT / "deploy/nginx/portal.conf").read_text()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in app_ports)
    rewrites = [
        (r"(upstream portal_app \{\n)(?:.*\n)*?(    keepalive)", rf"\g<1>{servers}\g<2>"),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (r"    listen \[::\]:\d+.*\n", ""),
        (r"zuofeng\.example\.gov\.cn", "127.0.0.1"),
        (r"/etc/ssl/portal/fullchain\.pem", str(cert)),
        (r"/etc/ssl/portal/privkey\.pem", str(key)),
        (r"/srv/portal/", f"{tmp}/srv/"),
        (r"/etc/nginx/snippets/portal-proxy\.conf", str(tmp / "portal-proxy.conf")),
    ]
    for pattern, replacement in rewrites:
        site, count = re.subn(pattern, replacement, site)
        if not count:
            raise StageFailed(f"deploy/nginx/portal.conf no longer contains {pattern!r}")
    shutil.copy(ROOT / "deploy/nginx/portal-proxy.conf", tmp / "portal-proxy.conf")
    (tmp / "portal-site.conf").write_text(site)
    temp = "".join(
        f"    {kind}_temp_path {tmp}/nginx-{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"""worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/nginx-access.log;
{temp}    include {tmp}/portal-site.conf;
}}
"""
    )
    return tmp / "nginx.conf"


class Stage:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="portal-nginx-stage-"))
        self.tmp.chmod(0o755)  # nginx workers (nobody) read static files below it
        self.procs = []  # (name, Popen)
        self.db = f"portal_nginx_stage_{os.getpid()}"
        self.bucket = None
        self.s3_endpoint = os.environ.get("PORTAL_TEST_S3_ENDPOINT", "")
        self.http_port, self.https_port = free_port(), free_port()
        self.app_ports = [free_port(), free_port()]
        self.base = f"https://127.0.0.1:{self.https_port}"
        self.cert = self.tmp / "cert.pem"
        self.key = self.tmp / "key.pem"

    # --- setup -------------------------------------------------------------------------------

    def env(self):
        env = dict(os.environ)
        srv = self.tmp / "srv"
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_CSRF_TRUSTED_ORIGINS=self.base,
            WAGTAILADMIN_BASE_URL=self.base,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{self.db}",
            DJANGO_CONN_MAX_AGE="60",
            REDIS_URL=f"redis://127.0.0.1:6379/{self.args.redis_db}",
            DJANGO_STATIC_ROOT=str(srv / "static"),
            DJANGO_MEDIA_ROOT=str(srv / "media"),
            DJANGO_PRIVATE_ROOT=str(srv / "private"),
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            DJANGO_LOG_LEVEL="WARNING",
            PORTAL_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
            PORTAL_PRIVATE_DELIVERY="accel",
            # The load script submits many reports from one address; the lookup limit is the
            # one checked across instances here.
            PORTAL_REPORT_RATE="1000000/h",
            PORTAL_REPORT_PHONE_RATE="1000000/h",
            PORTAL_REPORT_LOOKUP_RATE=f"{LOOKUP_LIMIT}/h",
            PYTHONUNBUFFERED="1",
        )
        if self.bucket:
            env.update(
                PORTAL_S3_BUCKET=self.bucket,
                PORTAL_S3_ENDPOINT_URL=self.s3_endpoint,
                PORTAL_S3_ACCESS_KEY_ID="portal-stage",
                PORTAL_S3_SECRET_ACCESS_KEY="portal-stage-secret",
            )
        return env

    def manage(self, *args, timeout=300):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            env=self._env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode:
            raise StageFailed(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def start(self, name, cmd, env, log):
        handle = open(self.tmp / log, "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append((name, proc, handle))
        return proc

    def setup(self):
        import psycopg
        import redis

        t0 = time.monotonic()
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{self.db}"')
            c.execute(f'CREATE DATABASE "{self.db}"')
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{self.args.redis_db}").flushdb()
        if self.s3_endpoint:
            import boto3

            self.bucket = f"portal-stage-{secrets.token_hex(6)}"
            self.s3 = boto3.client(
                "s3",
                endpoint_url=self.s3_endpoint,
                aws_access_key_id="portal-stage",
                aws_secret_access_key="portal-stage-secret",
                region_name="us-east-1",
            )
            self.s3.create_bucket(Bucket=self.bucket)
        self._env = self.env()
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", str(self.key), "-out", str(self.cert),
            ],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        steps = []
        for step, timeout in (
            (("migrate", "--noinput", "-v", "0"), 600),
            (("collectstatic", "--noinput", "-v", "0"), 300),
            (("load_demo",), 300),
        ):
            t1 = time.monotonic()
            self.manage(*step, timeout=timeout)
            steps.append(f"{step[0]} {time.monotonic() - t1:.0f} s")
        print(f"  ..  setup in {time.monotonic() - t0:.0f} s ({', '.join(steps)})")
        check("文件存储检查通过" in self.manage("storage_check"), "manage.py storage_check passes")

        for index, port in enumerate(self.app_ports):
            env = dict(
                self._env,
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_WORKERS=str(self.args.workers),
                GUNICORN_ACCESSLOG=str(self.tmp / f"gunicorn-{index}.access.log"),
            )
            cmd = [PYTHON, "-m", "gunicorn", "--config", str(ROOT / "deploy/gunicorn.conf.py")]
            self.start(f"gunicorn-{index}", cmd, env, f"gunicorn-{index}.log")
        self.start("worker", [PYTHON, "manage.py", "task_worker"], self._env, "worker.log")
        conf = render_site(
            self.tmp, self.cert, self.key, self.http_port, self.https_port, self.app_ports
        )
        nginx = [self.args.nginx, "-p", str(self.tmp), "-c", str(conf)]
        test = subprocess.run([*nginx, "-t"], capture_output=True, text=True, timeout=30)
        if test.returncode:
            raise StageFailed(f"nginx -t failed:\n{test.stderr}")
        proxy = self.start("nginx", [*nginx, "-g", "daemon off;"], self._env, "nginx.log")
        for (_name, proc, _h), port in zip(self.procs[:2], self.app_ports, strict=True):
            wait_port(port, proc)
        wait_port(self.https_port, proxy)
        print(
            f"  ..  nginx :{self.https_port} (TLS) → gunicorn :{self.app_ports[0]} and "
            f":{self.app_ports[1]}, storage {'S3 ' + self.bucket if self.bucket else 'local disk'}"
        )

    # --- checks ------------------------------------------------------------------------------

    def session(self, source=None):
        session = requests.Session()
        session.trust_env = False  # no proxy, and our CA rather than REQUESTS_CA_BUNDLE
        session.verify = str(self.cert)
        if source:
            session.mount("https://", SourceAddressAdapter(source))
        return session

    def access_log(self, index):
        path = self.tmp / f"gunicorn-{index}.access.log"
        return path.read_text() if path.exists() else ""

    def check_pages(self):
        s = self.session()
        home = s.get(self.base + "/", timeout=30)
        check(home.status_code == 200 and "作风" in home.text, "home page through nginx (TLS)")
        check(home.headers.get("Server", "").startswith("nginx"), "answered by nginx")
        check("Strict-Transport-Security" in home.headers, "Django's HSTS header passes through")
        for path in ("/column/", "/guides/", "/search/?q=营业执照", "/report/"):
            page = s.get(self.base + path, timeout=30)
            check(page.status_code == 200, f"{path} through nginx: HTTP {page.status_code}")
        plain = self.session().get(
            f"http://127.0.0.1:{self.http_port}/column/", allow_redirects=False, timeout=10
        )
        check(
            plain.status_code == 301 and plain.headers["Location"].startswith("https://"),
            "plain HTTP redirected to HTTPS",
        )
        static = re.search(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', home.text)
        check(static is not None, "home page links a static file")
        asset = s.get(self.base + static[1], headers={"Accept-Encoding": "gzip"}, timeout=10)
        check(asset.status_code == 200 and asset.content, f"static {static[1]} served")
        logs = self.access_log(0) + self.access_log(1)
        check(static[1] not in logs and "/static/" not in logs, "static files never reach gunicorn")

    def check_upload_limit(self):
        big = b"x" * (17 * 1024 * 1024)
        response = self.session().post(
            self.base + "/report/", files={"attachments": ("big.pdf", big)}, timeout=60
        )
        check(response.status_code == 413, "a 17 MB body to the report box refused by nginx (413)")

    def check_private_file(self):
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import reportbox_load

        reportbox_load.VERIFY = str(self.cert)
        reportbox_load.CAPTCHA_DB = self._env["DATABASE_URL"]
        before = [self.access_log(i).count("POST /report/ ") for i in (0, 1)]
        code = reportbox_load.submit(self.base, "/report/", 1, with_file=True)
        after = [self.access_log(i).count("POST /report/ ") for i in (0, 1)]
        uploader = 0 if after[0] > before[0] else 1
        check(after != before, f"report with a PNG submitted through instance {uploader}")
        out = self.manage(
            "shell",
            "-c",
            "from ledgers.reportbox.models import ReportAttachment as A;"
            f"a = A.objects.get(report__receipt_code='{code}');"
            "print('ATT', a.pk, a.file.name, a.file.size)",
        )
        pk, name, size = out.split("ATT ")[1].split()
        url = f"{self.base}/admin/reportbox/attachments/{pk}/"

        anonymous = self.session()
        refused = anonymous.get(url, allow_redirects=False, timeout=30)
        check(
            refused.status_code == 302 and "/admin/login/" in refused.headers["Location"],
            "private file refused without login (redirect to the login page)",
        )
        internal = anonymous.get(self.base + "/_private_s3/", timeout=10)
        check(internal.status_code == 404, "the internal S3 location is not reachable directly")
        internal = anonymous.get(self.base + f"/_private/{name}", timeout=10)
        check(internal.status_code == 404, "the internal disk location is not reachable directly")
        if self.bucket:
            direct = self.session().get(
                f"{self.s3_endpoint}/{self.bucket}/private/{name}", timeout=10
            )
            check(direct.status_code == 403, "the object's plain URL on S3 is refused (private)")

        office = self.session()
        form = office.get(self.base + "/admin/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        login = office.post(
            self.base + "/admin/login/",
            data={"csrfmiddlewaretoken": token, "username": "office", "password": DEMO_PASSWORD},
            headers={"Referer": self.base + "/admin/login/"},
            timeout=30,
        )
        check(login.status_code == 200 and "/admin/login/" not in login.url, "office logged in")
        other = 1 - uploader
        served_by_other = False
        for _ in range(4):
            seen = self.access_log(other).count(f"/admin/reportbox/attachments/{pk}/")
            response = office.get(url, timeout=30)
            check(response.status_code == 200, "private file served to the office")
            check(
                response.content[:8] == b"\x89PNG\r\n\x1a\n" and len(response.content) == int(size),
                f"the stored bytes ({size} B, PNG)",
            )
            raw = response.raw.headers
            check(
                len(raw.getlist("Content-Disposition")) == 1
                and len(raw.getlist("Cache-Control")) == 1
                and len(raw.getlist("Content-Type")) == 1,
                "each download header sent once",
            )
            check(
                response.headers["Content-Disposition"].startswith("attachment")
                and "X-Accel-Storage-URL" not in response.headers
                and "X-Accel-Redirect" not in response.headers
                and "no-store" in response.headers.get("Cache-Control", ""),
                "attachment headers, no-store, no internal header leaked",
            )
            if self.access_log(other).count(f"/admin/reportbox/attachments/{pk}/") > seen:
                served_by_other = True
                break
        check(served_by_other, f"uploaded through instance {uploader}, downloaded through {other}")
        lines = [
            line.split()
            for line in self.access_log(other).splitlines()
            if f"GET /admin/reportbox/attachments/{pk}/ " in line
        ]
        check(
            lines and all(f[-3] == "200" and f[-2] in ("0", "-") for f in lines),
            "gunicorn answered with an empty body: nginx sent the file (X-Accel-Redirect)",
        )

    def check_rate_limit(self):
        s = self.session()
        page = s.get(self.base + "/report/status/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        before = [self.access_log(i).count("POST /report/status/") for i in (0, 1)]

        def lookup(session):
            return session.post(
                self.base + "/report/status/",
                data={
                    "csrfmiddlewaretoken": token,
                    "code": secrets.token_hex(8).upper(),
                    "secret": "wrong",
                },
                headers={"Referer": self.base + "/report/status/"},
                timeout=30,
            ).status_code

        codes = [lookup(s) for _ in range(LOOKUP_LIMIT)]
        check(codes == [200] * LOOKUP_LIMIT, f"{LOOKUP_LIMIT} status lookups answered")
        after = [self.access_log(i).count("POST /report/status/") for i in (0, 1)]
        check(
            all(a > b for a, b in zip(after, before, strict=True)),
            f"lookups spread over both instances ({after[0] - before[0]} + {after[1] - before[1]})",
        )
        check(
            lookup(s) == 429, f"lookup {LOOKUP_LIMIT + 1} refused (429): one limit, two instances"
        )
        second = self.session(source="127.0.0.2")
        second.cookies.update(s.cookies)
        check(lookup(second) == 200, "another client address (127.0.0.2) is not limited")

    def run_load(self):
        cmd = [
            PYTHON, str(ROOT / "benchmarks/reportbox_load.py"), "--target", self.base,
            "--ca", str(self.cert), "-n", str(self.args.submissions), "-c",
            str(self.args.concurrency), "--baseline", "10",
        ]  # fmt: skip
        result = subprocess.run(
            cmd, env=self._env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
        )
        print("      " + result.stdout.strip().replace("\n", "\n      "))
        check(result.returncode == 0, "report-box load through nginx: nothing lost, codes distinct")

    # --- teardown ----------------------------------------------------------------------------

    def stop(self, failed):
        for _name, proc, _handle in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT if _name == "nginx" else signal.SIGTERM)
        for name, proc, handle in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
                print(f"  ..  {name} killed")
            handle.close()
        if failed:
            for log in sorted(self.tmp.glob("*.log")):
                print(f"--- {log.name} (last lines)")
                print("\n".join(log.read_text(errors="replace").splitlines()[-25:]))
        try:
            import psycopg
            import redis

            url = "postgresql://postgres@127.0.0.1:5432/postgres"
            with psycopg.connect(url, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
            redis.Redis.from_url(f"redis://127.0.0.1:6379/{self.args.redis_db}").flushdb()
        except Exception as exc:  # cleanup must not hide the stage's result
            print(f"  ..  cleanup: {exc}")
        if self.bucket:
            objects = self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])
            for obj in objects:
                self.s3.delete_object(Bucket=self.bucket, Key=obj["Key"])
            self.s3.delete_bucket(Bucket=self.bucket)
        shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-db", type=int, default=15, help="a Redis db this stage may flush")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--timeout", type=int, default=600, help="seconds for the whole stage")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)

    def expired(_signum, _frame):
        raise StageTimeout(f"stage exceeded {args.timeout} s")

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(args.timeout)
    stage = Stage(args)
    failed = True
    start = time.monotonic()
    try:
        stage.setup()
        stage.check_pages()
        stage.check_upload_limit()
        stage.check_private_file()
        stage.check_rate_limit()
        stage.run_load()
        failed = False
    except (StageFailed, StageTimeout) as exc:
        print(f"FAILED: {exc}")
    except Exception:
        traceback.print_exc()
    finally:
        signal.alarm(0)
        stage.stop(failed)
    print(f"nginx stage {'FAILED' if failed else 'passed'} in {time.monotonic() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
