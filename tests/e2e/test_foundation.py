"""The foundation in a real browser: sign in, switch to Welsh, accessibility, no-JavaScript."""

from __future__ import annotations

import re

import pytest

from coop.core.models import User
from tests.e2e.conftest import sign_in_on

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_signs_in_switches_to_welsh_and_sees_the_home_page_in_welsh(
    page, sign_in, axe_check, console_errors, secretary, organisation
):
    sign_in("secretary@example.org")

    assert page.url.endswith("/")
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert page.get_by_role("heading", level=1).inner_text() == "Your organisations"
    assert page.get_by_role("link", name=organisation.name).is_visible()
    axe_check(page)

    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("html[lang=cy]").count() == 1
    assert page.get_by_role("button", name="English").is_visible()
    assert page.get_by_role("button", name="Cymraeg").count() == 0
    # Welsh content: the organisation's Welsh name is shown when Welsh is active.
    assert page.get_by_role("link", name=organisation.name_cy).is_visible()
    axe_check(page)
    assert User.objects.get(pk=secretary.pk).preferred_language == "cy"
    assert console_errors == []

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert User.objects.get(pk=secretary.pk).preferred_language == "en-gb"


def test_the_saved_language_follows_the_user_to_a_new_browser(new_context, secretary, organisation):
    User.objects.filter(pk=secretary.pk).update(preferred_language="cy")
    page = new_context().new_page()

    sign_in_on(page, "secretary@example.org")

    assert page.locator("html").get_attribute("lang") == "cy"
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["cyd_language"] == "cy"


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_the_sign_in_page_has_no_serious_accessibility_violations(
    page, axe_check, console_errors, language
):
    page.goto("/accounts/sign-in/")
    if language == "cy":
        page.get_by_role("button", name="Cymraeg").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)

    # With errors: the summary links to the field, the title says "Error", axe still passes.
    page.locator("main").get_by_role("button").first.click()
    page.wait_for_load_state()
    summary_link = page.locator(".govuk-error-summary a").first
    assert summary_link.get_attribute("href") == "#id_username"
    assert page.title().startswith(("Error:", "Gwall:"))
    assert page.locator("#id_username").get_attribute("aria-invalid") == "true"
    axe_check(page)
    summary_link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    assert console_errors == []


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_the_home_page_has_no_serious_accessibility_violations(
    page, sign_in, axe_check, console_errors, secretary, language
):
    User.objects.filter(pk=secretary.pk).update(preferred_language=language)
    sign_in("secretary@example.org")
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)

    page.goto("/")  # and the anonymous home page, after signing out
    page.locator("form[action='/accounts/sign-out/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-button--start").is_visible()
    axe_check(page)
    assert console_errors == []


def test_the_skip_link_is_the_first_thing_to_focus(page, db):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["govuk-skip-link", "#main-content"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    background = page.evaluate("() => getComputedStyle(document.activeElement).backgroundColor")
    assert outline != "none" or background == "rgb(255, 221, 0)"  # GOV.UK's visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_the_site_works_without_javascript(new_context, secretary, organisation):
    page = new_context(java_script_enabled=False).new_page()

    sign_in_on(page, "secretary@example.org")

    assert page.get_by_role("heading", level=1).inner_text() == "Your organisations"
    assert page.get_by_role("link", name=organisation.name).is_visible()
    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "cy"
    page.locator("form[action='/accounts/sign-out/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-button--start").count() == 1


def test_the_api_docs_run_under_the_content_security_policy(page, console_errors, db):
    page.goto("/api/docs/")

    page.locator(".swagger-ui .info .title").wait_for()
    assert re.match(r"Cyd API", page.locator(".swagger-ui .info .title").inner_text())
    assert page.locator(".opblock-summary-path", has_text="/api/v1/auth/token/").count() >= 1
    assert console_errors == []
