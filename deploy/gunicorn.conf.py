"""Gunicorn for Cyd on a 2-core web machine: `python -m gunicorn -c deploy/gunicorn.conf.py
coop.wsgi`. Every value can be changed from the environment (GUNICORN_*), so one file serves
every machine; see the README's "Production" section.

Why these values: Cyd's requests spend much of their time waiting on PostgreSQL, so each
process runs threads (gthread) and there is one process per core; PDFs above
CYD_PDF_BACKGROUND_THRESHOLD rows are made by the task worker, so a request rarely holds a
thread for more than a few seconds and a 60 s timeout only catches the stuck.
"""

from __future__ import annotations

import os

_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(_cores or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load Django once, before forking: workers share its memory and a broken settings file stops
# the server at start rather than in every worker.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # behind nginx, which keeps its own connections to the clients
# A worker is replaced after this many requests (with jitter, so not all at once): a slow
# leak in a library cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Requests come through nginx on this machine (or the load balancer named here), which sets
# X-Forwarded-Proto; Django trusts it through SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Logs to standard output and error: systemd's journal keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "cyd-web"
