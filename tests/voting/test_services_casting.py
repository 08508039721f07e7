"""Casting votes (`voting.services.ballot_cast`, `ballot_cast_proxy`, `hands_record`).

Every refusal names the field and the rule and changes nothing (papers, receipts,
participations, proxies, audit events); every vote leaves one audit event that says who
voted and how, never what they chose.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership.models import Member
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Ballot, BallotPaper, Participation, Receipt, SealedPaper

pytestmark = pytest.mark.django_db


def make_user(email: str) -> User:
    return User.objects.create_user(
        email=email, password="correct horse battery", full_name=email.split("@")[0].title()
    )


@pytest.fixture
def clerk(organisation) -> User:
    """The secretary entering paper votes in the room."""
    user = make_user("clerk@example.org")
    role_grant(organisation=organisation, user=user, role=Role.SECRETARY, actor=None)
    return user


# --- Votes that count ----------------------------------------------------------------------


def test_a_member_votes_online_and_gets_a_receipt(organisation, member, member_record):
    ballot, question = vf.resolution_ballot(organisation)
    ids = vf.options(question)
    mark = mf.last_event_id()

    code = services.ballot_cast(
        ballot=ballot,
        member=member_record,
        selections={question.pk: [ids["for"]]},
        channel="online",
        actor=member,
    )

    # One sealed paper: in clear it holds nothing but its ballot (no member, question,
    # class or channel); opened, the choices and (the classes are weighed) the class.
    sealed = SealedPaper.objects.get(ballot=ballot)
    assert {f.attname for f in SealedPaper._meta.concrete_fields} == {"id", "ballot_id", "sealed"}
    assert not BallotPaper.objects.filter(ballot=ballot).exists()
    [paper] = vf.opened_papers(ballot)
    assert paper.choices == {question.pk: [ids["for"]]}
    assert paper.member_class == member_record.member_class_id
    assert list(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True)) == [code]
    assert len(code) == 11
    assert code[5] == "-"
    participation = Participation.objects.get(ballot=ballot, member=member_record)
    assert (participation.has_voted, participation.channel, participation.cast_by_id) == (
        True,
        "online",
        member.pk,
    )
    assert participation.voted_on is not None
    events = mf.events_since(mark)
    assert len(events) == 1
    vf.assert_cast_event(
        events[0],
        ballot=ballot,
        member=member_record,
        channel="online",
        actor=member,
        secrets=[sealed.pk, code],
    )


def test_the_secretary_enters_a_paper_vote_in_the_room(organisation, clerk):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    mark = mf.last_event_id()

    code = vf.vote(ballot, voter, question, "against", channel="room", actor=clerk)

    sealed = SealedPaper.objects.get(ballot=ballot)
    [paper] = vf.opened_papers(ballot)
    assert paper.choices == {question.pk: [vf.options(question)["against"]]}
    participation = Participation.objects.get(ballot=ballot, member=voter)
    assert (participation.channel, participation.cast_by_id) == ("room", clerk.pk)
    [event] = mf.events_since(mark)
    vf.assert_cast_event(
        event, ballot=ballot, member=voter, channel="room", actor=clerk, secrets=[sealed.pk, code]
    )


def test_a_recorded_ballot_stores_the_member_on_the_paper(organisation, clerk):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation, is_secret=False)
    vf.vote(ballot, voter, question, "for", actor=clerk)
    assert BallotPaper.objects.get(ballot=ballot).member_id == voter.pk


def test_one_paper_per_question_and_a_blank_where_nothing_is_chosen(organisation, clerk):
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    first = vf.resolution(ballot)
    second = vf.choice(ballot, labels=("Ash", "Birch", "Cedar"), seats=2)
    ballot = vf.open_ballot(ballot)
    picks = vf.options(second)

    services.ballot_cast(
        ballot=ballot,
        member=voter,
        selections={second.pk: [picks["Cedar"], picks["Ash"]]},
        channel="room",
        actor=clerk,
    )

    [paper] = vf.opened_papers(ballot)  # one sealed paper for the vote on both questions
    assert paper.choices == {first.pk: [], second.pk: [picks["Cedar"], picks["Ash"]]}
    assert Receipt.objects.filter(ballot=ballot).count() == 1


def test_ids_sent_as_text_are_accepted(organisation, clerk):
    # Forms and JSON send ids as text: {"12": ["34"]} is the same vote as {12: [34]}.
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    option = vf.options(question)["abstain"]
    services.ballot_cast(
        ballot=ballot,
        member=voter,
        selections={str(question.pk): [str(option)]},
        channel="room",
        actor=clerk,
    )
    assert vf.choices_cast(ballot, question) == [[option]]


def test_stv_ranking_is_stored_in_order_of_preference(organisation, clerk):
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.stv(ballot, seats=2)
    ballot = vf.open_ballot(ballot)
    c = vf.options(question)
    ranking = [c["Dewi"], c["Alaw"], c["Cai"]]
    services.ballot_cast(
        ballot=ballot, member=voter, selections={question.pk: ranking}, channel="room", actor=clerk
    )
    assert vf.choices_cast(ballot, question) == [ranking]


def test_approval_allows_any_number_of_choices(organisation, clerk):
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.choice(ballot, seats=1, method="approval")
    ballot = vf.open_ballot(ballot)
    everything = list(vf.options(question).values())
    services.ballot_cast(
        ballot=ballot,
        member=voter,
        selections={question.pk: everything},
        channel="room",
        actor=clerk,
    )
    assert vf.choices_cast(ballot, question) == [everything]


# --- Exactly once, whatever the channels -----------------------------------------------------


@pytest.fixture
def plain(db):
    """A co-op with no class weights (hands may be shown) that allows 2 proxies a holder."""
    return vf.unweighted_cooperative()


CHANNEL_LABELS = {
    "online": "Online",
    "room": "Paper vote in the room",
    "proxy": "By proxy",
    "hands": "Show of hands",
}


@pytest.mark.parametrize("first", ["online", "room", "proxy", "hands"])
@pytest.mark.parametrize("second", ["online", "room", "proxy"])
def test_a_member_votes_once_across_every_channel(plain, first, second):
    voter_user = make_user("voter@example.org")
    voter = mf.member(plain, user=voter_user)
    holder = mf.member(plain)
    clerk = make_user("plain-clerk@example.org")
    ballot = vf.ballot(plain, allow_in_room=True, allow_proxy=True)
    question = vf.resolution(ballot)
    proxy = services.proxy_appoint(
        ballot=ballot, member=voter, kind="discretionary", holder=holder, actor=voter_user
    )
    ballot = vf.open_ballot(ballot)
    services.proxy_mark_present(proxy=proxy, present=True, actor=clerk)
    ids = vf.options(question)

    def cast(channel: str, pick: str) -> object:
        selections = {question.pk: [ids[pick]]}
        if channel == "online":
            return services.ballot_cast(
                ballot=ballot,
                member=voter,
                selections=selections,
                channel="online",
                actor=voter_user,
            )
        if channel == "room":
            return services.ballot_cast(
                ballot=ballot, member=voter, selections=selections, channel="room", actor=clerk
            )
        if channel == "proxy":
            proxy.refresh_from_db()
            return services.ballot_cast_proxy(proxy=proxy, selections=selections, actor=clerk)
        return services.hands_record(
            question=question, counts={ids[pick]: 1}, present_members=[voter], actor=clerk
        )

    cast(first, "for")
    if first == "proxy" and second == "proxy":
        expected = ("proxy", "This proxy has already been used to vote.")
    else:
        expected = (
            "member",
            f"A vote has already been recorded for member {voter.number} "
            f"({CHANNEL_LABELS[first]}). Each member votes once.",
        )
    with vf.refused(*expected):
        cast(second, "against")
    assert vf.paper_count(ballot) == 1
    assert vf.choices_cast(ballot, question) == [[ids["for"]]]
    assert Participation.objects.get(ballot=ballot, member=voter).channel == first


def test_a_second_online_vote_is_refused(organisation, member, member_record):
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, member_record, question, "for", channel="online", actor=member)
    with vf.refused("member", "already been recorded", "(Online)"):
        vf.vote(ballot, member_record, question, "against", channel="online", actor=member)


# --- When the ballot does not take votes -----------------------------------------------------


def test_voting_before_the_ballot_opens_is_refused(organisation, clerk):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation, is_open=False)
    with vf.refused("ballot", "not open for voting (Being prepared)"):
        vf.vote(ballot, voter, question, "for", actor=clerk)


def test_voting_after_the_ballot_closed_is_refused(organisation, clerk):
    voter, other = mf.member(organisation), mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, other, question, "for", actor=clerk)
    services.ballot_close(ballot=ballot, actor=clerk)
    with vf.refused("ballot", "not open for voting (Closed: being checked)"):
        vf.vote(ballot, voter, question, "for", actor=clerk)


def test_voting_after_the_closing_time_is_refused(organisation, clerk, time_machine):
    voter = mf.member(organisation)
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    ballot, question = vf.resolution_ballot(organisation)
    services.ballot_schedule(
        ballot=ballot, opens_at=None, closes_at=start + dt.timedelta(hours=2), actor=clerk
    )
    time_machine.move_to(start + dt.timedelta(hours=2), tick=False)
    with vf.refused("ballot", "Voting closed at the closing time."):
        vf.vote(ballot, voter, question, "for", actor=clerk)
    # One minute before, the same vote counted.
    time_machine.move_to(start + dt.timedelta(hours=1, minutes=59), tick=False)
    vf.vote(ballot, voter, question, "for", actor=clerk)
    assert vf.paper_count(ballot) == 1


def test_a_ballot_without_online_voting_refuses_online_votes(organisation, member, member_record):
    ballot, question = vf.resolution_ballot(organisation, allow_online=False)
    with vf.refused("channel", "does not take online votes"):
        vf.vote(ballot, member_record, question, "for", channel="online", actor=member)


def test_a_ballot_without_votes_in_the_room_refuses_them(organisation, clerk):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation, allow_in_room=False)
    with vf.refused("channel", "does not take votes in the room"):
        vf.vote(ballot, voter, question, "for", channel="room", actor=clerk)


def test_an_unknown_channel_is_refused(organisation, clerk):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    with vf.refused("channel", "Choose how the vote was cast"):
        vf.vote(ballot, voter, question, "for", channel="hands", actor=clerk)


def test_members_by_status_are_not_changed_by_a_refusal(organisation, clerk):
    # A refused vote leaves the member's own record alone too.
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation, is_open=False)
    before = Member.objects.values().get(pk=voter.pk)
    with vf.refused("ballot"):
        vf.vote(ballot, voter, question, "for", actor=clerk)
    assert Member.objects.values().get(pk=voter.pk) == before


def test_a_vote_takes_a_fixed_number_of_queries(
    organisation, member, member_record, django_assert_num_queries
):
    # Lock and read the ballot; lock the participation (with the member's standing now);
    # the paper's questions and options; flip the participation; the papers; the receipt;
    # the audit event; and the savepoint around the service (inside the test transaction).
    ballot = vf.ballot(organisation)
    resolution = vf.resolution(ballot)
    choice = vf.choice(ballot)
    ballot = vf.open_ballot(ballot)
    selections = {
        resolution.pk: [vf.options(resolution)["for"]],
        choice.pk: [vf.options(choice)["Ash"]],
    }
    with django_assert_num_queries(9):
        services.ballot_cast(
            ballot=ballot,
            member=member_record,
            selections=selections,
            channel="online",
            actor=member,
        )
    assert vf.paper_count(ballot) == 2


def test_the_channels_are_read_when_the_vote_is_cast(organisation, member, member_record):
    # The caller's copy of the ballot may be out of date: a meeting held in person stopped
    # online voting after it was loaded. The service goes by the ballot as it is now.
    ballot, question = vf.resolution_ballot(organisation, allow_online=True, allow_in_room=False)
    stale = Ballot.objects.get(pk=ballot.pk)
    services.ballot_set_channels(ballot=ballot, allow_online=False, allow_in_room=True, actor=None)
    with vf.refused("channel", "This ballot does not take online votes."):
        vf.vote(stale, member_record, question, "for", channel="online", actor=member)
    vf.vote(stale, member_record, question, "for", channel="room", actor=None)
    assert Participation.objects.get(ballot=ballot, member=member_record).channel == "room"
