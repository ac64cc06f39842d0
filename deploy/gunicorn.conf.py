"""gunicorn settings for the portal's app servers (systemd: deploy/systemd/portal-web.service).

Environment: GUNICORN_BIND (default 127.0.0.1:8001; on a multi-machine setup the app server's
internal address, reachable from the nginx machine only), GUNICORN_WORKERS (default 2 per core
+ 1), GUNICORN_ACCESSLOG (default stdout, i.e. the journal), GUNICORN_FORWARDED_ALLOW_IPS (the
nginx machine's address; default the loopback).
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"  # nginx buffers requests and responses, so slow clients cost no worker
timeout = 120  # a large ledger upload is saved and then parsed in the background worker
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (keepalive in the upstream block)
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
# The client's address as nginx saw it, then the usual request line.
access_log_format = '%({x-real-ip}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
proc_name = "portal-web"
