"""The files of voting are safe to open and complete: the results CSV, and the recount kit's
papers CSV and BLT files, neutralise text a spreadsheet would run as a formula; and a
question or a candidate whose text has a line break or a double quote still gives a BLT file
that reads back (BLT has no way to escape either)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client

from coop.core.models import User
from membership.models import Organisation
from tests.api.voting.conftest import client_for
from tests.api.voting.conftest import url as api_url
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.voting.test_pages_setup import url
from voting import services
from voting.blt import parse_blt
from voting.models import Ballot

FORMULA = '=HYPERLINK("http://evil.example","click")'
NICKNAME = 'Ann "Nan" Jones'


def hostile_election(organisation: Organisation) -> Ballot:
    """An STV election whose text has a line break and whose candidates' names a spreadsheet
    would run, or that hold a double quote; three votes, closed."""
    ballot = vf.ballot(organisation, title="=1+1 Board", allow_in_room=True)
    question = vf.stv(
        ballot,
        candidates=(FORMULA, NICKNAME, "@Bryn", "Cai"),
        seats=1,
        text="Elect the board\r\nfor 2025",
    )
    voters = [mf.member(organisation) for _ in range(3)]  # on the roll when it opens
    ballot = vf.open_ballot(ballot)
    rankings = ([FORMULA, "Cai"], [NICKNAME], ["@Bryn", FORMULA])
    for voter, ranking in zip(voters, rankings, strict=True):
        vf.vote(ballot, voter, question, *ranking)
    services.ballot_close(ballot=ballot, actor=None)
    return Ballot.objects.get(pk=ballot.pk)


def kit_from_page(client: Client, ballot: Ballot) -> zipfile.ZipFile:
    response = client.get(url("recount_kit", ballot))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.django_db
def test_the_recount_kit_of_an_election_with_awkward_names_reads_back(
    client: Client, scrutineer: User, organisation: Organisation
):
    ballot = hostile_election(organisation)
    client.force_login(scrutineer)

    kit = kit_from_page(client, ballot)
    election = parse_blt(kit.read("question-1.blt").decode())

    assert election.candidates == (
        "'=HYPERLINK('http://evil.example','click')",
        "Ann 'Nan' Jones",
        "'@Bryn",
        "Cai",
    )
    assert election.title == "'=1+1 Board – Elect the board for 2025"
    assert sorted((b.weight, b.preferences) for b in election.ballots) == [
        (1, (0, 3)),
        (1, (1,)),
        (1, (2, 0)),
    ]


@pytest.mark.django_db
def test_the_papers_csv_neutralises_formulas(
    client: Client, scrutineer: User, organisation: Organisation
):
    ballot = hostile_election(organisation)
    client.force_login(scrutineer)

    papers = list(
        csv.reader(io.StringIO(kit_from_page(client, ballot).read("papers.csv").decode()))
    )

    # No channel, and no member class (the count did not use it): each content counted.
    assert papers[0] == ["question", "choices", "papers"]
    choices = sorted(row[1] for row in papers[1:])
    assert choices == [
        '\'=HYPERLINK("http://evil.example","click") > Cai',
        '\'@Bryn > =HYPERLINK("http://evil.example","click")',
        'Ann "Nan" Jones',
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in papers for cell in row)


@pytest.mark.django_db
def test_the_api_recount_kit_is_the_same_safe_files(scrutineer: User, organisation: Organisation):
    ballot = hostile_election(organisation)

    response = client_for(scrutineer).get(
        api_url("ballot-recount-kit", slug=organisation.slug, pk=ballot.pk)
    )

    assert response.status_code == 200
    kit = response.json()
    election = parse_blt(kit["blt"][0]["content"])
    assert election.candidates[0] == "'=HYPERLINK('http://evil.example','click')"
    rows = list(csv.reader(io.StringIO(kit["papers_csv"])))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
def test_the_results_csv_neutralises_formulas(
    client: Client, secretary: User, organisation: Organisation
):
    ballot = hostile_election(organisation)
    client.force_login(secretary)

    response = client.get(url("results_csv", ballot))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert {row[3] for row in rows[1:5]} == {
        '\'=HYPERLINK("http://evil.example","click")',
        NICKNAME,
        "'@Bryn",
        "Cai",
    }
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
