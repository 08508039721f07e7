"""Browser tests of the register: a secretary imports a spreadsheet (one bad row, fixed, then
committed); a Welsh-speaking member sees their own account in Welsh."""

from __future__ import annotations

import pytest

from coop.core.models import User
from membership.models import Member
from tests.membership.test_imports import csv_bytes, row

pytestmark = pytest.mark.django_db(transaction=True)


def _choose_file(page, content: bytes) -> None:
    page.get_by_label("Register spreadsheet").set_input_files(
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": content}]
    )


def test_a_secretary_imports_a_register_fixing_one_bad_row(
    page, sign_in, axe_check, organisation, secretary
):
    good = row(name="Nia Morgan", email="nia@example.org")
    bad = row(name="Ifor Bach", email="ifor@example.org", shares="1.5")
    sign_in(secretary.email)

    page.goto(f"/o/{organisation.slug}/import/")
    assert page.get_by_role("heading", level=1).inner_text() == "Import members from a spreadsheet"
    axe_check(page)
    _choose_file(page, csv_bytes([good, bad]))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()

    assert "This file has 1 problem. Nothing has been imported." in page.content()
    problems = page.locator("#problems tbody tr")
    assert problems.count() == 1
    assert problems.first.locator("th").inner_text() == "3"
    assert problems.first.locator("td").nth(0).inner_text() == "shares"
    assert problems.first.locator("td").nth(1).inner_text() == (
        "Enter a whole number of shares, 1 or more."
    )
    assert page.get_by_role("button", name="Import").count() == 0
    axe_check(page)
    assert Member.objects.filter(organisation=organisation).count() == 0

    page.get_by_role("link", name="Upload the corrected file").click()
    page.wait_for_load_state()
    bad["shares"] = "1"
    _choose_file(page, csv_bytes([good, bad]))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()

    assert page.locator("#member-count").inner_text() == "2"
    axe_check(page)
    page.get_by_role("button", name="Import 2 members").click()
    page.wait_for_load_state()

    assert "2 members were added to the register." in page.content()
    page.get_by_role("link", name="Go to the register of members").click()
    page.wait_for_load_state()
    register = page.locator("table").first.inner_text()
    assert "Nia Morgan" in register
    assert "Ifor Bach" in register
    assert Member.objects.filter(organisation=organisation).count() == 2


def test_a_welsh_speaking_member_sees_their_account_in_welsh(
    page, sign_in, axe_check, organisation, member_record
):
    user = member_record.user
    assert user is not None
    User.objects.filter(pk=user.pk).update(preferred_language="cy")
    Member.objects.filter(pk=member_record.pk).update(preferred_language="cy")
    sign_in(user.email)

    page.goto(f"/o/{organisation.slug}/my-account/")

    assert page.locator("html").get_attribute("lang") == "cy"
    assert "Meinir Member" in page.content()
    axe_check(page)
