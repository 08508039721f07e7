"""Bad input and private data at the membership API's edges: the duplicate register as a
plain member inspects it, over-long text, oversized uploads, and CSV cells a spreadsheet
would run as formulas."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from coop.core.spreadsheets import MAX_IMPORT_BYTES
from membership.models import Member, RegisterInspection
from tests.api.membership.conftest import World, client_for, counts, url
from tests.factories import membership as mf

HUGE = "A" * 100_000
TOO_LONG = ["Postal address must be 500 characters or fewer."]

# --- the duplicate register (CCBS Act 2014 s.103) -------------------------------------------


def test_a_plain_member_sees_who_the_members_are_and_nothing_private(world: World, member):
    """Names, numbers, kind and the dates entered and ceased: never email addresses, the
    purposes they were given for, postal addresses, member classes or holdings."""
    response = client_for(member).get(url("duplicate-register"))

    body = response.content.decode()
    rows = response.json()["results"]
    assert response.status_code == 200
    assert {frozenset(row) for row in rows} == {
        frozenset({"number", "name", "kind", "entered_on", "ceased_on"})
    }
    for private in ("@", "email", "postal_address", "postcode", "Stryd Fawr", "member_class"):
        assert private not in body
    assert RegisterInspection.objects.filter(kind="duplicate", user=member).count() == 1


def test_a_plain_member_gets_no_bulk_copy_of_the_duplicate_register(world: World, member):
    for n in range(120):
        mf.member(world.organisation, name=f"Person {n:03d}")
    client = client_for(member)

    page = client.get(url("duplicate-register") + "?page_size=500")
    as_csv = client.get(url("duplicate-register") + "?format=csv")
    accept_csv = client.get(url("duplicate-register"), HTTP_ACCEPT="text/csv")

    assert (page.status_code, len(page.json()["results"]), page.json()["count"]) == (
        200,
        100,
        Member.objects.filter(organisation=world.organisation).count(),
    )
    assert as_csv.status_code == 404
    assert accept_csv.status_code == 406
    assert not as_csv.get("Content-Disposition")
    assert not accept_csv.get("Content-Disposition")


def test_the_whole_register_in_a_file_is_for_those_who_may_export_it(
    world: World, board_member, scrutineer
):
    """The board reads the register in Cyd; the secretary and the scrutineer may take it
    away as CSV (each time logged as an export)."""
    assert client_for(board_member).get(url("register")).status_code == 200
    assert client_for(board_member).get(url("register") + "?format=csv").status_code == 404
    response = client_for(scrutineer).get(url("register") + "?format=csv")
    assert response.status_code == 200
    assert RegisterInspection.objects.filter(kind="export", user=scrutineer).count() == 1


# --- free text is limited -------------------------------------------------------------------


def test_a_100000_character_postal_address_is_refused_and_nothing_written(world: World, secretary):
    client = client_for(secretary)
    before = counts()
    address = world.investor.postal_address

    created = client.post(
        url("members"),
        {
            "name": "Hir Hir",
            "member_class": "users",
            "postal_address": HUGE,
            "entered_on": "2024-01-02",
        },
        format="json",
    )
    patched = client.patch(
        url("member", number=world.investor.number), {"postal_address": HUGE}, format="json"
    )

    assert (created.status_code, patched.status_code) == (400, 400)
    assert created.json()["postal_address"] == TOO_LONG
    assert patched.json()["postal_address"] == TOO_LONG
    world.investor.refresh_from_db()
    assert (counts(), world.investor.postal_address) == (before, address)


def test_an_application_with_a_100000_character_address_is_refused(world: World, api):
    before = counts()

    response = api.post(
        url("applications"),
        {
            "name": "Hir Hir",
            "email": "hir@example.org",
            "postal_address": HUGE,
            "member_class": "users",
            "share_class": "membership",
            "shares_requested": 1,
            "declaration": True,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["postal_address"] == TOO_LONG
    assert counts() == before


# --- uploads are capped ---------------------------------------------------------------------


def test_an_import_over_10_mb_is_refused_under_file_before_anything_is_stored(
    world: World, secretary
):
    before = counts()
    upload = SimpleUploadedFile("register.csv", b"name\n" + b"x" * MAX_IMPORT_BYTES)

    response = client_for(secretary).post(url("imports"), {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json()["file"] == [
        "The file is 10.0\xa0MB; the largest file Cyd takes here is 10.0\xa0MB."
    ]
    assert counts() == before


# --- CSV cells ------------------------------------------------------------------------------


def test_the_register_csv_runs_no_formula(world: World, secretary):
    for name in ('=HYPERLINK("http://x","y")', "=1+1", "+SUM(1,2)", "@cmd"):
        mf.member(world.organisation, name=name)

    response = client_for(secretary).get(url("register") + "?format=csv")

    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    assert {"'=1+1", "'+SUM(1,2)", "'@cmd", '\'=HYPERLINK("http://x","y")'} <= set(cells)
