"""A member votes in Welsh in a real browser and later finds their receipt code among those
published; the secretary closes the ballot and publishes the results through the pages."""

from __future__ import annotations

import re

import pytest

from coop.core.models import User
from tests.e2e.conftest import sign_in_on
from tests.factories import voting as vf
from tests.voting.test_pages_setup import resolution_ballot, url, voters
from voting.models import Ballot, Participation, Receipt

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_votes_in_welsh_and_checks_their_receipt_once_published(
    page, new_context, axe_check, console_errors, member, member_record, secretary, organisation
):
    User.objects.filter(pk=member.pk).update(preferred_language="cy")
    voters(organisation, 2)
    ballot = resolution_ballot(organisation)

    # The member, whose language is Welsh, signs in and opens the ballot.
    sign_in_on(page, "member@example.org")
    page.goto(url("ballot", ballot))
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_role("heading", level=1).inner_text() == "Mabwysiadu'r cynllun"

    # One question on the screen: the Welsh text, the answers in Welsh.
    page.locator("#start-voting").click()
    page.wait_for_load_state()
    assert page.locator("html[lang=cy]").count() == 1
    assert page.locator("#question-text").inner_text() == "Mabwysiadu'r cynllun pum mlynedd?"
    axe_check(page)
    page.get_by_label("O blaid").check()
    page.locator("#continue").click()
    page.wait_for_load_state()

    # Check the answer, then cast.
    assert page.url.endswith(url("vote_confirm", ballot))
    assert "O blaid" in page.locator("#answers").inner_text()
    axe_check(page)
    page.locator("#cast").click()
    page.wait_for_load_state()

    # The receipt, shown once.
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert page.locator("html[lang=cy]").count() == 1
    axe_check(page)
    assert Receipt.objects.filter(ballot=ballot, code=code).count() == 1
    assert Participation.objects.get(ballot=ballot, member=member_record).channel == "online"
    assert vf.paper_count(ballot) == 1

    # The secretary closes the ballot and publishes the results, through the pages.
    secretary_page = new_context().new_page()
    sign_in_on(secretary_page, "secretary@example.org")
    secretary_page.goto(url("manage", ballot))
    secretary_page.locator("#close-ballot").click()
    secretary_page.wait_for_load_state()
    secretary_page.locator("#submit").click()
    secretary_page.wait_for_load_state()
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"
    secretary_page.locator("#publish-ballot").click()
    secretary_page.wait_for_load_state()
    secretary_page.locator("#submit").click()
    secretary_page.wait_for_load_state()
    assert Ballot.objects.get(pk=ballot.pk).status == "published"

    # The member finds their code among those counted.
    page.goto(url("results", ballot))
    assert page.locator("html[lang=cy]").count() == 1
    assert page.locator("svg[role=img]").count() == 2
    axe_check(page)
    page.locator("#code").fill(code.lower())
    page.locator("#search-code").click()
    page.wait_for_load_state()
    assert page.locator("#code-found").is_visible()
    assert code in page.locator("#code-found").inner_text()
    axe_check(page)
    assert console_errors == []


def test_the_vote_works_without_javascript(new_context, member, member_record, organisation):
    ballot = resolution_ballot(organisation)
    page = new_context(java_script_enabled=False).new_page()

    sign_in_on(page, "member@example.org")
    page.goto(url("vote_start", ballot))
    page.get_by_label("Against").check()
    page.locator("#continue").click()
    page.locator("#cast").click()

    assert page.locator("#receipt-code").is_visible()
    assert Participation.objects.get(ballot=ballot, member=member_record).has_voted
