#!/bin/sh
# Serve the demo: the task worker in the background, the web server in the foreground.
set -eu
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" manage.py db_worker >/tmp/cyd-demo-worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
"$PYTHON" manage.py demo_logins
"$PYTHON" manage.py runserver 127.0.0.1:8000
