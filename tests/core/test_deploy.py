"""The production configuration passes Django's deploy checks, hashes with Argon2 and sends a
strict content security policy."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "coop.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "CYD_BALLOT_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "cyd.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_no_warnings(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_production_refuses_to_start_without_the_ballot_key(tmp_path):
    """Secret papers are sealed under CYD_BALLOT_KEY (docs/threat-model.md): without it the
    system check fails and names the setting."""
    env = {k: v for k, v in _production_env(tmp_path).items() if k != "CYD_BALLOT_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "voting.E001" in result.stderr
    assert "CYD_BALLOT_KEY is not set" in result.stderr


def test_check_deploy_fails_when_debug_is_on(tmp_path):
    """The check is able to fail: the same command with DEBUG=1 warns (security.W018)."""
    env = {**_production_env(tmp_path), "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_production_settings_are_hardened(tmp_path):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hashers': s.PASSWORD_HASHERS, 'hsts': s.SECURE_HSTS_SECONDS, "
        "'ssl': s.SECURE_SSL_REDIRECT, 'session': s.SESSION_COOKIE_SECURE, "
        "'csrf': s.CSRF_COOKIE_SECURE, 'language': s.LANGUAGE_COOKIE_SECURE, "
        "'debug': s.DEBUG}))"
    )
    result = _manage(tmp_path, "shell", "-c", code)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert found["hsts"] >= 31_536_000
    assert found["ssl"] is True
    assert found["session"] is True
    assert found["csrf"] is True
    assert found["language"] is True
    assert found["debug"] is False


def test_argon2_is_usable():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("correct horse battery", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("correct horse battery", encoded)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in _production_env(tmp_path).items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


@pytest.mark.parametrize("url", ["/", "/accounts/sign-in/"])
def test_pages_send_a_strict_content_security_policy(client: Client, db, url):
    response = client.get(url)

    csp = response["Content-Security-Policy"]
    directives = {}
    for part in filter(None, (p.strip() for p in csp.split(";"))):
        name, _, value = part.partition(" ")
        directives[name] = value
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_page_template_uses_inline_script_or_style():
    """The CSP refuses inline script and style, so no page may rely on them (PDF templates,
    rendered by WeasyPrint, are not pages)."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if "/pdf/" in f"/{relative}":
            continue
        text = path.read_text(encoding="utf-8")
        if "<style" in text or " style=" in text or "<script>" in text or " onclick=" in text:
            offenders.append(relative)
    assert offenders == []
