"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Every page a test visits can be checked with `axe_check(page)`, which runs the vendored
axe-core and fails on any serious or critical violation.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CYD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CYD_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        _skip_or_fail("Debian's chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _skip_or_fail("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) pointed at the live test server."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_check() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on the page; fail on serious or critical violations."""

    def check(page: Any) -> list[dict[str, Any]]:
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, "axe-core: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n.get("target")) for n in v["nodes"][:3]) for v in bad)
        return results["violations"]

    return check


@pytest.fixture
def sign_in(page: Any) -> Callable[[str, str], None]:
    def do(email: str, password: str = "correct horse battery") -> None:
        page.goto("/accounts/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return do
