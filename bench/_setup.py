"""Django set-up for benchmarks: a fresh, migrated PostgreSQL database of their own."""

from __future__ import annotations

import base64
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cyd_bench"


def log(message: str) -> None:
    """Progress for the reader, on stderr (stdout's last line is the JSON figures)."""
    print(message, file=sys.stderr, flush=True)


def django_setup(*, fresh: bool = True) -> str:
    """Point Django at the benchmark database (recreated if `fresh`) and migrate it."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")
    os.environ.setdefault("DEBUG", "0")
    # The ballot key-encryption key (docs/threat-model.md): a fresh one for each run.
    os.environ.setdefault("CYD_BALLOT_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop.settings")
    if fresh:
        import psycopg
        from psycopg import sql

        name = url.rsplit("/", 1)[1]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


@contextmanager
def timed(figures: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    figures[key] = round(time.perf_counter() - start, 3)
