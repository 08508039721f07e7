"""Benchmark: 10,000 members vote through the real HTTP API, 50 clients at once.

Setup (not timed): an organisation of 10,000 members, each with a sign-in account, the
member role and an API token (knox), and an open secret ballot of one ordinary resolution
whose electorate is every member. Then gunicorn serves `coop.wsgi` on 127.0.0.1 (a free
port; `-k gthread`, workers and threads as given) against the benchmark database, with the
production settings (`DEBUG=0`) and the database task backend (each online vote queues its
receipt email, as in production).

Timed: 50 clients (threads, each an `httpx.Client` with keep-alive) share the 10,000 members
and POST `/api/v1/organisations/{slug}/ballots/{id}/cast/` with `Authorization: Token …` and
`{"member": n, "selections": {"<question>": [<option>]}}`: votes/s over the whole run, p50 and
p99 latency, errors (any answer but 201). Then the papers and the participations that voted
are counted (they must both be 10,000).

The ceiling, in the same run: the same rows written directly with psycopg by 50 threads
(one connection each), one transaction per vote: flip the participation, insert the paper,
insert the receipt.

Usage: `python -m bench votes [MEMBERS] [CLIENTS] [WORKERS] [THREADS]`; the last line of
stdout is the JSON figures.
"""

from __future__ import annotations

import os
import queue
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from bench._setup import django_setup, log

MEMBERS = 10_000
CLIENTS = 50
#: gunicorn on 2 cores: 2 processes × 8 threads (`-k gthread`). A request spends about half
#: its time waiting for PostgreSQL, so threads overlap that wait; more processes than cores
#: only add context switches and database connections.
WORKERS = 2
THREADS = 8
ROOT = Path(__file__).resolve().parent.parent


def _users_and_members(org: Any, count: int) -> None:
    """Accounts user1..N, members 1..N linked to them, each with the member role."""
    from django.contrib.auth.models import Permission
    from django.db import connection

    from bench.tally import class_case
    from coop.core.models import User
    from membership.models import OrganisationUserObjectPermission

    User.objects.bulk_create(
        [
            User(email=f"voter{n}@example.org", full_name=f"Voter {n}", password="!")  # noqa: S106
            for n in range(1, count + 1)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO membership_member (
                organisation_id, number, kind, name, member_class_id, status, entered_on,
                ceased_reason, ceased_note, postal_address, postcode, email,
                email_for_notices, email_for_ballots, email_for_news, phone,
                preferred_language, is_registered_society, suspended_reason, user_id,
                created_at, updated_at)
            SELECT %s, n, 'person', u.full_name, {class_case("n", org)}, 'active',
                   DATE '2020-01-06', '', '', n || ' Stryd Fawr' || chr(10) || 'Aberystwyth',
                   'SY23 1AA', u.email, true, true, false, '', 'en-gb', false, '', u.id,
                   now(), now()
            FROM (SELECT id, email, full_name,
                         substring(email from 'voter([0-9]+)@')::int AS n
                  FROM core_user WHERE email LIKE 'voter%%@example.org') AS u
            """,
            [org.pk],
        )
    member_role = Permission.objects.get(
        codename="role_member", content_type__app_label="membership"
    )
    OrganisationUserObjectPermission.objects.bulk_create(
        [
            OrganisationUserObjectPermission(user_id=pk, permission=member_role, content_object=org)
            for pk in User.objects.filter(email__startswith="voter").values_list("pk", flat=True)
        ],
        batch_size=5000,
    )


def _tokens(org: Any) -> dict[int, str]:
    """An API token for each member's account (member number → token)."""
    from django.utils import timezone
    from knox.models import AuthToken, get_digest_token
    from knox.settings import CONSTANTS, knox_settings

    from membership.models import Member

    expiry = timezone.now() + knox_settings.TOKEN_TTL
    tokens: dict[int, str] = {}
    rows = []
    for number, user_id in Member.objects.filter(organisation=org).values_list("number", "user_id"):
        digest, token = get_digest_token()
        tokens[number] = token
        rows.append(
            AuthToken(
                digest=digest,
                token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH],
                user_id=user_id,
                expiry=expiry,
            )
        )
    AuthToken.objects.bulk_create(rows, batch_size=5000)
    return tokens


def _sessions(org: Any, ballot: Any, question: Any, option_id: int) -> dict[int, str]:
    """For the HTML fallback: a signed-in session per member, with their answer already
    given on the question page (member number → session key)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from membership.models import Member

    flow = f"cyd-vote-{ballot.pk}"
    keys: dict[int, str] = {}
    rows = []
    store = SessionStore()
    for member in Member.objects.filter(organisation=org).select_related("user"):
        key = uuid.uuid4().hex
        data = {
            "_auth_user_id": str(member.user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": member.user.get_session_auth_hash(),
            flow: {"member": member.pk, "answers": {str(question.pk): [option_id]}},
        }
        rows.append(
            Session(
                session_key=key,
                session_data=store.encode(data),
                expire_date=store.get_expiry_date(),
            )
        )
        keys[member.number] = key
    Session.objects.bulk_create(rows, batch_size=5000)
    return keys


def _api_route_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _electorate(ballot: Any) -> int:
    """Every member on the roll of `ballot`, eligible, not yet voted."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO voting_participation (ballot_id, member_id, member_class_id,
                is_eligible, ineligible_reason, has_voted, channel, created_at, updated_at)
            SELECT %s, id, member_class_id, true, '', false, '', now(), now()
            FROM membership_member WHERE organisation_id = %s
            """,
            [ballot.pk, ballot.organisation_id],
        )
        count = cursor.rowcount
        cursor.execute(
            "UPDATE voting_ballot SET electorate_count = %s WHERE id = %s", [count, ballot.pk]
        )
    return count


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_gunicorn(url: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "coop.settings",
        # Production: receipt emails are queued in the database for the worker.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # Keep each thread's database connection between requests, as in production.
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        # The interpreter running the benchmark, whatever its virtual environment is called.
        sys.executable,
        "-m",
        "gunicorn",
        "coop.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/me/", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


def _cast_all(
    port: int | list[int],
    path: str,
    question_id: int,
    option_id: int,
    tokens: dict[int, str],
    clients: int,
    sessions: dict[int, str] | None = None,
) -> tuple[list[float], int, float, dict[str, int]]:
    """Every member votes once; `clients` threads share the work (spread over the `port`s,
    one per web process, in turn). Returns the latencies (s), the number of errors, the wall
    time and the errors by status. With `sessions`, each vote is the HTML check page's POST
    (signed-in session, CSRF token) instead of the API."""
    import httpx

    ports = port if isinstance(port, list) else [port]
    next_port = iter(ports * clients)

    csrf = uuid.uuid4().hex  # a CSRF secret, sent as the cookie and as the form field

    work: queue.SimpleQueue[int] = queue.SimpleQueue()
    for number in tokens:
        work.put(number)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(own_port: int) -> None:
        mine: list[float] = []
        failed: dict[str, int] = {}
        with httpx.Client(base_url=f"http://127.0.0.1:{own_port}", timeout=30) as http:
            barrier.wait()
            while True:
                try:
                    number = work.get_nowait()
                except queue.Empty:
                    break
                start = time.perf_counter()
                try:
                    if sessions is None:
                        body = {"member": number, "selections": {str(question_id): [option_id]}}
                        response = http.post(
                            path, json=body, headers={"Authorization": f"Token {tokens[number]}"}
                        )
                        status = str(response.status_code)
                    else:
                        http.cookies.clear()
                        response = http.post(
                            path,
                            data={"csrfmiddlewaretoken": csrf},
                            cookies={"sessionid": sessions[number], "csrftoken": csrf},
                        )
                        # The page answers with a redirect to the receipt when the vote counted.
                        status = "201" if response.status_code == 302 else str(response.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                mine.append(time.perf_counter() - start)
                if status != "201":
                    failed[status] = failed.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for key, n in failed.items():
                errors[key] = errors.get(key, 0) + n

    threads = [threading.Thread(target=client, args=(next(next_port),)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return latencies, sum(errors.values()), wall, errors


def _raw_ceiling(
    url: str,
    ballot_id: int,
    question_id: int,
    option_id: int,
    members: list[tuple[int, int]],
    clients: int,
) -> float:
    """Votes per second written directly with psycopg: per vote one transaction that flips
    the participation (checking it had not voted), inserts the paper and the receipt."""
    import psycopg

    work: queue.SimpleQueue[tuple[int, int]] = queue.SimpleQueue()
    for member in members:
        work.put(member)
    barrier = threading.Barrier(clients + 1)
    failures: list[str] = []

    def client() -> None:
        with psycopg.connect(url) as conn:
            barrier.wait()
            while True:
                try:
                    member_id, class_id = work.get_nowait()
                except queue.Empty:
                    break
                with conn.transaction():
                    flipped = conn.execute(
                        "UPDATE voting_participation SET has_voted = true, "
                        "voted_on = CURRENT_DATE, channel = 'online', updated_at = now() "
                        "WHERE ballot_id = %s AND member_id = %s AND NOT has_voted",
                        [ballot_id, member_id],
                    ).rowcount
                    if flipped != 1:
                        failures.append(str(member_id))
                        continue
                    conn.execute(
                        "INSERT INTO voting_ballotpaper (id, ballot_id, question_id, "
                        "member_class_id, option_id, choices, channel) "
                        "VALUES (%s, %s, %s, %s, %s, %s, 'online')",
                        [
                            uuid.uuid4(),
                            ballot_id,
                            question_id,
                            class_id,
                            option_id,
                            f"[{option_id}]",
                        ],
                    )
                    conn.execute(
                        "INSERT INTO voting_receipt (id, ballot_id, code) VALUES (%s, %s, %s)",
                        [uuid.uuid4(), ballot_id, uuid.uuid4().hex[:11]],
                    )

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    assert not failures, failures[:5]
    return len(members) / wall


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _backends(url: str) -> list[int]:
    """Process ids of the PostgreSQL backends connected to the benchmark database."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [row[0] for row in rows]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(
    members: str | int = MEMBERS,
    clients: str | int = CLIENTS,
    workers: str | int = WORKERS,
    threads: str | int = THREADS,
) -> dict[str, Any]:
    members, clients, workers, threads = int(members), int(clients), int(workers), int(threads)
    url = django_setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        # Production serves collected static files; error pages need the manifest.
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    from bench.tally import make_organisation, open_resolution_ballot
    from voting.models import Participation, SealedPaper
    from voting.services import papers as paper_store

    log(f"setup: {members:,} members with accounts, roles and API tokens")
    started = time.perf_counter()
    org = make_organisation("bench-votes")
    _users_and_members(org, members)
    tokens = _tokens(org)
    ballot, question = open_resolution_ballot(org, "Bench votes")
    paper_store.issue_key(ballot)  # its votes are sealed, as a ballot opened by the service
    _electorate(ballot)
    ceiling_ballot, ceiling_question = open_resolution_ballot(org, "Bench ceiling")
    _electorate(ceiling_ballot)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    option_id = question.options.get(code="for").pk
    path = f"/api/v1/organisations/{org.slug}/ballots/{ballot.pk}/cast/"
    sessions = None
    if not _api_route_exists(path):
        # The API's cast endpoint is not routed yet: cast through the member's HTML pages.
        path = f"/o/{org.slug}/ballots/{ballot.pk}/vote/check/"
        log(f"the API has no cast endpoint yet: timing the HTML check page's POST ({path})")
        sessions = _sessions(org, ballot, question, option_id)
    log(f"setup done in {time.perf_counter() - started:.1f} s")

    port = _free_port()
    log(
        f"gunicorn coop.wsgi on 127.0.0.1:{port}: {workers} workers × {threads} threads "
        f"(gthread), {clients} clients"
    )
    server = _start_gunicorn(url, port, workers, threads)
    try:
        _wait_ready(port, server)
        workers_pids = _children(server.pid)
        app_cpu = sum(_cpu_s(p) for p in workers_pids)
        db_before = {p: _cpu_s(p) for p in _backends(url)}
        client_cpu = time.process_time()
        latencies, errors, wall, by_status = _cast_all(
            port, path, question.pk, option_id, tokens, clients, sessions
        )
        client_cpu = time.process_time() - client_cpu
        app_cpu = sum(_cpu_s(p) for p in workers_pids) - app_cpu
        db_cpu = sum(_cpu_s(p) - db_before.get(p, 0.0) for p in _backends(url))
    finally:
        server.terminate()
        server.wait(timeout=30)
    votes_per_s = len(latencies) / wall
    log(
        f"{len(latencies):,} requests in {wall:.2f} s: {votes_per_s:.0f} votes/s; "
        f"errors {by_status or 0}; mean {statistics.mean(latencies) * 1000:.1f} ms"
    )

    papers = SealedPaper.objects.filter(ballot=ballot).count()
    participations = Participation.objects.filter(ballot=ballot, has_voted=True).count()
    log(f"papers {papers:,}, participations voted {participations:,}")
    n = max(1, len(latencies))
    log(
        f"CPU per vote: gunicorn {app_cpu / n * 1000:.2f} ms, PostgreSQL {db_cpu / n * 1000:.2f}"
        f" ms, the {clients} clients {client_cpu / n * 1000:.2f} ms (load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): on idle cores the server side "
        f"could serve about {(os.cpu_count() or 1) / max(1e-9, (app_cpu + db_cpu) / n):.0f} "
        "votes/s"
    )

    log(f"ceiling: the same rows by psycopg, {clients} connections, a transaction per vote")
    roll = list(
        Participation.objects.filter(ballot=ceiling_ballot).values_list(
            "member_id", "member_class_id"
        )
    )
    ceiling_option = ceiling_question.options.get(code="for").pk
    connection.close()
    raw = _raw_ceiling(url, ceiling_ballot.pk, ceiling_question.pk, ceiling_option, roll, clients)
    log(f"raw inserts: {raw:.0f} votes/s")
    return {
        "endpoint": "api" if sessions is None else "html",
        "votes_per_s": round(votes_per_s, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "errors": errors,
        "papers": papers,
        "participations": participations,
        "raw_inserts_per_s": round(raw, 1),
    }


if __name__ == "__main__":
    print(run(*sys.argv[1:]))
