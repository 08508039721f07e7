"""The member's voting pages refuse what cannot be done, saying why (400, nothing written):
bad answers, voting twice, before the ballot opens or after it closes, without a vote; and
the pages in Welsh, the published receipt codes, the bid manager who sees no ballots.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import User
from membership.models import Member, Organisation
from tests.factories import membership as mf
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
from voting.models import Ballot


@pytest.fixture
def member_client(client: Client, member: User) -> Client:
    client.force_login(member)
    return client


# --- Bad input: 400, the field's error, nothing written ---------------------------------------


@pytest.mark.django_db
def test_ranking_the_same_candidate_twice_is_refused(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = full_ballot(organisation)
    stv = options_of(ballot, 3)
    member_client.get(url("vote_start", ballot))
    before = counts()

    response = member_client.post(
        url("vote_question", ballot, 3),
        {
            "question_3_rank_1": stv["Bethan Bell"],
            "question_3_rank_2": stv["Alun Ap"],
            "question_3_rank_3": stv["Bethan Bell"],
        },
    )

    html = text(response)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert (
        "You have ranked the same candidate more than once: Bethan Bell is your 1st and "
        "your 3rd preference."
    ) in html
    assert 'href="#id_question_3_rank_3"' in html
    assert counts() == before
    member_client.post(
        url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]}
    )
    member_client.post(url("vote_question", ballot, 2), {"question_2": []})
    # The refused ranking was not kept: the check page asks for question 3 again.
    assert member_client.get(url("vote_confirm", ballot))["Location"] == url(
        "vote_question", ballot, 3
    )


@pytest.mark.django_db
def test_a_gap_in_the_preferences_is_refused(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = full_ballot(organisation)
    stv = options_of(ballot, 3)
    member_client.get(url("vote_start", ballot))

    response = member_client.post(
        url("vote_question", ballot, 3),
        {"question_3_rank_1": stv["Bethan Bell"], "question_3_rank_3": stv["Alun Ap"]},
    )

    assert response.status_code == 400
    assert "You gave a 3rd preference but left your 2nd preference empty." in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_2": ["MINIBUS", "GARDEN", "TRAINING"]}, "Choose at most 2 in question 2."),
        ({"question_2": ["999999"]}, "That choice is not on the paper for question 2."),
    ],
)
def test_bad_choices_are_refused(
    member_client: Client, organisation: Organisation, data: dict[str, list[str]], message: str
) -> None:
    ballot = full_ballot(organisation)
    choice = options_of(ballot, 2)
    names = {"MINIBUS": "Minibus", "GARDEN": "Garden", "TRAINING": "Training"}
    data = {"question_2": [str(choice[names[v]]) if v in names else v for v in data["question_2"]]}
    member_client.get(url("vote_start", ballot))
    before = counts()

    response = member_client.post(url("vote_question", ballot, 2), data)

    assert response.status_code == 400
    assert message in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_resolution_needs_an_answer(member_client: Client, organisation: Organisation) -> None:
    ballot = resolution_ballot(organisation)
    member_client.get(url("vote_start", ballot))

    response = member_client.post(url("vote_question", ballot, 1), {})

    assert response.status_code == 400
    assert "Choose for, against or abstain." in text(response)


@pytest.mark.django_db
def test_voting_twice_is_refused_and_writes_nothing(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation, allow_in_room=True)
    options = options_of(ballot, 1)
    member_client.get(url("vote_start", ballot))
    member_client.post(url("vote_question", ballot, 1), {"question_1": options["for"]})
    # Meanwhile the secretary enters a paper vote for the same member in the room.
    cast(ballot, member_record, {question_of(ballot, 1).pk: [options["against"]]})
    before = counts()

    response = member_client.post(url("vote_confirm", ballot))

    assert response.status_code == 400
    assert (
        f"A vote has already been recorded for member {member_record.number} "
        "(Paper vote in the room). Each member votes once."
    ) in text(response)
    assert counts() == before
    again = member_client.get(url("vote_start", ballot))
    assert again.status_code == 400
    assert "You voted (paper vote in the room)." in text(again)


@pytest.mark.django_db
def test_the_service_refusal_at_cast_is_shown_on_the_question(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = full_ballot(organisation)
    choice = options_of(ballot, 2)
    member_client.get(url("vote_start", ballot))
    member_client.post(
        url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]}
    )
    member_client.post(url("vote_question", ballot, 2), {"question_2": [choice["Garden"]]})
    member_client.post(url("vote_question", ballot, 3), {})
    # The answer kept in the session no longer fits the paper (it was tampered with).
    session = member_client.session
    key = f"cyd-vote-{ballot.pk}"
    state = session[key]
    state["answers"][str(question_of(ballot, 2).pk)] = [choice["Garden"], 424242]
    session[key] = state
    session.save()
    before = counts()

    response = member_client.post(url("vote_confirm", ballot))

    assert response.status_code == 400
    assert "That choice is not on the paper for question 2." in text(response)
    assert "Question 2 of 3" in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_voting_before_the_ballot_opens_is_refused(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation, open_=False)

    # The member cannot even see a draft.
    assert member_client.get(url("vote_start", ballot)).status_code == 404
    assert member_client.get(url("vote_question", ballot, 1)).status_code == 404


@pytest.mark.django_db
def test_voting_after_close_is_refused(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation)
    member_client.get(url("vote_start", ballot))
    member_client.post(
        url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]}
    )
    services.ballot_close(ballot=ballot, actor=None)
    before = counts()

    response = member_client.post(url("vote_confirm", ballot))

    assert response.status_code == 400
    assert "Voting has closed." in text(response)
    assert counts() == before
    assert member_client.get(url("vote_question", ballot, 1)).status_code == 400


@pytest.mark.django_db
def test_voting_after_the_closing_time_is_refused(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)
    closes = timezone.now() + dt.timedelta(hours=1)
    services.ballot_schedule(ballot=ballot, opens_at=ballot.opens_at, closes_at=closes, actor=None)
    member_client.get(url("vote_start", ballot))
    member_client.post(
        url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]}
    )
    before = counts()

    with time_machine.travel(closes + dt.timedelta(minutes=1)):
        response = member_client.post(url("vote_confirm", ballot))

    assert response.status_code == 400
    assert "Voting closed at" in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_member_who_may_not_vote_is_told_why(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = services.ballot_create(
        organisation=organisation,
        title="Workers only",
        record_date=dt.date(2024, 1, 1),
        eligible_classes=[mf.member_class(organisation, "workers")],
        actor=None,
    )
    services.question_add(
        ballot=ballot,
        kind="resolution",
        text="Pay rise?",
        resolution_type=organisation.rules_versions.first().resolution_types.get(code="ordinary"),
        actor=None,
    )
    mf.member(organisation, cls="workers")
    services.ballot_open(ballot=ballot, actor=None)
    before = counts()

    page = text(member_client.get(url("ballot", ballot)))
    response = member_client.get(url("vote_start", ballot))

    assert "You cannot vote. Your member class does not vote in this ballot." in page
    assert 'id="start-voting"' not in page
    assert response.status_code == 400
    assert "Your member class does not vote in this ballot." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_ballot_that_takes_no_online_votes_refuses_them(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation, allow_online=False, allow_in_room=True)

    response = member_client.get(url("vote_start", ballot))

    assert response.status_code == 400
    assert "This ballot does not take votes online." in text(response)


@pytest.mark.django_db
def test_question_pages_without_starting_go_to_the_start(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)

    response = member_client.get(url("vote_question", ballot, 1))

    assert response.status_code == 302
    assert response["Location"] == url("vote_start", ballot)


@pytest.mark.django_db
def test_a_question_that_is_not_on_the_paper_is_not_found(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)
    member_client.get(url("vote_start", ballot))

    assert member_client.get(url("vote_question", ballot, 2)).status_code == 404


@pytest.mark.django_db
def test_the_pages_speak_welsh_for_a_welsh_member(
    member_client: Client, organisation: Organisation, member: User
) -> None:
    member.preferred_language = "cy"
    member.save()
    ballot = resolution_ballot(organisation)
    member_client.get(url("vote_start", ballot))

    html = text(member_client.get(url("vote_question", ballot, 1)))

    assert '<html lang="cy"' in html
    assert "Mabwysiadu&#x27;r cynllun pum mlynedd?" in html
    assert "O blaid" in html
    assert "Yn erbyn" in html


@pytest.mark.django_db
def test_receipt_code_is_in_the_published_list(
    member_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation)
    member_client.get(url("vote_start", ballot))
    member_client.post(
        url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]}
    )
    member_client.post(url("vote_confirm", ballot))
    code = receipt_code_in(text(member_client.get(url("vote_receipt", ballot))))
    services.ballot_close(ballot=ballot, actor=None)

    hidden = member_client.get(url("results", ballot), {"code": code})
    # Closed but not published: members see no results and no list yet.
    assert "is in the list" not in text(hidden)
    assert 'id="receipt-list"' not in text(hidden)
    services.ballot_publish(ballot=Ballot.objects.get(pk=ballot.pk), actor=None)

    found = text(
        member_client.get(url("results", ballot), {"code": code.lower().replace("-", " ")})
    )
    missing = text(member_client.get(url("results", ballot), {"code": "AAAAA-AAAAA"}))

    assert f"{code} is in the list." in found
    assert "AAAAA-AAAAA is not in the list." in missing


@pytest.mark.django_db
def test_after_the_closing_time_the_ballot_page_offers_no_vote(
    member_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)
    closes = timezone.now() + dt.timedelta(hours=1)
    services.ballot_schedule(ballot=ballot, opens_at=None, closes_at=closes, actor=None)

    with time_machine.travel(closes + dt.timedelta(minutes=1)):
        html = text(member_client.get(url("ballot", ballot)))

    assert "Voting closed at" in html
    assert 'id="start-voting"' not in html


@pytest.mark.django_db
def test_a_bid_manager_sees_no_ballots(
    client: Client, bid_manager: User, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)
    client.force_login(bid_manager)

    assert client.get(reverse("voting:list", args=[organisation.slug])).status_code == 404
    assert client.get(url("ballot", ballot)).status_code == 404
