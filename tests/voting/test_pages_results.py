"""Results: the page (rule sentence, tables, SVG charts, turnout, STV count sheet, receipt
codes), the PDF and CSV downloads, and the scrutineer's audit trail and recount kit."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from coop.core.models import User
from membership.models import Member, Organisation
from tests.voting.test_pages_setup import (  # noqa: F401 - language_reset is a fixture
    cast,
    full_ballot,
    language_reset,
    options_of,
    question_of,
    resolution_ballot,
    text,
    url,
    voters,
)
from voting import services
from voting.blt import parse_blt
from voting.models import Ballot, Receipt


def counted_full_ballot(organisation: Organisation) -> tuple[Ballot, list[str]]:
    """The three-question ballot with six votes (4 service users, 2 workers), closed."""
    people = voters(organisation, 4) + voters(organisation, 2, cls="workers")
    ballot = full_ballot(organisation)
    resolution, choice, stv = (options_of(ballot, n) for n in (1, 2, 3))
    q1, q2, q3 = (question_of(ballot, n).pk for n in (1, 2, 3))
    papers = [
        ("for", ["Minibus", "Garden"], ["Alun Ap", "Bethan Bell"]),
        ("for", ["Minibus"], ["Alun Ap", "Carys Cole"]),
        ("for", ["Garden", "Minibus"], ["Bethan Bell", "Alun Ap"]),
        ("against", ["Training"], ["Carys Cole", "Bethan Bell"]),
        ("for", ["Minibus", "Garden"], ["Alun Ap"]),
        ("abstain", [], ["Dafydd Du", "Carys Cole"]),
    ]
    codes = []
    for person, (vote, picks, ranking) in zip(people, papers, strict=True):
        codes.append(
            cast(
                ballot,
                person,
                {
                    q1: [resolution[vote]],
                    q2: [choice[p] for p in picks],
                    q3: [stv[r] for r in ranking],
                },
            )
        )
    services.ballot_close(ballot=ballot, actor=None)
    return Ballot.objects.get(pk=ballot.pk), codes


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


@pytest.mark.django_db
def test_results_page_shows_the_rule_tables_charts_and_count_sheet(
    secretary_client: Client, organisation: Organisation
) -> None:
    ballot, codes = counted_full_ballot(organisation)
    sentence = question_of(ballot, 1).result

    response = secretary_client.get(url("results", ballot))

    html = text(response)
    assert response.status_code == 200
    assert sentence is not None
    assert sentence["outcome"] == "carried"
    # The outcome sentence, stating the rule it applied.
    assert (
        "Carried: " in html
        and "of the votes cast were for. It needed more than half of "
        "the votes cast (Ordinary resolution, Rules as registered)."
    ) in html
    assert "Abstentions are not counted as votes cast." in html
    # Charts drawn on the server: an image with a title, a description and text labels.
    assert html.count('role="img"') == 4  # three questions and the turnout
    assert '<title id="chart-question-1-title">Votes on question 1 (weighted votes)</title>' in html
    assert '<desc id="chart-question-1-desc">' in html
    # The table of votes, weighted because classes hold fixed shares.
    assert "Weighted votes" in html
    # Choice: counts and what is chosen.
    assert "The 2 with the most votes are chosen." in html
    assert html.count(">Chosen<") == 2
    # STV: elected in order, quota, seed, and the count sheet with every stage.
    stv = question_of(ballot, 3).result
    assert stv is not None
    assert 'id="question-3-count-sheet"' in html
    assert f"Droop quota {stv['quota']}" in html
    assert ballot.stv_seed in html
    for stage in stv["stages"]:
        assert f"Stage {stage['stage']}" in html
        assert stage["action"].replace("'", "&#x27;") in html
    elected = html.split('id="question-3-elected"')[1].split("</ol>")[0]
    assert [name for name in stv["elected"] if name in elected] == stv["elected"]
    # Turnout, and no class breakdown of so few voters.
    assert "6 of 6 members who may vote have voted (100.0%)." in html
    assert "No breakdown by member class is shown: a class had fewer than 5 voters." in html
    # Every receipt code is listed.
    assert all(code in html for code in codes)
    assert "These results are not published yet" in html


@pytest.mark.django_db
def test_members_see_results_only_once_published(
    client: Client, member: User, organisation: Organisation, member_record: Member
) -> None:
    ballot, _codes = counted_full_ballot(organisation)
    client.force_login(member)

    before = client.get(url("results", ballot))
    assert before.status_code == 200
    assert 'role="img"' not in text(before)
    assert "The results are not available yet" in text(before)
    assert client.get(url("results_pdf", ballot)).status_code == 404
    assert client.get(url("results_csv", ballot)).status_code == 404

    services.ballot_publish(ballot=ballot, actor=None)
    after = text(client.get(url("results", ballot)))
    assert 'id="question-1-sentence"' in after
    assert "These results are not published yet" not in after
    assert client.get(url("results_csv", ballot)).status_code == 200


@pytest.mark.django_db
def test_results_show_the_class_breakdown_when_every_class_has_five_voters(
    secretary_client: Client, organisation: Organisation
) -> None:
    users = voters(organisation, 5)
    workers = voters(organisation, 7, cls="workers")
    ballot = resolution_ballot(organisation)
    options = options_of(ballot, 1)
    question = question_of(ballot, 1).pk
    for person in users:
        cast(ballot, person, {question: [options["for"]]})
    for person in workers:
        cast(ballot, person, {question: [options["against"]]})
    services.ballot_close(ballot=ballot, actor=None)

    html = text(secretary_client.get(url("results", ballot)))

    assert "Votes by member class" in html
    assert "Service users and carers" in html
    assert "Each vote counts as" in html
    assert "No breakdown by member class" not in html


@pytest.mark.django_db
def test_results_pdf_states_the_outcome_and_the_rule(
    secretary_client: Client, organisation: Organisation
) -> None:
    ballot, _codes = counted_full_ballot(organisation)

    response = secretary_client.get(url("results_pdf", ballot), {"language": "en-gb"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    content = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "Results: Annual ballot 2025" in content
    assert "Carried" in content
    assert (
        "It needed more than half of the votes cast (Ordinary resolution, Rules as "
        "registered)." in content
    )
    assert "Counted by the single transferable vote under the Scottish rules" in content
    assert "Count sheet" in content
    assert "Non-transferable" in content
    assert ballot.stv_seed in content


@pytest.mark.django_db
def test_results_pdf_in_welsh(secretary_client: Client, organisation: Organisation) -> None:
    ballot, _codes = counted_full_ballot(organisation)

    response = secretary_client.get(url("results_pdf", ballot), {"language": "cy"})

    pdf = PdfReader(io.BytesIO(response.content))
    content = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="ballot-{ballot.pk}-results-cy.pdf"'
    )
    assert "Pleidlais flynyddol 2025" in content
    assert "Penderfyniad cyffredin" in content


@pytest.mark.django_db
def test_results_csv(secretary_client: Client, organisation: Organisation) -> None:
    ballot, _codes = counted_full_ballot(organisation)

    response = secretary_client.get(url("results_csv", ballot))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "question",
        "kind",
        "text",
        "option",
        "votes",
        "weighted_votes",
        "chosen",
        "outcome",
    ]
    first = [r for r in rows if r[0] == "1"]
    assert [(r[3], r[4]) for r in first] == [
        ("For", "4"),
        ("Against", "1"),
        ("Abstain", "1"),
        ("blank", "0"),
        # A weighted count of classes of 4 and 2 voters: its totals may reveal their votes.
        ("secrecy", ""),
    ]
    assert {r[7] for r in first[:4]} == {"Carried"}
    assert "may reveal how the members of Service users and carers, Workers" in first[4][7]
    second = {r[3]: (r[4], r[6]) for r in rows if r[0] == "2"}
    assert second == {
        "Minibus": ("4", "yes"),
        "Garden": ("3", "yes"),
        "Training": ("1", ""),
        "blank": ("1", ""),
    }
    stv = question_of(ballot, 3).result
    assert stv is not None
    third = {r[3]: r[6] for r in rows if r[0] == "3"}
    assert {name for name, chosen in third.items() if chosen == "yes"} == set(stv["elected"])
    assert ["turnout", "", "", "All members", "6", "", "", "100.0% of 6"] in rows


@pytest.mark.django_db
def test_recount_kit_holds_papers_blt_and_rules(
    client: Client, scrutineer: User, organisation: Organisation
) -> None:
    ballot, _codes = counted_full_ballot(organisation)
    client.force_login(scrutineer)

    response = client.get(url("recount_kit", ballot))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    kit = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(kit.namelist()) == ["papers.csv", "question-3.blt", "rules.json"]
    papers = list(csv.reader(io.StringIO(kit.read("papers.csv").decode())))
    # The multiset: each distinct content on a question and how many papers had it; no
    # channel, and no member class either: the classes had 4 and 2 voters.
    assert papers[0] == ["question", "choices", "papers"]
    assert sum(int(row[2]) for row in papers[1:]) == 6 * 3
    election = parse_blt(kit.read("question-3.blt").decode())
    assert election.seats == 2
    assert list(election.candidates) == ["Alun Ap", "Bethan Bell", "Carys Cole", "Dafydd Du"]
    assert sum(b.weight for b in election.ballots) == 6
    rules = json.loads(kit.read("rules.json"))
    assert rules["seed"] == ballot.stv_seed
    assert [q["kind"] for q in rules["questions"]] == ["resolution", "choice", "stv"]


@pytest.mark.django_db
def test_scrutiny_page_shows_who_voted_but_never_what(
    client: Client, scrutineer: User, organisation: Organisation
) -> None:
    people = voters(organisation, 2)
    ballot = resolution_ballot(organisation)
    options = options_of(ballot, 1)
    question = question_of(ballot, 1).pk
    cast(ballot, people[0], {question: [options["for"]]})
    cast(ballot, people[1], {question: [options["against"]]})
    client.force_login(scrutineer)

    html = text(client.get(url("scrutiny", ballot)))

    assert "ballot.open" in html
    assert f"Member {people[0].number} · room" in html
    assert f"Member {people[1].number} · room" in html
    audit = html.split('id="audit"')[1]
    assert "against" not in audit.lower()
    assert f"&#x27;option&#x27;: {options['for']}" not in audit
    assert "The recount kit can be downloaded once the ballot has closed." in html
    assert Receipt.objects.filter(ballot=ballot).count() == 2
