"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Pages load under the site's real content security policy. Every page a test visits can be
checked with `axe_check(page)`, which runs the vendored axe-core and fails on any serious or
critical violation; `console_errors` collects what the browser reported (CSP refusals, script
errors) so a test can assert there were none.

Mark browser tests `@pytest.mark.django_db(transaction=True)`: the live server runs in another
thread and sees only committed data.
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
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PASSWORD = "correct horse battery"


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


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
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Make browser contexts (no cookies) pointed at the live test server; each gets axe-core
    injected through the DevTools protocol, which the page's CSP does not govern."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        settings = {
            "base_url": live_server.url,
            "viewport": {"width": 390, "height": 844},
            "locale": "en-GB",
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Errors the browser reported on `page`: a refused inline script or style, a script
    error, a style sheet, script or image that failed to load. (A page answered 400 or 404
    on purpose is not an error here.)"""
    return []


def _watch(page: Any, errors: list[str]) -> None:
    def on_console(message: Any) -> None:
        # Chromium also logs every 4xx response; subresources are checked in on_response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))


@pytest.fixture
def page(new_context: Callable[..., Any], console_errors: list[str]) -> Any:
    """A fresh page under the real CSP, its console errors collected in `console_errors`."""
    page = new_context().new_page()
    _watch(page, console_errors)
    return page


@pytest.fixture
def axe_check() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on the page; fail on serious or critical violations."""

    def check(page: Any) -> list[dict[str, Any]]:
        if not page.evaluate("() => typeof axe === 'object'"):
            page.add_script_tag(path=str(AXE))  # a context made without `new_context`
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, "axe-core: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n.get("target")) for n in v["nodes"][:3])
            for v in bad
        )
        return results["violations"]

    return check


def sign_in_on(page: Any, email: str, password: str = PASSWORD) -> None:
    """Fill in and send the sign-in form on `page` (works with or without JavaScript)."""
    page.goto("/accounts/sign-in/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main").get_by_role("button").first.click()
    page.wait_for_load_state()


@pytest.fixture
def sign_in(page: Any) -> Callable[..., None]:
    def do(email: str, password: str = PASSWORD) -> None:
        sign_in_on(page, email, password)

    return do
