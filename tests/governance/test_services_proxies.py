"""Proxies for a meeting, advance online votes and shows of hands: each member counted once
whichever way they vote; directed proxies cast at the vote when their holder is present;
discretionary ones left for the holder to use in the room."""

from __future__ import annotations

from typing import Any

import pytest

from governance import services
from governance.models import Amendment, Meeting, MeetingProxy, Motion
from membership.models import Member, Organisation
from tests.factories import governance as gf
from tests.factories import voting as vf
from voting import services as voting
from voting.models import Participation, Proxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db) -> Organisation:
    """Proxies allowed, at most 2 per holder (rule 35); no class weighting."""
    return gf.plain_coop(proxies_allowed=True, proxy_limit=2)


def _meeting(org: Organisation, people: list[Member], **plan: Any) -> tuple[Meeting, Motion]:
    meeting = gf.plan(org, **plan)
    motion = gf.motion(meeting, people[0], people[1])
    return gf.give_notice(meeting), motion


def _appoint(
    meeting: Meeting, member: Member, holder: Member | None = None, **kwargs: Any
) -> MeetingProxy:
    kwargs.setdefault("kind", "discretionary")
    return services.meeting_proxy_appoint(
        meeting=meeting, member=member, holder=holder, actor=None, **kwargs
    )


def _participation(motion: Motion | Amendment, member: Member) -> Participation:
    return Participation.objects.get(ballot=gf.ballot_of(motion), member=member)


def _proxy(motion: Motion | Amendment, member: Member) -> Proxy:
    return Proxy.objects.exclude(status="revoked").get(ballot=gf.ballot_of(motion), member=member)


# --- Appointing --------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_no_one_holds_more_proxies_than_the_rules_allow(org):
    people = gf.members(org, 6)
    meeting, motion = _meeting(org, people)
    holder = people[0]
    _appoint(meeting, people[1], holder)
    _appoint(meeting, people[2], holder, kind="directed", directions={str(motion.pk): "for"})
    with gf.refused(
        "holder",
        f"{holder.name} already holds 2 proxies, the most the rules allow (rule 35).",
    ):
        _appoint(meeting, people[3], holder)
    with gf.refused("member", "This member has already appointed a proxy for the meeting."):
        _appoint(meeting, people[1], people[4])
    with gf.refused("holder", "A member cannot be their own proxy."):
        _appoint(meeting, people[3], people[3])
    with gf.refused("directions", "A direction names a motion not at this meeting."):
        _appoint(meeting, people[3], people[4], kind="directed", directions={"999": "for"})
    with gf.refused("directions", "Directions are for, against or abstain."):
        _appoint(meeting, people[3], people[4], kind="directed", directions={str(motion.pk): "y"})
    with gf.refused("holder_name", "Name the proxy (a member, or the chair of the meeting)."):
        _appoint(meeting, people[3])
    # The chair, too, holds at most the rules' number.
    _appoint(meeting, people[3], holder_name="The chair")
    _appoint(meeting, people[4], holder_name="the chair")
    with gf.refused("holder", "The chair already holds 2 proxies"):
        _appoint(meeting, people[5], holder_name="The chair")


@gf.at(gf.NOTICE_AT)
def test_a_proxy_is_revoked_before_the_meeting_and_not_after(org):
    people = gf.members(org, 5)
    meeting, motion = _meeting(org, people)
    proxy = _appoint(meeting, people[3], people[0])
    services.meeting_proxy_revoke(proxy=proxy, actor=None)
    with gf.refused("proxy", "This proxy has already been revoked."):
        services.meeting_proxy_revoke(proxy=proxy, actor=None)
    again = _appoint(meeting, people[3], people[1])
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        with gf.refused("proxy", "A proxy is revoked before the meeting starts."):
            services.meeting_proxy_revoke(proxy=again, actor=None)
        with gf.refused("meeting", "Proxies must be received before the meeting starts."):
            _appoint(meeting, people[4], people[0])
    assert _proxy(motion, people[3]).holder == people[1]


# --- At the vote -------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_directed_proxies_are_cast_at_the_vote_when_the_holder_is_present(org):
    people = gf.members(org, 6)
    meeting, motion = _meeting(org, people)
    key = str(motion.pk)
    _appoint(meeting, people[3], people[0], kind="directed", directions={key: "for"})
    absent = _appoint(meeting, people[4], people[5], kind="directed", directions={key: "against"})
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        present_holder, absent_holder = _proxy(motion, people[3]), _proxy(motion, people[4])
        assert (present_holder.kind, present_holder.holder_present) == ("directed", True)
        assert (absent_holder.kind, absent_holder.holder_present) == ("directed", False)
        gf.poll(motion, [(people[0], "for"), (people[1], "for"), (people[2], "against")])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert motion.status == "carried"
    assert motion.resolution.result["votes"] == {"for": 3, "against": 1, "abstain": 0, "blank": 0}
    assert (
        _participation(motion, people[3]).has_voted,
        _participation(motion, people[3]).channel,
    ) == (
        True,
        "proxy",
    )
    assert _participation(motion, people[4]).has_voted is False
    assert _proxy(motion, people[4]).status == "appointed"
    # A secret vote taken, the members' directions on it are no longer kept.
    absent.refresh_from_db()
    assert absent.directions == {}


@gf.at(gf.NOTICE_AT)
def test_the_chair_casts_the_directed_proxies_given_to_the_chair(org):
    people = gf.members(org, 4)
    meeting, motion = _meeting(org, people)
    _appoint(
        meeting,
        people[3],
        holder_name="The chair",
        kind="directed",
        directions={str(motion.pk): "against"},
    )
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        gf.poll(motion, [(p, "for") for p in people[:3]])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert motion.resolution.result["votes"] == {"for": 3, "against": 1, "abstain": 0, "blank": 0}


@gf.at(gf.NOTICE_AT)
def test_discretionary_proxies_are_left_for_the_holder_to_use_in_the_room(org):
    people = gf.members(org, 5)
    meeting = gf.plan(org)
    first = gf.motion(meeting, people[0], people[1])
    second = gf.motion(meeting, people[1], people[2], title="Minibus")
    meeting = gf.give_notice(meeting)
    # Directed on the first motion only: on the second the proxy decides.
    _appoint(meeting, people[3], people[0])
    _appoint(meeting, people[4], people[0], kind="directed", directions={str(first.pk): "for"})
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        proxy = _proxy(first, people[3])
        assert (proxy.kind, proxy.status, proxy.holder_present) == (
            "discretionary",
            "appointed",
            True,
        )
        assert _proxy(second, people[4]).kind == "discretionary"
        question = gf.ballot_of(first).questions.get()
        against = question.options.get(code="against").pk
        voting.ballot_cast_proxy(proxy=proxy, selections={question.pk: [against]}, actor=None)
        gf.poll(first, [(p, "for") for p in people[:3]])
        services.vote_take(item=first, actor=None)
        # On the second motion the holder uses neither proxy: no vote is cast for them.
        gf.poll(second, [(p, "for") for p in people[:3]])
        services.vote_take(item=second, actor=None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.resolution.result["votes"] == {"for": 4, "against": 1, "abstain": 0, "blank": 0}
    assert second.resolution.result["votes"] == {"for": 3, "against": 0, "abstain": 0, "blank": 0}
    assert _participation(second, people[3]).has_voted is False
    assert _participation(second, people[4]).has_voted is False


@gf.at(gf.NOTICE_AT)
def test_a_member_who_voted_online_in_advance_gets_no_proxy_and_counts_once(org):
    people = gf.members(org, 4)
    early, user = gf.member_with_login(org)
    meeting, motion = _meeting(org, people)
    _appoint(meeting, early, people[0], kind="directed", directions={str(motion.pk): "against"})
    gf.cast(motion, early, "for", channel="online", actor=user)
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        assert not Proxy.objects.filter(ballot=gf.ballot_of(motion), member=early).exists()
        with gf.refused("member", f"Member {early.number} has already voted"):
            voting.proxy_appoint(
                ballot=gf.ballot_of(motion),
                member=early,
                kind="discretionary",
                holder=people[0],
                actor=None,
            )
        with gf.refused("member", "A vote has already been recorded"):
            gf.cast(motion, early, "against")
        gf.poll(motion, [(p, "against") for p in people[:3]])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert motion.result_summary.startswith("Not carried: 25.00% of the votes cast were for.")
    assert _participation(motion, early).channel == "online"


@gf.at(gf.NOTICE_AT)
def test_a_member_present_in_person_votes_themselves_and_their_proxy_is_set_aside(org):
    people = gf.members(org, 6)
    meeting, motion = _meeting(org, people)
    key = str(motion.pk)
    _appoint(meeting, people[3], people[0], kind="directed", directions={key: "for"})
    _appoint(meeting, people[4], people[0], kind="directed", directions={key: "for"})
    with gf.at(gf.DURING):
        # people[3] comes in person before the start: no proxy is put on the ballot.
        gf.start(meeting, people[:4])
        assert not Proxy.objects.filter(ballot=gf.ballot_of(motion), member=people[3]).exists()
        # people[4] arrives after the start: the proxy already on the ballot is set aside.
        assert _proxy(motion, people[4]).status == "appointed"
        gf.check_in(meeting, people[4:5])
        assert not Proxy.objects.filter(
            ballot=gf.ballot_of(motion), member=people[4], status="appointed"
        ).exists()
        gf.poll(motion, [(p, "against") for p in people[1:5]] + [(people[0], "for")])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert motion.resolution_type.code == "ordinary"
    assert motion.status == "lost"
    assert _participation(motion, people[3]).channel == "room"
    assert _participation(motion, people[4]).channel == "room"


@gf.at(gf.NOTICE_AT)
def test_a_proxy_set_aside_stands_again_when_the_member_leaves(org):
    people = gf.members(org, 5)
    meeting, motion = _meeting(org, people)
    _appoint(meeting, people[3], people[0], kind="directed", directions={str(motion.pk): "for"})
    with gf.at(gf.DURING):
        gf.start(meeting, people[:4])
        gf.check_in(meeting, people[3:4], status="left")
        gf.poll(motion, [(p, "against") for p in people[:3]])
        services.vote_take(item=motion, actor=None)
    assert _participation(motion, people[3]).channel == "proxy"


@gf.at(gf.NOTICE_AT)
def test_a_holder_arriving_late_can_use_their_proxies_at_this_meeting_only(org):
    people = gf.members(org, 6)
    holder = people[5]
    meeting, motion = _meeting(org, people)
    _appoint(meeting, people[3], holder, kind="directed", directions={str(motion.pk): "for"})
    unrelated, _question = vf.resolution_ballot(org, allow_proxy=True)
    elsewhere = voting.proxy_appoint(
        ballot=unrelated, member=people[4], kind="discretionary", holder=holder, actor=None
    )
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        assert _proxy(motion, people[3]).holder_present is False
        gf.check_in(meeting, [holder])
        assert _proxy(motion, people[3]).holder_present is True
        elsewhere.refresh_from_db()
        assert elsewhere.holder_present is False
        gf.check_in(meeting, [holder], status="left")
        assert _proxy(motion, people[3]).holder_present is False
        gf.poll(motion, [(p, "for") for p in people[:3]])
        services.vote_take(item=motion, actor=None)
    assert _participation(motion, people[3]).has_voted is False


@gf.at(gf.NOTICE_AT)
def test_no_proxy_for_a_member_who_may_not_vote_or_a_holder_who_ceased(org):
    people = gf.members(org, 6)
    meeting, motion = _meeting(org, people)
    key = str(motion.pk)
    _appoint(meeting, people[3], people[4], kind="directed", directions={key: "for"})
    _appoint(meeting, people[5], people[0], kind="directed", directions={key: "for"})
    gf.suspend(people[5])
    gf.cease(people[4])
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        gf.poll(motion, [(p, "for") for p in people[:3]])
        services.vote_take(item=motion, actor=None)
    ballot = gf.ballot_of(motion)
    assert not Proxy.objects.filter(ballot=ballot).exists()
    assert Participation.objects.filter(ballot=ballot, has_voted=True).count() == 3


@gf.at(gf.NOTICE_AT)
def test_on_an_amendment_a_directed_proxy_is_at_the_holders_discretion(org):
    people = gf.members(org, 5)
    meeting = gf.plan(org)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    meeting = gf.give_notice(meeting)
    _appoint(meeting, people[4], people[0], kind="directed", directions={str(motion.pk): "for"})
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        assert _proxy(amendment, people[4]).kind == "discretionary"
        assert _proxy(motion, people[4]).kind == "directed"


# --- Advance online votes -------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
@pytest.mark.parametrize(("fmt", "online_taken"), [("in_person", False), ("hybrid", True)])
def test_online_votes_after_the_start_only_at_a_meeting_held_online_too(org, fmt, online_taken):
    people = gf.members(org, 3)
    voter, user = gf.member_with_login(org)
    meeting, motion = _meeting(org, people, format=fmt)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        if online_taken:
            gf.cast(motion, voter, "for", channel="online", actor=user)
            assert _participation(motion, voter).channel == "online"
        else:
            with gf.refused("channel", "This ballot does not take online votes."):
                gf.cast(motion, voter, "for", channel="online", actor=user)


@gf.at(gf.NOTICE_AT)
def test_no_paper_votes_in_the_room_before_the_meeting_opens(org):
    people = gf.members(org, 3)
    _unused, motion = _meeting(org, people)
    with gf.refused("channel", "This ballot does not take votes in the room."):
        gf.cast(motion, people[2], "for")


# --- Show of hands -------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_a_show_of_hands_counts_those_present_who_have_not_voted(org, secretary):
    people = gf.members(org, 4)
    early, user = gf.member_with_login(org)
    meeting, motion = _meeting(org, people)
    gf.cast(motion, early, "against", channel="online", actor=user)
    _appoint(meeting, people[3], people[0], kind="directed", directions={str(motion.pk): "for"})
    with gf.at(gf.DURING):
        gf.start(meeting, [*people[:3], early])
        with gf.refused("counts", "Count for, against or abstain."):
            services.vote_by_show_of_hands(item=motion, counts={"maybe": 1}, actor=secretary)
        with gf.refused("counts", "4 hands were counted but only 3 members present"):
            services.vote_by_show_of_hands(item=motion, counts={"for": 4}, actor=secretary)
        services.vote_by_show_of_hands(
            item=motion, counts={"for": 2, "abstain": 1}, actor=secretary
        )
    motion.refresh_from_db()
    # 2 hands for, 1 abstaining; 1 for by proxy; 1 against online in advance.
    assert motion.resolution.result["votes"] == {"for": 3, "against": 1, "abstain": 1, "blank": 0}
    channels = sorted(
        Participation.objects.filter(ballot=gf.ballot_of(motion), has_voted=True).values_list(
            "channel", flat=True
        )
    )
    assert channels == ["hands", "hands", "hands", "online", "proxy"]


@gf.at(gf.NOTICE_AT)
def test_no_show_of_hands_while_inquorate_or_where_classes_are_weighted(
    org, organisation, secretary
):
    people = gf.members(org, 4)
    meeting, motion = _meeting(org, people)
    weighted_people = gf.members(organisation, 3)
    weighted, weighted_motion = _meeting(organisation, weighted_people)
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        gf.check_in(meeting, people[:1], status="left")
        with gf.refused("quorum", "2 members present, 3 needed (rule 33). No vote can be taken."):
            services.vote_by_show_of_hands(item=motion, counts={"for": 2}, actor=secretary)
        gf.start(weighted, weighted_people)
        with gf.refused("question", "The rules weigh the vote by member class"):
            services.vote_by_show_of_hands(item=weighted_motion, counts={"for": 3}, actor=secretary)
