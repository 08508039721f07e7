"""The deploy/ folder works: gunicorn starts with deploy/gunicorn.conf.py and serves a page;
the nginx site parses (`nginx -t`) and caps uploads at what the app accepts; the systemd
units parse (`systemd-analyze verify`, or a strict reading where systemd is missing).

CI installs nginx (.ci/run) and sets CYD_REQUIRE_DEPLOY_TOOLS=1, which turns the skips for a
missing nginx or systemd-analyze into failures."""

from __future__ import annotations

import os
import re
import runpy
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coop.core.spreadsheets import MAX_DOCUMENT_BYTES, MAX_IMPORT_BYTES

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _tool(name: str) -> str:
    found = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)), None
    )
    if found is None:
        if os.environ.get("CYD_REQUIRE_DEPLOY_TOOLS") == "1":
            pytest.fail(f"CYD_REQUIRE_DEPLOY_TOOLS=1 but {name} is not installed")
        pytest.skip(f"{name} is not installed (CI installs it)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_gunicorn_config_is_tuned_for_two_cores(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})

    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert config["worker_class"] == "gthread"
    assert (config["workers"], config["threads"]) == (2, 4)
    assert config["preload_app"] is True
    assert config["timeout"] == 60
    assert config["graceful_timeout"] < config["timeout"]
    assert config["max_requests"] > 0
    assert 0 < config["max_requests_jitter"] < 1000
    assert config["accesslog"] == "-"
    assert config["errorlog"] == "-"
    assert config["bind"] == "127.0.0.1:8000"


def test_gunicorn_starts_with_the_deploy_config_and_serves_a_page(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coop.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "SECURE_SSL_REDIRECT": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"), "coop.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/sign-in/",
            headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
        )
        page = ""
        for _ in range(150):
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    assert response.status == 200
                    page = response.read().decode()
                break
            except (ConnectionError, TimeoutError, urllib.error.URLError):
                # Not up yet (or, on a loaded machine, slow to answer its first request).
                assert server.poll() is None, "gunicorn exited"
                time.sleep(0.2)
        assert "<form" in page
        assert 'name="csrfmiddlewaretoken"' in page
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Booting worker with pid" in output
    assert "Using worker: gthread" in output
    assert '"GET /accounts/sign-in/ HTTP/1.1" 200' in output  # the access log, on stdout


def test_the_nginx_site_parses_and_matches_the_app(tmp_path):
    nginx = _tool("nginx")
    site = (DEPLOY / "nginx" / "cyd.conf").read_text()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=cyd.example.org",
            "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = site.replace("/etc/letsencrypt/live/cyd.example.org/", f"{tmp_path}/")
    (tmp_path / "cyd.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; {temp} include {tmp_path}/cyd.conf; }}\n"
    )

    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert "[warn]" not in result.stderr
    assert "[emerg]" not in result.stderr
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))  # type: ignore[union-attr]
    largest = max(MAX_IMPORT_BYTES, MAX_DOCUMENT_BYTES)
    assert largest <= megabytes * 1024 * 1024 <= largest + 2 * 1024 * 1024
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", site).group(1))  # type: ignore[union-attr]
    gunicorn_timeout = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["timeout"]
    assert read_timeout > gunicorn_timeout
    assert "X-Forwarded-Proto $scheme" in site
    directives = re.sub(r"#.*", "", site)
    assert "media" not in directives.lower()  # no location serves MEDIA_ROOT
    assert re.findall(r"location (\S+)", directives) == ["/static/", "/"]


UNITS = ("cyd-web.service", "cyd-worker.service")
KNOWN_KEYS = {
    "Unit": {"Description", "Documentation", "After", "Wants"},
    "Service": {
        "Type", "NotifyAccess", "User", "Group", "WorkingDirectory", "EnvironmentFile",
        "ExecStart", "ExecReload", "KillMode", "KillSignal", "TimeoutStopSec", "Restart",
        "RestartSec", "NoNewPrivileges", "PrivateTmp", "ProtectSystem", "ProtectHome",
        "ReadWritePaths",
    },
    "Install": {"WantedBy"},
}  # fmt: skip


def _strict_read(text: str) -> dict[str, dict[str, str]]:
    """A unit file read strictly: known sections and keys only, each line `Key=value`."""
    sections: dict[str, dict[str, str]] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            assert current in KNOWN_KEYS, f"line {number}: unknown section {line}"
            sections[current] = {}
            continue
        key, equals, value = line.partition("=")
        assert current is not None, f"line {number}: outside a section: {line}"
        assert equals, f"line {number}: not Key=value: {line}"
        assert key in KNOWN_KEYS[current], f"line {number}: unknown key {key} in [{current}]"
        sections[current][key] = value
    return sections


@pytest.mark.parametrize("unit", UNITS)
def test_the_systemd_units_are_read_strictly_and_run_cyd(unit):
    sections = _strict_read((DEPLOY / "systemd" / unit).read_text())

    command = sections["Service"]["ExecStart"]
    assert command.startswith("/srv/cyd/.venv/bin/python ")
    if unit == "cyd-web.service":
        assert "-m gunicorn -c /srv/cyd/deploy/gunicorn.conf.py coop.wsgi" in command
        assert sections["Service"]["Type"] == "notify"
    else:
        assert command.endswith("/srv/cyd/manage.py db_worker --no-reload")
        assert sections["Service"]["Restart"] == "always"
    assert sections["Service"]["EnvironmentFile"] == "/etc/cyd/cyd.env"
    assert sections["Install"]["WantedBy"] == "multi-user.target"


def test_systemd_analyze_verifies_the_units(tmp_path):
    analyze = _tool("systemd-analyze")
    python = os.path.realpath(sys.executable)
    for unit in UNITS:
        text = (DEPLOY / "systemd" / unit).read_text()
        text = text.replace("/srv/cyd/.venv/bin/python", python).replace("/srv/cyd", str(ROOT))
        (tmp_path / unit).write_text(text)

    result = subprocess.run(
        [analyze, "verify", "--man=no", "--generators=no", *(str(tmp_path / u) for u in UNITS)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""  # not even a warning (an unknown key, a typo)
