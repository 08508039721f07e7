"""Closing and counting (`voting.services.ballot_close`, `ballot_record_casting_vote`,
`ballot_publish`): the paper count must agree, results follow the rules version."""

from __future__ import annotations

import base64
import datetime as dt
import os

import pytest
from django.core import mail

from coop.core.models import User
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import sealing, services
from voting.models import (
    Ballot,
    BallotKey,
    CountedPaper,
    Participation,
    Question,
    Receipt,
    SealedPaper,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain(db):
    """No class weights; the chair has a casting vote."""
    return vf.unweighted_cooperative()


def close(ballot: Ballot, actor: User | None = None) -> Ballot:
    services.ballot_close(ballot=ballot, actor=actor)
    ballot.refresh_from_db()
    return ballot


def result(question: Question) -> dict:
    question.refresh_from_db()
    return question.result


# --- The count must agree ---------------------------------------------------------------------


def test_closing_with_an_extra_paper_is_refused_and_changes_nothing(organisation):
    voters = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter in voters:
        vf.vote(ballot, voter, question, "for")
    # A paper slipped in outside the services, sealed with the ballot's key.
    vf.slip_in(ballot, sealing.Content(None, {question.pk: []}))
    papers_before = vf.sealed_rows(ballot)

    with vf.refused(
        "status",
        "The ballot cannot close: question 1 has 3 papers but 2 members "
        "voted. Nothing has been changed",
    ):
        services.ballot_close(ballot=ballot, actor=None)

    ballot.refresh_from_db()
    assert (ballot.status, ballot.closed_at) == ("open", None)
    # The sealed papers and the key are as they were; nothing counted, no result stored.
    assert vf.sealed_rows(ballot) == papers_before
    assert BallotKey.objects.get(ballot=ballot).wrapped is not None
    assert not CountedPaper.objects.filter(ballot=ballot).exists()
    assert result(question) is None


def test_a_paper_forged_without_the_key_stops_the_close(organisation):
    """Whoever holds only the database cannot forge a paper: it does not open."""
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voter, question, "for")
    [row] = SealedPaper.objects.filter(ballot=ballot)
    forged = bytearray(bytes(row.sealed))
    forged[-1] ^= 1
    SealedPaper.objects.filter(ballot=ballot).delete()
    SealedPaper.objects.create(ballot_id=ballot.pk, sealed=bytes(forged))
    before = vf.state(ballot)

    with vf.refused("status", "a sealed paper does not open with the ballot's key"):
        services.ballot_close(ballot=ballot, actor=None)
    assert vf.state(ballot) == before


@pytest.mark.parametrize("tamper", ["option", "choices", "member_class", "question"])
def test_closing_with_a_paper_naming_something_not_on_the_ballot_is_refused(
    organisation, other_organisation, tamper
):
    """A sealed paper carries no reference the database could check, so closing checks every
    reference itself: a paper sealed by hand with the ballot's key stops the close."""
    voters = [mf.member(organisation) for _ in range(2)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.resolution(ballot)
    election = vf.stv(ballot)
    ballot = vf.open_ballot(ballot)
    for voter in voters[1:]:
        ids = vf.options(question)
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={
                question.pk: [ids["for"]],
                election.pk: list(vf.options(election).values()),
            },
            channel="room",
            actor=None,
        )
    elsewhere, stranger = vf.resolution_ballot(other_organisation, is_open=False)
    foreign_option = vf.options(stranger)["for"]
    ranking = list(vf.options(election).values())
    choices = {question.pk: [vf.options(question)["for"]], election.pk: ranking}
    member_class = voters[0].member_class_id
    if tamper == "option":
        choices[question.pk] = [foreign_option]
    elif tamper == "choices":
        choices[election.pk] = [foreign_option]
    elif tamper == "member_class":
        member_class = mf.member_class(other_organisation, "workers").pk
    else:
        choices[stranger.pk] = choices.pop(question.pk)
    # The tampered paper stands for the first voter's vote (their participation says so).
    Participation.objects.filter(ballot=ballot, member=voters[0]).update(
        has_voted=True, voted_on=dt.date(2025, 1, 1), channel="room"
    )
    Receipt.objects.create(ballot=ballot, code="TAMPR-ED001")
    vf.slip_in(ballot, sealing.Content(member_class, choices))
    papers_before = vf.sealed_rows(ballot)

    with vf.refused("status", "a paper names a question, choice or member that is not on"):
        services.ballot_close(ballot=ballot, actor=None)
    ballot.refresh_from_db()
    assert ballot.status == "open"
    assert vf.sealed_rows(ballot) == papers_before
    assert elsewhere.status == "draft"


def test_closing_with_a_missing_paper_is_refused(organisation):
    voters = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter in voters:
        vf.vote(ballot, voter, question, "for")
    SealedPaper.objects.filter(pk=SealedPaper.objects.filter(ballot=ballot).first().pk).delete()
    with vf.refused("status", "question 1 has 1 papers but 2 members voted"):
        services.ballot_close(ballot=ballot, actor=None)


def test_a_missing_or_wrong_ballot_key_refuses_the_close_and_loses_nothing(organisation, settings):
    voters = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter in voters:
        vf.vote(ballot, voter, question, "for")
    before = vf.state(ballot)

    settings.CYD_BALLOT_KEY = ""
    with vf.refused("status", "CYD_BALLOT_KEY is not set"):
        services.ballot_close(ballot=ballot, actor=None)
    assert vf.state(ballot) == before
    settings.CYD_BALLOT_KEY = base64.urlsafe_b64encode(bytes(32)).decode()
    with vf.refused("status", "CYD_BALLOT_KEY is not the key that sealed this ballot"):
        services.ballot_close(ballot=ballot, actor=None)
    assert vf.state(ballot) == before

    settings.CYD_BALLOT_KEY = os.environ["CYD_BALLOT_KEY"]
    services.ballot_close(ballot=ballot, actor=None)
    assert result(question)["votes"]["for"] == 2


def test_closing_destroys_the_key_and_the_sealed_papers(organisation):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter, pick in zip(voters, ["for", "for", "against"], strict=True):
        vf.vote(ballot, voter, question, pick)

    services.ballot_close(ballot=ballot, actor=None)

    key = BallotKey.objects.get(ballot=ballot)
    assert (key.wrapped, key.destroyed_at is not None) == (None, True)
    assert not SealedPaper.objects.filter(ballot=ballot).exists()
    ids = vf.options(question)
    classes = {v.member_class_id for v in voters}
    counted = vf.counted(ballot, question)
    assert sum(counted.values()) == 3
    assert {choices for _c, choices in counted} == {(ids["for"],), (ids["against"],)}
    assert {c for c, _choices in counted} <= classes  # the classes are weighed here


def test_cancelling_a_secret_ballot_destroys_its_key(organisation):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voter, question, "for")
    assert vf.sealed_rows(ballot)
    services.ballot_cancel(ballot=ballot, reason="Called in error", actor=None)
    assert BallotKey.objects.get(ballot=ballot).wrapped is None
    assert not SealedPaper.objects.filter(ballot=ballot).exists()


def test_closing_with_a_receipt_too_many_is_refused(organisation):
    voters = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter in voters:
        vf.vote(ballot, voter, question, "for")
    Receipt.objects.create(ballot=ballot, code="AAAAA-BBBBB")
    with vf.refused("status", "The ballot cannot close: 3 receipts were issued for 2 votes."):
        services.ballot_close(ballot=ballot, actor=None)


def test_closing_a_draft_is_refused(organisation):
    ballot, _question = vf.resolution_ballot(organisation, is_open=False)
    with vf.refused("status", "cannot become"):
        services.ballot_close(ballot=ballot, actor=None)


def test_closing_counts_and_audits(organisation, secretary):
    voters = [mf.member(organisation, cls="workers") for _ in range(3)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter, pick in zip(voters, ("for", "for", "against"), strict=True):
        vf.vote(ballot, voter, question, pick)
    mark = mf.last_event_id()
    ballot = close(ballot, secretary)
    assert ballot.status == "closed"
    assert ballot.closed_at is not None
    [event] = mf.events_since(mark)
    assert (event.action, event.actor_id, event.after) == (
        "ballot.close",
        secretary.pk,
        {"status": "closed", "outcomes": {"1": "carried"}},
    )
    # 2 for, 1 against of one class: 2/3 > 1/2 → carried.
    data = result(question)
    assert data["outcome"] == "carried"
    assert data["votes"] == {"for": 2, "against": 1, "abstain": 0, "blank": 0}
    assert data["turnout"] == {"voted": 3, "electorate": 3, "percent": "100.00"}
    assert data["rule"]["resolution_type"] == "ordinary"
    assert data["threshold"] == "more_than_half"


# --- Counting by the rules ------------------------------------------------------------------------


def test_class_weights_of_the_rules_are_applied(organisation):
    # Rules: users 40%, workers 40% fixed; supporters hold the other 20%.
    # 1 user for, 2 workers for, 5 supporters against (8 votes).
    # Users: 40% of 8 = 3.2 → 3.2 for; workers 3.2 → 1.6 each → 3.2 for;
    # supporters 20% of 8 = 1.6 against. For 6.4 of 8 = 80% → carried, although 5 of the 8
    # members voted against.
    users = [mf.member(organisation, cls="users")]
    workers = [mf.member(organisation, cls="workers") for _ in range(2)]
    supporters = [mf.member(organisation, cls="supporters") for _ in range(5)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter in users + workers:
        vf.vote(ballot, voter, question, "for")
    for voter in supporters:
        vf.vote(ballot, voter, question, "against")
    close(ballot)
    data = result(question)
    assert data["votes"] == {"for": 3, "against": 5, "abstain": 0, "blank": 0}
    assert data["weighted"] == {"for": "6.40000", "against": "1.60000", "abstain": "0.00000"}
    assert data["share_for_percent"] == "80.00"
    assert data["is_weighted"] is True
    assert data["outcome"] == "carried"
    assert {c["class"]: c["multiplier"] for c in data["classes"]} == {
        "users": "3.20000",
        "workers": "1.60000",
        "supporters": "0.32000",
    }


def test_a_special_resolution_needs_two_thirds(plain):
    voters = [mf.member(plain) for _ in range(5)]
    ballot, question = vf.resolution_ballot(plain, code="special")
    # 3 for, 2 against: 60% < 66.67% → not carried.
    for voter, pick in zip(voters, ["for"] * 3 + ["against"] * 2, strict=True):
        vf.vote(ballot, voter, question, pick)
    close(ballot)
    data = result(question)
    assert (data["outcome"], data["reasons"], data["share_for_percent"]) == (
        "lost",
        ["threshold"],
        "60.00",
    )


def test_a_tie_waits_for_the_chairs_casting_vote_before_publishing(plain, secretary):
    for_, against = mf.member(plain), mf.member(plain)
    ballot, question = vf.resolution_ballot(plain)
    vf.vote(ballot, for_, question, "for")
    vf.vote(ballot, against, question, "against")
    close(ballot)
    assert result(question)["outcome"] == "awaiting_casting_vote"

    with vf.refused("casting_vote", "Question 1 is tied: record the chair's casting vote first."):
        services.ballot_publish(ballot=ballot, actor=secretary)
    with vf.refused("casting_vote", "Choose for or against."):
        services.ballot_record_casting_vote(question=question, vote="maybe", actor=secretary)

    mark = mf.last_event_id()
    services.ballot_record_casting_vote(question=question, vote="for", actor=secretary)
    data = result(question)
    assert (data["outcome"], data["reasons"], data["casting_vote"]) == (
        "carried",
        ["tie", "casting_vote"],
        "for",
    )
    [event] = mf.events_since(mark)
    assert (event.action, event.after) == (
        "ballot.casting_vote",
        {"question": 1, "casting_vote": "for", "outcome": "carried"},
    )
    with vf.refused("casting_vote", "not tied"):
        services.ballot_record_casting_vote(question=question, vote="against", actor=secretary)

    services.ballot_publish(ballot=ballot, actor=secretary)
    ballot.refresh_from_db()
    assert ballot.status == "published"
    assert ballot.published_at is not None


def test_a_casting_vote_only_after_close(plain):
    voters = [mf.member(plain) for _ in range(2)]
    ballot, question = vf.resolution_ballot(plain)
    vf.vote(ballot, voters[0], question, "for")
    with vf.refused("casting_vote", "A casting vote is recorded after the ballot closes"):
        services.ballot_record_casting_vote(question=question, vote="for", actor=None)


def test_a_tie_is_lost_where_the_rules_give_no_casting_vote(organisation):
    voters = [mf.member(organisation, cls="workers") for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voters[0], question, "for")
    vf.vote(ballot, voters[1], question, "against")
    close(ballot)
    data = result(question)
    assert (data["outcome"], data["reasons"], data["chair_casting_vote"]) == (
        "lost",
        ["tie"],
        False,
    )
    with vf.refused("casting_vote", "not tied, or the rules give the chair no casting vote"):
        services.ballot_record_casting_vote(question=question, vote="for", actor=None)


def test_publishing_sends_the_results_after_commit(
    plain, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    voter = mf.member(plain)
    ballot, question = vf.resolution_ballot(plain)
    vf.vote(ballot, voter, question, "for")
    close(ballot)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.ballot_publish(ballot=ballot, actor=None)
    assert len(callbacks) == 1
    assert Ballot.objects.get(pk=ballot.pk).status == "published"
    # One results email to the voter, who gave their address for voting.
    assert [m.to for m in mail.outbox] == [[voter.email]]


def test_a_choice_is_counted_at_close(plain):
    voters = [mf.member(plain) for _ in range(4)]
    ballot = vf.ballot(plain, allow_in_room=True)
    question = vf.choice(ballot, labels=("Ash", "Birch", "Cedar"), seats=1)
    ballot = vf.open_ballot(ballot)
    for voter, pick in zip(voters, ("Birch", "Ash", "Birch", None), strict=True):
        if pick:
            vf.vote(ballot, voter, question, pick)
        else:
            vf.vote(ballot, voter, question)  # a blank paper
    close(ballot)
    ids = vf.options(question)
    data = result(question)
    assert data["counts"] == {str(ids["Ash"]): 1, str(ids["Birch"]): 2, str(ids["Cedar"]): 0}
    assert (data["elected"], data["blank"], data["tie_broken_by_lot"]) == ([ids["Birch"]], 1, False)


def test_an_stv_election_is_counted_at_close(plain):
    # 5 voters, 1 seat, candidates A, B, C. Quota = floor(5 / 2) + 1 = 3.
    # Firsts: A 2, B 2, C 1 → no one has 3; C (fewest) is excluded and their paper goes to
    # its next preference B → B 3 = quota → B elected.
    voters = [mf.member(plain) for _ in range(5)]
    ballot = vf.ballot(plain, allow_in_room=True)
    question = vf.stv(ballot, candidates=("A", "B", "C"), seats=1)
    ballot = vf.open_ballot(ballot)
    rankings = [("A",), ("A", "C"), ("B",), ("B", "A"), ("C", "B")]
    for voter, ranking in zip(voters, rankings, strict=True):
        vf.vote(ballot, voter, question, *ranking)
    close(ballot)
    data = result(question)
    assert data["elected"] == ["B"]
    assert data["quota"] == "3.00000"
    assert data["papers"] == 5


def test_a_show_of_hands_is_counted_with_the_papers(plain):
    voters = [mf.member(plain) for _ in range(4)]
    ballot, question = vf.resolution_ballot(plain)
    ids = vf.options(question)
    vf.vote(ballot, voters[0], question, "against")
    clerk = User.objects.create_user(
        email="c@example.org", password="correct horse battery", full_name="Clerk"
    )
    services.hands_record(
        question=question, counts={ids["for"]: 2}, present_members=voters, actor=clerk
    )
    close(ballot)
    data = result(question)
    # 3 present had not voted: 2 hands for, 1 raised no hand (blank). Plus 1 paper against.
    assert data["votes"] == {"for": 2, "against": 1, "abstain": 0, "blank": 1}
    assert data["outcome"] == "carried"
    assert data["turnout"]["voted"] == 4
