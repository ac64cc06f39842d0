"""deploy/: the nginx site agrees with Django (upload limits, private-file locations, the client
address header, file roots), the gunicorn config and systemd units point at each other, and the
site as CI renders it passes `nginx -t` (nginx present: always in CI)."""

import importlib.util
import math
import os
import re
import runpy
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx/portal.conf").read_text()
PROXY = (DEPLOY / "nginx/portal-proxy.conf").read_text()
MB = 1024 * 1024


def env_example():
    values = {}
    for line in (DEPLOY / "portal.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def body_limits():
    """{location: megabytes} of client_max_body_size; "server" for the server-wide one."""
    limits, location = {}, "server"
    for line in SITE.splitlines():
        found = re.match(r"\s*location\s+(\S+)", line)
        if found:
            location = found[1]
        size = re.match(r"\s*client_max_body_size\s+(\d+)m;", line)
        if size:
            limits[location if line.startswith("        ") else "server"] = int(size[1])
    return limits


def test_upload_limits_match_django():
    from ledgers.plans.models import PLAN_MAX_BYTES
    from ledgers.rectification import rules as case_rules
    from ledgers.reportbox import rules as box_rules

    largest = max(
        case_rules.EVIDENCE_MAX_FILES * case_rules.EVIDENCE_MAX_BYTES,
        PLAN_MAX_BYTES,
        int(settings.PORTAL_LEDGER_MAX_BYTES),
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
    )
    report_box = box_rules.MAX_ATTACHMENTS * box_rules.MAX_ATTACHMENT_BYTES
    limits = body_limits()
    # What Django accepts, plus 1 MB for the rest of the form; no more.
    assert limits["server"] == math.ceil(largest / MB) + 1
    assert limits["/report/"] == math.ceil(report_box / MB) + 1


def test_private_locations_are_internal_and_match_the_settings():
    local = re.search(r"location (/_private/) \{\n\s+internal;\n\s+alias (\S+);", SITE)
    assert local and local[1] == settings.PORTAL_PRIVATE_ACCEL_LOCATION
    assert local[2] == env_example()["DJANGO_PRIVATE_ROOT"] + "/"
    s3 = re.search(r"location = (/_private_s3/) \{\n\s+internal;\n(?:.*\n)*?\s+proxy_pass", SITE)
    assert s3 and s3[1] == settings.PORTAL_PRIVATE_ACCEL_S3_LOCATION
    assert "$upstream_http_x_accel_storage_url" in SITE
    static = re.search(r"location /static/ \{\n\s+alias (\S+);", SITE)
    assert static[1] == env_example()["DJANGO_STATIC_ROOT"] + "/"


def test_real_client_address_header_is_the_one_django_reads():
    # nginx overwrites X-Real-IP with the address it saw; Django is told to read that header.
    assert "proxy_set_header X-Real-IP $remote_addr;" in PROXY
    assert env_example()["PORTAL_CLIENT_IP_HEADER"] == "HTTP_X_REAL_IP"
    assert env_example()["PORTAL_PRIVATE_DELIVERY"] == "accel"
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in PROXY
    assert "proxy_hide_header X-Accel-Storage-URL;" in PROXY


def test_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "10.0.0.11:8001")
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["bind"] == ["10.0.0.11:8001"] and config["workers"] == 5
    assert config["wsgi_app"] == "portal.wsgi:application"
    assert "x-real-ip" in config["access_log_format"]


@pytest.mark.parametrize("unit", ["portal-web.service", "portal-worker.service"])
def test_systemd_units(unit):
    parser = ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / unit)
    service = parser["Service"]
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert service["User"] == "portal" and service["NoNewPrivileges"] == "true"
    assert parser["Install"]["WantedBy"] == "multi-user.target"
    command = service["ExecStart"]
    if unit == "portal-web.service":
        assert command.endswith("gunicorn --config /srv/portal/app/deploy/gunicorn.conf.py")
    else:
        assert command.endswith("manage.py task_worker")


def test_rendered_site_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else ""
    )
    if not nginx:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs Debian's nginx")
        pytest.skip("nginx not installed (apt-get install nginx)")
    spec = importlib.util.spec_from_file_location("ci_stage", DEPLOY / "ci_stage.py")
    stage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stage)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    conf = stage.render_site(tmp_path, cert, key, 18080, 18443, [18001, 18002])
    rendered = (tmp_path / "portal-site.conf").read_text()
    assert "server 127.0.0.1:18001;\n    server 127.0.0.1:18002;\n    keepalive 16;" in rendered
    result = subprocess.run(
        [nginx, "-p", str(tmp_path), "-c", str(conf), "-t"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
