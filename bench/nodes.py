"""Benchmark: does a second web process add capacity? Votes per second through one web
process and through two, with the same total CPU.

Setup (not timed) as in `bench votes`: an organisation of MEMBERS members with accounts, the
member role and API tokens, and two open secret ballots whose electorate is every member.

Timed, one after the other on the same machine and database:
- `one_node`: one gunicorn (`deploy/gunicorn.conf.py`) of 1 process × 4 threads; CLIENTS
  clients POST `/api/v1/organisations/{slug}/ballots/{id}/cast/`, every member once;
- `two_nodes`: two gunicorns on two ports (two "machines") of 1 process × 2 threads each, the
  clients split between them, on the second ballot.
Both get the same threads in all (4) and the same cores (all of this machine's, shared with
PostgreSQL and the clients), so the comparison is of the shape, not of more hardware. On a
2-core machine that also runs PostgreSQL and the clients, expect no doubling: the figures say
whether a second process costs anything and what it adds. `ratio` = two_nodes / one_node.

Usage: `python -m bench nodes [MEMBERS] [CLIENTS]`; the last line of stdout is the JSON.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from bench._setup import django_setup, log
from bench.votes import (
    ROOT,
    _cast_all,
    _electorate,
    _free_port,
    _percentile,
    _tokens,
    _users_and_members,
    _wait_ready,
)

MEMBERS = 3_000
CLIENTS = 32


def _start(url: str, port: int, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "coop.settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "coop.wsgi"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def _measure(
    url: str, shape: list[int], ballot: Any, question: Any, tokens: dict[int, str], clients: int
) -> dict[str, Any]:
    """Cast every member's vote through web processes of `shape` threads each."""
    from voting.models import BallotPaper, Participation

    ports = [_free_port() for _ in shape]
    servers = [_start(url, port, threads) for port, threads in zip(ports, shape, strict=True)]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_ready(port, server)
        path = f"/api/v1/organisations/{ballot.organisation.slug}/ballots/{ballot.pk}/cast/"
        option = question.options.get(code="for").pk
        latencies, errors, wall, by_status = _cast_all(
            ports, path, question.pk, option, tokens, clients
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    papers = BallotPaper.objects.filter(ballot=ballot).count()
    voted = Participation.objects.filter(ballot=ballot, has_voted=True).count()
    figures = {
        "processes": len(shape),
        "threads_each": shape[0],
        "votes_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "errors": errors,
        "papers": papers,
        "participations": voted,
    }
    log(f"{len(shape)} × {shape[0]} threads: {figures} {by_status or ''}")
    return figures


def run(members: str | int = MEMBERS, clients: str | int = CLIENTS) -> dict[str, Any]:
    members, clients = int(members), int(clients)
    url = django_setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench.tally import make_organisation, open_resolution_ballot

    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    org = make_organisation("bench-nodes")
    _users_and_members(org, members)
    tokens = _tokens(org)
    ballots = []
    for title in ("One node", "Two nodes"):
        ballot, question = open_resolution_ballot(org, title)
        _electorate(ballot)
        ballots.append((ballot, question))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    log(f"setup: {members:,} members, two ballots, in {time.perf_counter() - started:.1f} s")

    one = _measure(url, [4], *ballots[0], tokens, clients)
    two = _measure(url, [2, 2], *ballots[1], tokens, clients)
    return {
        "members": members,
        "clients": clients,
        "cores": os.cpu_count(),
        "one_node": one,
        "two_nodes": two,
        "ratio": round(two["votes_per_s"] / one["votes_per_s"], 2),
        "load_avg_1m": round(os.getloadavg()[0], 1),
    }


if __name__ == "__main__":
    print(run(*sys.argv[1:]))
