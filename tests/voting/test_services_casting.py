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
from membership import services as ms
from membership.models import Member, Representative
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Ballot, BallotPaper, HandCount, Participation, Proxy, Receipt

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

    paper = BallotPaper.objects.get(ballot=ballot)
    assert (paper.question_id, paper.option_id, paper.choices, paper.channel) == (
        question.pk,
        ids["for"],
        [ids["for"]],
        "online",
    )
    assert paper.member_id is None  # a secret ballot's paper names no one
    assert paper.member_class_id == member_record.member_class_id
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
        secrets=[paper.pk, code],
    )


def test_the_secretary_enters_a_paper_vote_in_the_room(organisation, clerk):
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    mark = mf.last_event_id()

    code = vf.vote(ballot, voter, question, "against", channel="room", actor=clerk)

    paper = BallotPaper.objects.get(ballot=ballot)
    assert (paper.option_id, paper.channel, paper.member_id) == (
        vf.options(question)["against"],
        "room",
        None,
    )
    participation = Participation.objects.get(ballot=ballot, member=voter)
    assert (participation.channel, participation.cast_by_id) == ("room", clerk.pk)
    [event] = mf.events_since(mark)
    vf.assert_cast_event(
        event, ballot=ballot, member=voter, channel="room", actor=clerk, secrets=[paper.pk, code]
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

    papers = {p.question_id: p for p in BallotPaper.objects.filter(ballot=ballot)}
    assert (papers[first.pk].option_id, papers[first.pk].choices) == (None, [])
    assert (papers[second.pk].option_id, papers[second.pk].choices) == (
        None,
        [picks["Cedar"], picks["Ash"]],
    )
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
    assert BallotPaper.objects.get(ballot=ballot).option_id == option


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
    assert BallotPaper.objects.get(ballot=ballot).choices == ranking


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
    assert BallotPaper.objects.get(ballot=ballot).choices == everything


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
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    assert BallotPaper.objects.get(ballot=ballot).option_id == ids["for"]
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
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1


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


# --- Who may vote ----------------------------------------------------------------------------


def test_a_member_of_another_organisation_is_not_on_the_roll(
    organisation, other_organisation, clerk
):
    stranger = mf.member(other_organisation)
    ballot, question = vf.resolution_ballot(organisation)
    with vf.refused("member", f"Member {stranger.number} is not on the roll of this ballot."):
        vf.vote(ballot, stranger, question, "for", actor=clerk)


def test_a_member_admitted_after_the_ballot_opened_is_not_on_the_roll(organisation, clerk):
    ballot, question = vf.resolution_ballot(organisation)
    newcomer = mf.member(organisation, entered_on=dt.date(2024, 6, 1))
    with vf.refused("member", "is not on the roll of this ballot"):
        vf.vote(ballot, newcomer, question, "for", actor=clerk)


def test_a_member_ceased_before_the_ballot_opened_may_not_vote(organisation, clerk):
    leaver = mf.member(organisation)
    ms.member_cease(member=leaver, ceased_on=dt.date(2024, 6, 1), reason="death", actor=None)
    ballot, question = vf.resolution_ballot(organisation)
    assert Participation.objects.get(ballot=ballot, member=leaver).ineligible_reason == "ceased"
    with vf.refused("member", "Your membership has ceased."):
        vf.vote(ballot, leaver, question, "for", actor=clerk)


def test_a_member_ceased_after_the_ballot_opened_may_not_vote(organisation, clerk):
    leaver = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    ms.member_cease(member=leaver, ceased_on=dt.date(2024, 6, 1), reason="death", actor=None)
    with vf.refused("member", "Your membership has ceased."):
        vf.vote(ballot, leaver, question, "for", actor=clerk)


def test_a_member_suspended_before_the_ballot_opened_may_not_vote(organisation, clerk):
    suspended = mf.member(organisation)
    ms.member_suspend(member=suspended, reason="Rule 20: conduct", actor=None)
    ballot, question = vf.resolution_ballot(organisation)
    participation = Participation.objects.get(ballot=ballot, member=suspended)
    assert (participation.is_eligible, participation.ineligible_reason) == (False, "suspended")
    with vf.refused("member", "Your membership is suspended."):
        vf.vote(ballot, suspended, question, "for", actor=clerk)


def test_a_member_suspended_after_the_ballot_opened_may_not_vote(
    organisation, member, member_record
):
    ballot, question = vf.resolution_ballot(organisation)
    assert Participation.objects.get(ballot=ballot, member=member_record).is_eligible
    ms.member_suspend(member=member_record, reason="Rule 20: conduct", actor=None)
    with vf.refused("member", "Your membership is suspended."):
        vf.vote(ballot, member_record, question, "for", channel="online", actor=member)
    # Reinstated before the close, they may vote again.
    ms.member_reinstate(member=member_record, actor=None)
    vf.vote(ballot, member_record, question, "for", channel="online", actor=member)
    assert Participation.objects.get(ballot=ballot, member=member_record).has_voted


def test_a_member_of_a_class_the_ballot_leaves_out_may_not_vote(organisation, clerk):
    user_member = mf.member(organisation, cls="users")
    ballot = vf.ballot(
        organisation,
        allow_in_room=True,
        eligible_classes=[mf.member_class(organisation, "workers")],
    )
    question = vf.resolution(ballot)
    ballot = vf.open_ballot(ballot)
    with vf.refused("member", "Your member class does not vote in this ballot."):
        vf.vote(ballot, user_member, question, "for", actor=clerk)


def test_a_person_may_not_vote_online_for_someone_else(organisation, member, member_record):
    other = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    with vf.refused("member", f"You cannot vote for member {other.number}."):
        vf.vote(ballot, other, question, "for", channel="online", actor=member)
    with vf.refused("member", f"You cannot vote for member {member_record.number}."):
        vf.vote(ballot, member_record, question, "for", channel="online", actor=None)


# --- Consortium: member organisations vote through their representative ------------------------


@pytest.fixture
def consortium(db):
    return mf.cooperative(slug="consortium", name="Cyd Consortium", kind="consortium")


def represented(consortium, name="Gofal Dyfi"):
    """A member co-op with a representative and an alternate, each with an account."""
    coop = vf.organisation_member(consortium, name)
    slug = name.lower().replace(" ", "")
    rep = make_user(f"rep@{slug}.example.org")
    alt = make_user(f"alt@{slug}.example.org")
    ms.representative_add(
        member=coop, name="Rhys Rep", started_on=dt.date(2023, 1, 1), user=rep, actor=None
    )
    ms.representative_add(
        member=coop,
        name="Alys Alt",
        started_on=dt.date(2023, 1, 1),
        role=Representative.Role.ALTERNATE,
        user=alt,
        actor=None,
    )
    return coop, rep, alt


def test_a_representative_votes_online_for_their_organisation_once(consortium):
    coop, rep, alt = represented(consortium)
    ballot, question = vf.resolution_ballot(consortium)
    mark = mf.last_event_id()
    code = vf.vote(ballot, coop, question, "for", channel="online", actor=rep)
    [event] = mf.events_since(mark)
    vf.assert_cast_event(
        event,
        ballot=ballot,
        member=coop,
        channel="online",
        actor=rep,
        secrets=[code, BallotPaper.objects.get(ballot=ballot).pk],
    )
    # The alternate cannot vote for it again.
    with vf.refused("member", "already been recorded", f"member {coop.number}"):
        vf.vote(ballot, coop, question, "against", channel="online", actor=alt)


def test_an_alternate_may_vote_for_the_organisation(consortium):
    coop, _rep, alt = represented(consortium)
    ballot, question = vf.resolution_ballot(consortium)
    vf.vote(ballot, coop, question, "against", channel="online", actor=alt)
    participation = Participation.objects.get(ballot=ballot, member=coop)
    assert (participation.has_voted, participation.cast_by_id) == (True, alt.pk)


def test_only_the_organisations_own_representatives_may_vote_for_it(consortium):
    coop, _rep, _alt = represented(consortium, "Gofal Dyfi")
    _other, other_rep, _other_alt = represented(consortium, "Gofal Teifi")
    outsider = make_user("nobody@example.org")
    ballot, question = vf.resolution_ballot(consortium)
    for actor in (other_rep, outsider):
        with vf.refused("member", f"You cannot vote for member {coop.number}."):
            vf.vote(ballot, coop, question, "for", channel="online", actor=actor)


def test_a_representative_whose_term_ended_may_not_vote(consortium):
    coop, rep, _alt = represented(consortium)
    term = Representative.objects.get(member=coop, user=rep)
    ms.representative_end(representative=term, ended_on=dt.date(2024, 1, 31), actor=None)
    ballot, question = vf.resolution_ballot(consortium)
    with vf.refused("member", f"You cannot vote for member {coop.number}."):
        vf.vote(ballot, coop, question, "for", channel="online", actor=rep)


# --- What is on the paper -------------------------------------------------------------------


@pytest.fixture
def two_questions(organisation):
    """An open ballot of three questions; the voter is on its roll."""
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    resolution = vf.resolution(ballot)
    choice = vf.choice(ballot, labels=("Ash", "Birch", "Cedar"), seats=1)
    stv = vf.stv(ballot, seats=2)
    return vf.open_ballot(ballot), resolution, choice, stv, voter


def test_a_choice_from_another_question_is_not_on_the_paper(organisation, clerk, two_questions):
    ballot, resolution, choice, _stv, voter = two_questions
    ash = vf.options(choice)["Ash"]
    with vf.refused("question_1", "That choice is not on the paper for question 1."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={resolution.pk: [ash]},
            channel="room",
            actor=clerk,
        )


def test_an_unknown_choice_is_not_on_the_paper(organisation, clerk, two_questions):
    ballot, _resolution, choice, _stv, voter = two_questions
    with vf.refused("question_2", "That choice is not on the paper for question 2."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={choice.pk: [987654]},
            channel="room",
            actor=clerk,
        )


def test_a_question_of_another_ballot_is_refused(organisation, clerk, two_questions):
    ballot, *_, voter = two_questions
    _other_ballot, other_question = vf.resolution_ballot(organisation, is_open=False)
    with vf.refused("selections", f"Question {other_question.pk} is not on this ballot paper."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={other_question.pk: [vf.options(other_question)["for"]]},
            channel="room",
            actor=clerk,
        )


@pytest.mark.parametrize(
    "selections",
    [["not", "a", "mapping"], {"q": [1]}, {1: "12"}, {1: 12}, {1: [None]}, {1: [True]}],
)
def test_malformed_selections_are_refused(organisation, clerk, selections):
    voter = mf.member(organisation)
    ballot, _question = vf.resolution_ballot(organisation)
    assert Participation.objects.filter(ballot=ballot, member=voter, is_eligible=True).exists()
    with vf.refused("selections", "Send the choices as question → list of choices"):
        services.ballot_cast(
            ballot=ballot, member=voter, selections=selections, channel="room", actor=clerk
        )


def test_two_answers_to_a_resolution_are_refused(organisation, clerk, two_questions):
    ballot, resolution, _choice, _stv, voter = two_questions
    ids = vf.options(resolution)
    with vf.refused("question_1", "Choose one answer for question 1: for, against or abstain."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={resolution.pk: [ids["for"], ids["against"]]},
            channel="room",
            actor=clerk,
        )


def test_too_many_choices_are_refused(organisation, clerk, two_questions):
    ballot, _resolution, choice, _stv, voter = two_questions
    ids = vf.options(choice)
    with vf.refused("question_2", "Choose at most 1 in question 2."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={choice.pk: [ids["Ash"], ids["Birch"]]},
            channel="room",
            actor=clerk,
        )


def test_the_same_choice_twice_is_refused(organisation, clerk):
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    choice = vf.choice(ballot, seats=2)
    ballot = vf.open_ballot(ballot)
    ash = vf.options(choice)["Ash"]
    with vf.refused("question_1", "You have chosen the same option twice in question 1."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={choice.pk: [ash, ash]},
            channel="room",
            actor=clerk,
        )


def test_ranking_the_same_candidate_twice_is_refused(organisation, clerk, two_questions):
    ballot, _resolution, _choice, stv, voter = two_questions
    c = vf.options(stv)
    with vf.refused(
        "question_3", "You have ranked the same candidate more than once in question 3."
    ):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={stv.pk: [c["Bryn"], c["Alaw"], c["Bryn"]]},
            channel="room",
            actor=clerk,
        )


# --- Proxies --------------------------------------------------------------------------------


@pytest.fixture
def proxy_ballot(plain):
    """An open ballot of the plain co-op taking proxies (the rules allow 2 per holder), and
    six members on its roll, the first named Huw Holder."""
    people = [mf.member(plain, name="Huw Holder")] + [mf.member(plain) for _ in range(5)]
    ballot = vf.ballot(plain, allow_in_room=True, allow_proxy=True)
    question = vf.resolution(ballot)
    return vf.open_ballot(ballot), question, people


def test_a_proxy_beyond_the_rules_limit_is_refused(plain, proxy_ballot):
    ballot, _question, (holder, *givers) = proxy_ballot
    for giver in givers[:2]:
        services.proxy_appoint(
            ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
        )
    with vf.refused(
        "holder", "Huw Holder already holds 2 proxies, the most the rules allow (rule 21)."
    ):
        services.proxy_appoint(
            ballot=ballot, member=givers[2], kind="discretionary", holder=holder, actor=None
        )


def test_the_chair_as_proxy_is_limited_by_name_too(plain, proxy_ballot):
    ballot, _question, givers = proxy_ballot
    for giver in givers[:2]:
        services.proxy_appoint(
            ballot=ballot, member=giver, kind="discretionary", holder_name="The chair", actor=None
        )
    with vf.refused("holder", "already holds 2 proxies"):
        services.proxy_appoint(
            ballot=ballot,
            member=givers[2],
            kind="discretionary",
            holder_name="the Chair",
            actor=None,
        )


def test_a_proxy_vote_needs_the_holder_present(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    proxy = services.proxy_appoint(
        ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
    )
    with vf.refused("proxy", "A proxy vote can be cast only by a proxy who is present."):
        services.ballot_cast_proxy(
            proxy=proxy, selections={question.pk: [vf.options(question)["for"]]}, actor=None
        )


def test_a_directed_proxy_votes_as_directed_and_takes_no_selections(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    ids = vf.options(question)
    proxy = services.proxy_appoint(
        ballot=ballot,
        member=giver,
        kind="directed",
        holder=holder,
        directions={question.pk: [ids["against"]]},
        actor=None,
    )
    assert proxy.directions == {str(question.pk): [ids["against"]]}
    services.proxy_mark_present(proxy=proxy, present=True, actor=None)
    with vf.refused("selections", "A directed proxy votes as the member directed."):
        services.ballot_cast_proxy(proxy=proxy, selections={question.pk: [ids["for"]]}, actor=None)
    mark = mf.last_event_id()

    code = services.ballot_cast_proxy(proxy=proxy, actor=None)

    paper = BallotPaper.objects.get(ballot=ballot)
    assert (paper.option_id, paper.channel, paper.member_id) == (ids["against"], "proxy", None)
    proxy.refresh_from_db()
    assert proxy.status == Proxy.Status.USED
    assert Participation.objects.get(ballot=ballot, member=giver).channel == "proxy"
    [event] = mf.events_since(mark)
    vf.assert_cast_event(
        event, ballot=ballot, member=giver, channel="proxy", actor=None, secrets=[paper.pk, code]
    )


def test_a_discretionary_proxy_chooses(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    ids = vf.options(question)
    proxy = services.proxy_appoint(
        ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
    )
    services.proxy_mark_present(proxy=proxy, present=True, actor=None)
    services.ballot_cast_proxy(proxy=proxy, selections={question.pk: [ids["abstain"]]}, actor=None)
    assert BallotPaper.objects.get(ballot=ballot).option_id == ids["abstain"]


def test_directions_must_be_on_the_paper(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    ids = vf.options(question)
    with vf.refused("directions", "That choice is not on the paper for question 1."):
        services.proxy_appoint(
            ballot=ballot,
            member=giver,
            kind="directed",
            holder=holder,
            directions={question.pk: [987654]},
            actor=None,
        )
    with vf.refused("directions", "Choose one answer for question 1"):
        services.proxy_appoint(
            ballot=ballot,
            member=giver,
            kind="directed",
            holder=holder,
            directions={question.pk: [ids["for"], ids["against"]]},
            actor=None,
        )
    with vf.refused("directions", "Give the proxy's directions"):
        services.proxy_appoint(
            ballot=ballot, member=giver, kind="directed", holder=holder, directions={}, actor=None
        )


def test_a_revoked_proxy_cannot_vote(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    proxy = services.proxy_appoint(
        ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
    )
    services.proxy_mark_present(proxy=proxy, present=True, actor=None)
    services.proxy_revoke(proxy=proxy, actor=None)
    with vf.refused("proxy", "This proxy was revoked."):
        services.ballot_cast_proxy(
            proxy=proxy, selections={question.pk: [vf.options(question)["for"]]}, actor=None
        )


def test_proxies_on_a_ballot_that_takes_none_are_refused(plain):
    giver, holder = mf.member(plain), mf.member(plain)
    ballot, _question = vf.resolution_ballot(plain, allow_proxy=False)
    with vf.refused("ballot", "This ballot does not take proxy votes."):
        services.proxy_appoint(
            ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
        )


def test_a_member_cannot_hold_their_own_proxy(plain, proxy_ballot):
    ballot, _question, (giver, *_) = proxy_ballot
    with vf.refused("holder", "A member cannot be their own proxy."):
        services.proxy_appoint(
            ballot=ballot, member=giver, kind="discretionary", holder=giver, actor=None
        )


def test_a_member_who_voted_cannot_appoint_a_proxy(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    vf.vote(ballot, giver, question, "for")
    with vf.refused("member", f"Member {giver.number} has already voted"):
        services.proxy_appoint(
            ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
        )


# --- Show of hands --------------------------------------------------------------------------


def test_a_show_of_hands_counts_each_present_member_once(plain, proxy_ballot):
    ballot, question, people = proxy_ballot
    ids = vf.options(question)
    clerk = make_user("hands@example.org")
    present = people[1:]
    vf.vote(ballot, present[0], question, "against", actor=clerk)  # voted before: not counted
    mark = mf.last_event_id()

    counted = services.hands_record(
        question=question,
        counts={ids["for"]: 2, ids["against"]: 1},
        present_members=present,
        actor=clerk,
    )

    # 4 present had not voted: 2 for, 1 against, and one who raised no hand (a blank paper).
    assert counted == 4
    hands = BallotPaper.objects.filter(ballot=ballot, channel="hands")
    assert sorted((p.option_id or 0) for p in hands) == sorted(
        [ids["for"], ids["for"], ids["against"], 0]
    )
    assert Participation.objects.filter(ballot=ballot, has_voted=True).count() == 5
    assert Receipt.objects.filter(ballot=ballot).count() == 1  # no receipts for hands
    assert HandCount.objects.filter(question=question).count() == 2
    [event] = mf.events_since(mark)
    assert event.action == "ballot.hands"
    assert event.after == {
        "question": question.pk,
        "present_not_voted": 4,
        "counts": {"for": 2, "against": 1},
    }


def test_more_hands_than_members_present_is_refused(plain, proxy_ballot):
    _ballot, question, people = proxy_ballot
    ids = vf.options(question)
    present = people[:2]
    with vf.refused("counts", "3 hands were counted but only 2 members present have not voted"):
        services.hands_record(
            question=question,
            counts={ids["for"]: 2, ids["against"]: 1},
            present_members=present,
            actor=make_user("h@example.org"),
        )


def test_a_show_of_hands_cannot_weigh_classes(organisation, clerk):
    present = mf.member(organisation)
    _ballot, question = vf.resolution_ballot(organisation)
    with vf.refused("question", "The rules weigh the vote by member class"):
        services.hands_record(
            question=question,
            counts={vf.options(question)["for"]: 1},
            present_members=[present],
            actor=clerk,
        )


def test_negative_hands_are_refused(plain, proxy_ballot):
    _ballot, question, people = proxy_ballot
    with vf.refused("count_for", "Enter a whole number, 0 or more."):
        services.hands_record(
            question=question,
            counts={vf.options(question)["for"]: -1},
            present_members=people[:1],
            actor=make_user("h@example.org"),
        )


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
    assert BallotPaper.objects.filter(ballot=ballot).count() == 2


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


def test_whom_a_user_votes_for(consortium, django_assert_num_queries):
    from voting import selectors

    coop, rep, alt = represented(consortium, "Gofal Dyfi")
    other, _other_rep, other_alt = represented(consortium, "Gofal Teifi")
    # A person who is a member of the consortium and also represents Gofal Teifi.
    person = mf.member(consortium, user=other_alt)
    with django_assert_num_queries(1):
        assert selectors.members_user_may_vote_for(rep, consortium) == [coop]
    assert selectors.members_user_may_vote_for(alt, consortium) == [coop]
    assert selectors.members_user_may_vote_for(other_alt, consortium) == [person, other]
    term = Representative.objects.get(member=coop, user=rep)
    ms.representative_end(representative=term, ended_on=dt.date(2024, 1, 31), actor=None)
    assert selectors.members_user_may_vote_for(rep, consortium) == []
