"""Two web processes and two task workers against one PostgreSQL and one object store: the
shape of a Cyd installation on several machines, on loopback.

The world is the demo (`manage.py load_demo`, a documented command; everything else goes
through the API and the pages). A ballot is cast through both web processes at once — every
vote offered twice, once to each — then closed; its results PDF is made by a task worker
(CYD_PDF_BACKGROUND_THRESHOLD=0 sends every PDF to the background) and downloaded through the
other web process, by a signed link of the object store. Exactly once: each member's vote is
taken once and refused once, and papers = participations = votes cast; nothing is lost."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from django.db import connection
from pypdf import PdfReader

from tests.factories import voting as vf
from tests.nodes.conftest import S3Endpoint, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "cyd-demo-2026"  # the demo accounts' password (README, `manage.py demo_logins`)
ORG = "gofal-dyfi"
ROOM_VOTES = 40
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]


def _environment(s3_endpoint: S3Endpoint, tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        **s3_endpoint.environment(),
        "DJANGO_SETTINGS_MODULE": "coop.settings_test",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CYD_PDF_BACKGROUND_THRESHOLD": "0",
        "MEDIA_ROOT": str(tmp_path / "local-disk"),  # must stay empty: files go to the store
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def nodes(s3_endpoint: S3Endpoint, tmp_path: Path) -> Iterator[tuple[str, str]]:
    env = _environment(s3_endpoint, tmp_path)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    processes: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [*GUNICORN, "coop.wsgi"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
            processes.append(
                subprocess.Popen(
                    [*manage, "db_worker", "--no-reload", "--interval", "0.2"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for url in urls:
            _wait_for(url, processes)
        yield urls[0], urls[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    assert not (tmp_path / "local-disk").exists() or not any((tmp_path / "local-disk").iterdir())


def _wait_for(url: str, processes: list[subprocess.Popen[bytes]]) -> None:
    for _ in range(300):
        assert all(p.poll() is None for p in processes), "a process of the installation exited"
        try:
            if httpx.get(f"{url}/accounts/sign-in/", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not start")


def _token(node: str, email: str) -> dict[str, str]:
    response = httpx.post(
        f"{node}/api/v1/auth/token/", json={"email": email, "password": PASSWORD}, timeout=30
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Token {response.json()['token']}"}


def _sign_in(node: str, email: str) -> httpx.Client:
    browser = httpx.Client(base_url=node, timeout=30)
    page = browser.get("/accounts/sign-in/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    done = browser.post(
        "/accounts/sign-in/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert done.status_code == 302, done.text
    return browser


def test_a_ballot_cast_through_two_web_processes_counts_each_vote_once_and_its_pdf_is_shared(
    nodes: tuple[str, str], s3_endpoint: S3Endpoint
):
    node_a, node_b = nodes
    secretary = _token(node_a, "secretary.dyfi@cyd.example")
    ballots = httpx.get(
        f"{node_b}/api/v1/organisations/{ORG}/ballots/", headers=secretary, timeout=30
    ).json()["results"]
    ballot_id = next(b["id"] for b in ballots if b["status"] == "open")
    base = f"/api/v1/organisations/{ORG}/ballots/{ballot_id}/"
    ballot = httpx.get(node_a + base, headers=secretary, timeout=30).json()
    question = ballot["questions"][0]
    choice = {str(question["id"]): [question["options"][0]["id"]]}
    roll = httpx.get(
        node_a + base + "roll/?voted=false&eligible=true&page_size=200",
        headers=secretary,
        timeout=30,
    ).json()["results"]
    voted_before = httpx.get(node_b + base + "turnout/", headers=secretary, timeout=30).json()

    # Two members vote online with their own tokens; the secretary enters paper votes in the
    # room for others. Each vote is offered to both web processes at the same moment.
    offers = []
    online = set()
    for email in ("member1.dyfi@cyd.example", "member2.dyfi@cyd.example"):
        token = _token(node_b, email)
        own = httpx.get(node_a + base, headers=token, timeout=30).json()["voters"]
        online |= {voter["member"] for voter in own}
        offers += [(node, token, {"selections": choice}) for node in (node_a, node_b)]
    room = [row["member"] for row in roll if row["member"] not in online][:ROOM_VOTES]
    assert len(room) == ROOM_VOTES
    for number in room:
        body = {"selections": choice, "channel": "room", "member": number}
        offers += [(node, secretary, body) for node in (node_a, node_b)]

    def offer(item: tuple[str, dict[str, str], dict[str, object]]) -> tuple[int, str]:
        node, headers, body = item
        response = httpx.post(node + base + "cast/", json=body, headers=headers, timeout=60)
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(offer, offers))

    pairs = [sorted(answers[i : i + 2]) for i in range(0, len(answers), 2)]
    wrong = [pair for pair in pairs if [code for code, _text in pair] != [201, 400]]
    assert wrong == []
    assert all("Each member votes once." in pair[1][1] for pair in pairs), pairs[0]
    taken = len(pairs)
    closed = httpx.post(node_b + base + "close/", headers=secretary, timeout=60)
    assert closed.status_code == 200, closed.text
    turnout = httpx.get(node_a + base + "turnout/", headers=secretary, timeout=30).json()
    assert turnout["voted"] == voted_before["voted"] + taken
    results = httpx.get(node_b + base + "results/", headers=secretary, timeout=30).json()
    assert sum(results["questions"][0]["result"]["votes"].values()) == turnout["voted"]
    _assert_exactly_once(ballot_id, turnout["voted"])

    _results_pdf_made_by_a_worker_reaches_the_other_node(node_b, node_a, ballot_id, s3_endpoint)


def _results_pdf_made_by_a_worker_reaches_the_other_node(
    node_b: str, node_a: str, ballot_id: int, s3_endpoint: S3Endpoint
) -> None:
    # The results PDF: asked for through web process B, made by a worker, downloaded
    # through web process A with the same session (sessions live in PostgreSQL).
    browser = _sign_in(node_b, "secretary.dyfi@cyd.example")
    pdf_path = f"/o/{ORG}/ballots/{ballot_id}/results.pdf?language=cy"
    first = browser.get(pdf_path)
    assert first.status_code == 200
    assert 'http-equiv="refresh"' in first.text
    other = httpx.Client(base_url=node_a, cookies=browser.cookies, timeout=30)
    for _ in range(600):
        ready = other.get(pdf_path)
        if ready.status_code == 302:
            break
        assert ready.status_code == 200
        assert "could not be made" not in ready.text
        time.sleep(0.1)
    assert ready.status_code == 302, "no worker made the results PDF"
    link = ready.headers["location"]
    assert link.startswith(s3_endpoint.url + "/")
    pdf = httpx.get(link, timeout=30)
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Canlyniadau" in text
    assert "Tudalen 1 o" in text
    assert httpx.get(link.split("?")[0], timeout=30).status_code == 403  # private object


def _assert_exactly_once(ballot_id: int, voted: int) -> None:
    """Read back what the installation stored: one participation marked voted and one paper
    per vote (papers carry no voter: they are only counted)."""
    from voting.models import Ballot, Participation

    ballot = Ballot.objects.get(pk=ballot_id)
    participations = Participation.objects.filter(ballot=ballot, has_voted=True).count()
    papers = vf.paper_count(ballot)
    assert participations == papers == voted
