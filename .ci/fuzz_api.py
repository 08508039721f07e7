"""Fuzz the API with schemathesis against a served Cyd on PostgreSQL (a CI step).

    .venv/bin/python .ci/fuzz_api.py            # needs PostgreSQL on 127.0.0.1:5432

It builds a fresh database (`FUZZ_DATABASE_URL`, default `cyd_fuzz`) with the documented
commands only (`manage.py migrate`, `manage.py load_demo`), serves it with gunicorn on a
local port, signs in through the API (`POST /api/v1/auth/token/`) as three demo accounts and
runs schemathesis against `/api/schema/` as each of them, with a bounded budget:

- a secretary (`secretary.dyfi`: secretary of Gofal Dyfi, a member of the consortium),
- a plain member (`member1.dyfi`: a member of Gofal Dyfi only),
- an outsider (`scrutineer.elan`: holds a role in neither organisation fuzzed).

Path parameters are drawn, most of the time, from real values (the two organisations'
slugs, small ids and numbers that exist in the demo, share class codes) so requests reach
real objects rather than 404s. Checks: not_a_server_error, response_schema_conformance,
status_code_conformance, content_type_conformance. It prints, per persona and in total, the
operations tested, cases, server errors and schema violations, with every failure, and exits
1 if there is any (or if schemathesis itself reports an error). `FUZZ_MAX_EXAMPLES`,
`FUZZ_SECONDS` (per persona), `FUZZ_SEED` and `FUZZ_PORT` tune it; `FUZZ_REUSE_DATABASE=1`
fuzzes the database a previous run left instead of building it again.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("FUZZ_PORT", "18000") or 18000)
BASE = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get("FUZZ_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cyd_fuzz")
PASSWORD = "cyd-demo-2026"  # noqa: S105 - the demo's documented password
SLUGS = ["gofal-dyfi", "canolbarth"]
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
)
SCHEMA_CHECKS = CHECKS[1:]

#: (persona, email, max examples per operation, seconds at most).
PERSONAS = (
    ("secretary", "secretary.dyfi@cyd.example", 4, 55),
    ("member", "member1.dyfi@cyd.example", 2, 35),
    ("outsider", "scrutineer.elan@cyd.example", 1, 20),
)


def log(message: str) -> None:
    print(message, flush=True)


#: The key-encryption key of secret ballots (voting.sealing): production refuses to start
#: without one. One for the whole run: the demo's open ballots are sealed with it.
BALLOT_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


def environment() -> dict[str, str]:
    """Production settings (DEBUG off) on plain HTTP to a local port."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CYD_BALLOT_KEY": BALLOT_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "coop.settings",
        "LOG_LEVEL": "WARNING",
    }


def recreate_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment(), check=True, timeout=600
    )


def request(method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read() or b"null")


def wait_for_server(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            request("GET", "/api/schema/?format=json")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise SystemExit("the server did not answer in time")


def token_for(email: str) -> str:
    return str(
        request("POST", "/api/v1/auth/token/", {"email": email, "password": PASSWORD})["token"]
    )


def share_class_codes(token: str) -> list[str]:
    codes: set[str] = set()
    for slug in SLUGS:
        try:
            page = request("GET", f"/api/v1/organisations/{slug}/share-classes/", token=token)
        except urllib.error.HTTPError:
            continue  # an organisation whose share classes the secretary may not list
        codes |= {row["code"] for row in page["results"]}
    return sorted(codes) or ["membership"]


def config(schema: dict[str, Any], codes: list[str]) -> str:
    """schemathesis.toml: path parameters drawn from real values 80% of the time."""
    numbers = list(range(1, 41))
    lines = [
        f"[dictionaries.slugs]\nvalues = {json.dumps(SLUGS)}",
        f"[dictionaries.numbers]\nvalues = {json.dumps(numbers)}",
        f"[dictionaries.codes]\nvalues = {json.dumps(codes)}",
        "[parameters]",
    ]
    names: dict[str, str] = {}
    for item in schema["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") != "path":
                    continue
                kind = parameter.get("schema", {}).get("type")
                name = parameter["name"]
                names[name] = (
                    "slugs" if name == "slug" else "numbers" if kind == "integer" else "codes"
                )
    for name, dictionary in sorted(names.items()):
        lines.append(f'"path.{name}" = {{ dictionary = "{dictionary}", probability = 0.8 }}')
    return "\n".join(lines) + "\n"


@dataclass
class Figures:
    operations: set[str] = field(default_factory=set)
    cases: int = 0
    server_errors: int = 0
    violations: int = 0
    errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)


def read_report(path: Path) -> Figures:
    figures = Figures()
    for line in path.read_text().splitlines():
        event = json.loads(line)
        for kind in ("NonFatalError", "FatalError"):
            if kind in event:
                error = event[kind]
                figures.errors.append(f"{error.get('label', '')}: {json.dumps(error)[:600]}")
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        if recorder.get("cases"):
            figures.operations.add(recorder["label"])
        figures.cases += len(recorder.get("cases", {}))
        for interaction in recorder.get("interactions", {}).values():
            if interaction.get("response"):
                figures.statuses[interaction["response"]["status_code"]] += 1
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check["status"] != "failure":
                    continue
                if check["name"] == "not_a_server_error":
                    figures.server_errors += 1
                elif check["name"] in SCHEMA_CHECKS:
                    figures.violations += 1
                failure = check["failure_info"]["failure"]
                message = failure.get("message", "").split("\n\nValue")[0]
                key = (recorder["label"], check["name"], " ".join(message.split())[:400])
                if key not in figures.failures:
                    figures.failures[key] = describe(recorder, case_id)
    return figures


def describe(recorder: dict[str, Any], case_id: str) -> str:
    interaction = recorder.get("interactions", {}).get(case_id) or {}
    response = interaction.get("response") or {}
    body = base64.b64decode((response.get("content") or {}).get("$base64", "") or b"")
    uri = (interaction.get("request") or {}).get("uri", "")
    return f"{uri} -> {response.get('status_code')} {body[:300]!r}"


def fuzz(persona: str, token: str, examples: int, seconds: int, folder: Path) -> Figures:
    report = folder / f"{persona}.ndjson"
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(folder / "schemathesis.toml"),
        "run",
        f"{BASE}/api/schema/?format=json",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "fuzzing",
        "--max-examples",
        os.environ.get("FUZZ_MAX_EXAMPLES", str(examples)),
        "--max-time",
        os.environ.get("FUZZ_SECONDS", str(seconds)),
        # One worker: schemathesis' threads trip a CPython 3.11 parser race ("AST constructor
        # recursion depth mismatch"), and the server has the machine's two cores anyway.
        "--workers",
        "1",
        "--no-shrink",
        "--no-color",
        "--generation-database",
        "none",
        # Signing in is fuzzed by the unit tests; here it would only lock the personas out.
        "--exclude-path",
        "/api/v1/auth/token/",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--output-sanitize",
        "true",
    ]
    if os.environ.get("FUZZ_SEED"):
        command += ["--seed", os.environ["FUZZ_SEED"]]
    log(f"\n--- schemathesis as the {persona} ---")
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    tail = [line for line in result.stdout.splitlines() if line.strip()][-12:]
    log("\n".join(tail))
    if not report.exists():
        log(result.stderr)
        raise SystemExit(f"schemathesis wrote no report for the {persona}")
    return read_report(report)


def summary(results: dict[str, Figures]) -> int:
    log("\n=== API fuzzing figures ===")
    log(
        f"{'persona':<10} {'operations':>10} {'cases':>7} {'server errors':>14} "
        f"{'violations':>11} {'errors':>7}  statuses"
    )
    total = Figures()
    for persona, figures in [*results.items(), ("total", total)]:
        if persona != "total":
            total.operations |= figures.operations
            total.cases += figures.cases
            total.server_errors += figures.server_errors
            total.violations += figures.violations
            total.errors += figures.errors
            total.statuses += figures.statuses
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(figures.statuses.items()))
        log(
            f"{persona:<10} {len(figures.operations):>10} {figures.cases:>7} "
            f"{figures.server_errors:>14} {figures.violations:>11} {len(figures.errors):>7}  "
            f"{statuses}"
        )
    for persona, figures in results.items():
        for (label, check, message), example in figures.failures.items():
            log(f"\nFAIL [{persona}] {label} {check}: {message}\n  {example}")
        for error in figures.errors:
            log(f"\nERROR [{persona}] {error}")
    return 1 if total.server_errors or total.violations or total.errors else 0


def main() -> int:
    started = time.monotonic()
    if os.environ.get("FUZZ_REUSE_DATABASE") != "1":
        log(f"Database {DATABASE_URL}: migrate and load the demo")
        recreate_database()
        manage("migrate", "--no-input", "-v", "0")
        manage("load_demo")
    folder = Path(tempfile.mkdtemp(prefix="cyd-fuzz-"))
    server_log = folder / "server.log"
    with server_log.open("w") as log_file:
        server = subprocess.Popen(
            # No cap on the request line: a generated query string of thousands of characters
            # then reaches Cyd, whose answer is what is checked, instead of gunicorn's own HTML
            # 414 page (in production nginx answers such a request before gunicorn sees it).
            [
                str(BIN / "gunicorn"),
                "coop.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--limit-request-line",
                "0",
            ],
            cwd=ROOT,
            env=environment(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    status = 1
    try:
        wait_for_server(time.monotonic() + 60)
        schema = request("GET", "/api/schema/?format=json")
        secretary = token_for(PERSONAS[0][1])
        codes = share_class_codes(secretary)
        results: dict[str, Figures] = {}
        (folder / "schemathesis.toml").write_text(config(schema, codes))
        for persona, email, examples, seconds in PERSONAS:
            token = secretary if persona == "secretary" else token_for(email)
            results[persona] = fuzz(persona, token, examples, seconds, folder)
        status = summary(results)
        if status:
            tracebacks = server_log.read_text().splitlines()[-60:]
            log("\nThe server's log ends:\n" + "\n".join(tracebacks))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if status == 0:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            log(f"Reports and the server's log are kept in {folder}")
    log(f"\nAPI fuzzing took {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
