"""The member's pages: the ballot list, the ballot's page, and voting online one question per
screen, with the check page, the cast and the receipt.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import User
from membership import services as membership_services
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.voting.test_pages_setup import (  # noqa: F401 - language_reset is a fixture
    cast,
    counts,
    full_ballot,
    language_reset,
    options_of,
    question_of,
    receipt_code_in,
    resolution_ballot,
    text,
    url,
    voters,
)
from voting import services
from voting.models import Ballot, Participation, Receipt


@pytest.fixture
def member_client(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


# --- The list and the ballot page ------------------------------------------------------------


@pytest.mark.django_db
def test_ballot_list_shows_each_ballot_with_the_members_status(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    open_ballot = resolution_ballot(organisation, title="Open ballot")
    voted = resolution_ballot(organisation, title="Voted ballot")
    cast(voted, member_record, {question_of(voted, 1).pk: [options_of(voted, 1)["for"]]})
    draft = resolution_ballot(organisation, title="Draft ballot", open_=False)
    services.ballot_schedule(
        ballot=open_ballot,
        opens_at=open_ballot.opens_at,
        closes_at=timezone.now() + dt.timedelta(days=3),
        actor=None,
    )

    response = member_client.get(reverse("voting:list", args=[organisation.slug]))

    html = text(response)
    assert response.status_code == 200
    assert "Open ballot" in html
    assert "You can vote until" in html
    assert "You voted (paper vote in the room)." in html
    assert f"ballot-{draft.pk}" not in html
    assert "New ballot" not in html


@pytest.mark.django_db
def test_ballot_list_for_the_secretary_has_drafts_and_a_new_ballot_button(
    client: Client, secretary: User, organisation: Organisation
) -> None:
    draft = resolution_ballot(organisation, title="Draft ballot", open_=False)
    client.force_login(secretary)

    html = text(client.get(reverse("voting:list", args=[organisation.slug])))

    assert f"ballot-{draft.pk}" in html
    assert 'id="new-ballot"' in html


@pytest.mark.django_db
def test_ballot_list_says_why_a_member_cannot_vote(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation, open_=False)
    membership_services.member_suspend(member=member_record, reason="Arrears", actor=None)
    services.ballot_open(ballot=ballot, actor=None)

    html = text(member_client.get(reverse("voting:list", args=[organisation.slug])))

    assert "You cannot vote. Your membership is suspended." in html


@pytest.mark.django_db
def test_ballot_list_query_count_is_pinned(
    member_client: Client, organisation: Organisation, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        resolution_ballot(organisation, title=f"Ballot {n}")
    # Session, user, organisation, roles, ballots (count and page), the members the user
    # votes for (own, represented): 8; then one status per ballot shown (20 at most a page).
    with django_assert_max_num_queries(11):
        response = member_client.get(reverse("voting:list", args=[organisation.slug]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_ballot_page_shows_status_turnout_and_start_button(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    voters(organisation, 2)
    ballot = resolution_ballot(organisation)

    response = member_client.get(url("ballot", ballot))

    html = text(response)
    assert response.status_code == 200
    assert "Adopt the plan" in html
    assert "Shall we adopt the five-year plan?" in html
    assert "You can vote now." in html
    assert 'id="start-voting"' in html
    assert "0 of 3 members who may vote have voted (0.0%)." in html


@pytest.mark.django_db
def test_turnout_of_an_electorate_of_one_is_in_the_singular(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation)

    html = text(member_client.get(url("ballot", ballot)))

    assert "0 of 1 member who may vote has voted (0.0%)." in html


@pytest.mark.django_db
def test_ballot_page_before_close_shows_no_vote_counts(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    people = voters(organisation, 4)
    ballot = resolution_ballot(organisation)
    question = question_of(ballot, 1)
    options = options_of(ballot, 1)
    for member, code in zip(people, ["for", "for", "for", "against"], strict=True):
        cast(ballot, member, {question.pk: [options[code]]})

    html = text(member_client.get(url("ballot", ballot)))
    hidden = text(member_client.get(url("results", ballot)))

    for page in (html, hidden):
        assert "4 of 5 members who may vote have voted (80.0%)." in page
        assert "Carried" not in page
        assert 'role="img"' not in page
        assert "question-1-sentence" not in page
        assert "Votes on question" not in page
        assert ">3<" not in page
    assert "The results are kept hidden until voting closes" in hidden


@pytest.mark.django_db
def test_ballot_page_of_a_member_organisation_representative_lists_both_members(
    client: Client, organisation: Organisation, member: User, member_record: Member
) -> None:
    coop = mf.member(
        organisation, name="Aber Care Ltd", kind=Member.Kind.ORGANISATION, cls="supporters"
    )
    membership_services.representative_add(
        member=coop, name="Meinir Member", started_on=dt.date(2020, 2, 1), user=member, actor=None
    )
    ballot = resolution_ballot(organisation)
    client.force_login(member)

    start = client.get(url("vote_start", ballot))

    html = text(start)
    assert start.status_code == 200
    assert "Who are you voting for?" in html
    assert "Aber Care Ltd (member organisation" in html
    assert "Yourself: Meinir Member" in html
    response = client.post(url("vote_start", ballot), {"member": coop.pk})
    assert response.status_code == 302
    assert response["Location"] == url("vote_question", ballot, 1)
    assert "You are voting for Aber Care Ltd." in text(client.get(url("vote_question", ballot, 1)))


# --- Voting, screen by screen -----------------------------------------------------------------


def answer_every_screen(
    client: Client, ballot: Ballot, resolution: dict, choice: dict, stv: dict
) -> HttpResponse:
    """Start, and answer the three questions of the full ballot screen by screen (each screen
    as a member sees it); the last answer's response."""
    start = client.get(url("vote_start", ballot))
    assert start.status_code == 302
    assert start["Location"] == url("vote_question", ballot, 1)

    first = client.get(url("vote_question", ballot, 1))
    assert first.status_code == 200
    html = text(first)
    assert "Question 1 of 3" in html
    assert 'type="radio"' in html
    assert "Approve the accounts?" in html
    step = client.post(url("vote_question", ballot, 1), {"question_1": resolution["for"]})
    assert step["Location"] == url("vote_question", ballot, 2)

    second = text(client.get(url("vote_question", ballot, 2)))
    assert 'type="checkbox"' in second
    assert "Choose up to 2." in second
    step = client.post(
        url("vote_question", ballot, 2), {"question_2": [choice["Minibus"], choice["Training"]]}
    )
    assert step["Location"] == url("vote_question", ballot, 3)

    third = text(client.get(url("vote_question", ballot, 3)))
    assert "1st preference" in third
    assert "4th preference" in third
    assert "<select" in third
    step = client.post(
        url("vote_question", ballot, 3),
        {
            "question_3_rank_1": stv["Carys Cole"],
            "question_3_rank_2": stv["Alun Ap"],
            "question_3_rank_3": "",
            "question_3_rank_4": "",
        },
    )
    return step


@pytest.mark.django_db
def test_member_votes_through_every_screen(
    member_client: Client,
    organisation: Organisation,
    member_record: Member,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    ballot = full_ballot(organisation)
    resolution, choice, stv = (options_of(ballot, n) for n in (1, 2, 3))
    before = counts()

    step = answer_every_screen(member_client, ballot, resolution, choice, stv)
    assert step["Location"] == url("vote_confirm", ballot)
    assert counts() == before  # nothing written until the vote is cast

    check = member_client.get(url("vote_confirm", ballot))
    html = text(check)
    assert check.status_code == 200
    assert "For" in html
    assert "Minibus" in html
    assert "Training" in html
    assert "1. Carys Cole" in html
    assert "2. Alun Ap" in html
    assert html.count(">Change<") == 3
    assert 'id="cast"' in html

    with django_capture_on_commit_callbacks(execute=True):
        done = member_client.post(url("vote_confirm", ballot))
    assert done.status_code == 302
    assert done["Location"] == url("vote_receipt", ballot)

    receipt = member_client.get(url("vote_receipt", ballot))
    code = receipt_code_in(text(receipt))
    assert receipt.status_code == 200
    assert "Your vote has been cast" in text(receipt)
    assert Receipt.objects.filter(ballot=ballot, code=code).exists()
    assert vf.paper_count(ballot) == 3
    participation = Participation.objects.get(ballot=ballot, member=member_record)
    assert participation.has_voted
    assert participation.channel == "online"
    [paper] = vf.opened_papers(ballot)
    positions = dict(ballot.questions.values_list("pk", "position"))
    papers = {positions[q]: list(c) for q, c in paper.choices.items()}
    assert papers == {
        1: [resolution["for"]],
        2: [choice["Minibus"], choice["Training"]],
        3: [stv["Carys Cole"], stv["Alun Ap"]],
    }
    # The receipt email, in the member's language.
    assert [m.to for m in mailoutbox] == [[member_record.email]]
    assert code in mailoutbox[0].body

    # The code is shown once: a second visit goes back to the ballot.
    again = member_client.get(url("vote_receipt", ballot))
    assert again.status_code == 302
    assert again["Location"] == url("ballot", ballot)
    assert code not in text(member_client.get(url("ballot", ballot)))
    assert "You voted (online)." in text(member_client.get(url("ballot", ballot)))


@pytest.mark.django_db
def test_answers_are_kept_between_screens_and_can_be_changed(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = full_ballot(organisation)
    resolution, choice, stv = (options_of(ballot, n) for n in (1, 2, 3))
    member_client.get(url("vote_start", ballot))
    member_client.post(url("vote_question", ballot, 1), {"question_1": resolution["against"]})
    member_client.post(url("vote_question", ballot, 2), {"question_2": [choice["Garden"]]})
    member_client.post(url("vote_question", ballot, 3), {"question_3_rank_1": stv["Dafydd Du"]})

    back = text(member_client.get(url("vote_question", ballot, 1)))
    assert re.search(rf'value="{resolution["against"]}"[^>]*checked', back)
    assert not re.search(rf'value="{resolution["for"]}"[^>]*checked', back)
    member_client.post(url("vote_question", ballot, 1), {"question_1": resolution["abstain"]})
    check = text(member_client.get(url("vote_confirm", ballot)))
    assert "Abstain" in check
    assert "1. Dafydd Du" in check


@pytest.mark.django_db
def test_the_check_page_sends_you_to_a_question_not_answered(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = full_ballot(organisation)
    member_client.get(url("vote_start", ballot))
    member_client.post(
        url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]}
    )

    response = member_client.get(url("vote_confirm", ballot))

    assert response.status_code == 302
    assert response["Location"] == url("vote_question", ballot, 2)
