"""Proxies and a show of hands (`voting.services.proxy_appoint`, `ballot_cast_proxy`,
`hands_record`): within the rules' limits, each member counted once. Every refusal names the
field and the rule and changes nothing.
"""

from __future__ import annotations

import pytest

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import HandCount, Participation, Proxy, Receipt, SealedPaper

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


@pytest.fixture
def plain(db):
    """A co-op with no class weights (hands may be shown) that allows 2 proxies a holder."""
    return vf.unweighted_cooperative()


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

    sealed = SealedPaper.objects.get(ballot=ballot)
    assert vf.choices_cast(ballot, question) == [[ids["against"]]]
    proxy.refresh_from_db()
    assert proxy.status == Proxy.Status.USED
    assert Participation.objects.get(ballot=ballot, member=giver).channel == "proxy"
    [event] = mf.events_since(mark)
    vf.assert_cast_event(
        event, ballot=ballot, member=giver, channel="proxy", actor=None, secrets=[sealed.pk, code]
    )


def test_a_discretionary_proxy_chooses(plain, proxy_ballot):
    ballot, question, (holder, giver, *_) = proxy_ballot
    ids = vf.options(question)
    proxy = services.proxy_appoint(
        ballot=ballot, member=giver, kind="discretionary", holder=holder, actor=None
    )
    services.proxy_mark_present(proxy=proxy, present=True, actor=None)
    services.ballot_cast_proxy(proxy=proxy, selections={question.pk: [ids["abstain"]]}, actor=None)
    assert vf.choices_cast(ballot, question) == [[ids["abstain"]]]


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
    # With the one paper voted before: the hands' papers carry no channel (it is counted
    # from participations), only their choices.
    assert vf.choices_cast(ballot, question) == sorted(
        [[ids["for"]], [ids["for"]], [ids["against"]], [], [ids["against"]]]
    )
    assert Participation.objects.filter(ballot=ballot, has_voted=True).count() == 5
    assert Receipt.objects.filter(ballot=ballot).count() == 1  # no receipts for hands
    assert HandCount.objects.filter(question=question).count() == 2
    [event] = mf.events_since(mark)
    assert event.action == "ballot.hands"
    # Fewer than 5 hands: with the roll, the counts would say how each voted, so the audit
    # trail keeps none (`voting.disclosure.hands_counts`).
    assert event.after == {"question": question.pk, "present_not_voted": 4, "counts": None}


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
