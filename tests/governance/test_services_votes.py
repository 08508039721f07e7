"""Votes on motions through a real meeting: each resolution type and threshold, ties and the
chair's casting vote, amendments decided first and in order, the quorum at every vote and the
register of resolutions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from governance import selectors, services
from governance.models import Meeting, Motion, Resolution
from membership.models import Member, Organisation
from tests.factories import governance as gf
from voting.models import Ballot

pytestmark = pytest.mark.django_db

D = dt.date


def _called(
    org: Organisation, count: int, *, code: str = "ordinary", **plan: Any
) -> tuple[Meeting, list[Member], Motion]:
    people = gf.members(org, count)
    meeting = gf.plan(org, **plan)
    motion = gf.motion(meeting, people[0], people[1], code=code)
    return gf.give_notice(meeting), people, motion


def _decide(
    org: Organisation, votes: Sequence[str], *, code: str = "ordinary", casting_vote: str = ""
) -> Motion:
    """A motion put to a meeting where each member present votes on paper as listed."""
    meeting, people, motion = _called(org, max(3, len(votes)), code=code)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        gf.poll(motion, list(zip(people, votes, strict=False)))
        services.vote_take(item=motion, actor=None, casting_vote=casting_vote)
    motion.refresh_from_db()
    return motion


# --- Thresholds --------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_an_ordinary_resolution_carried_by_more_than_half(organisation):
    motion = _decide(organisation, ["for", "for", "for", "against", "against"])
    assert (motion.status, motion.decided_on) == ("carried", D(2026, 4, 2))
    assert motion.result_summary == (
        "Carried: 60.00% of the votes cast were for. It needed more than half of the votes "
        "cast (Ordinary resolution, Rules as registered). Abstentions are not counted as "
        "votes cast."
    )
    resolution = Resolution.objects.get(motion=motion)
    assert (resolution.number, resolution.status, resolution.passed_on) == (
        1,
        "passed",
        D(2026, 4, 2),
    )
    assert (resolution.text, resolution.resolution_type.code) == (gf.MOTION_TEXT, "ordinary")
    assert resolution.rule_applied == motion.result_summary
    assert resolution.result["votes"] == {"for": 3, "against": 2, "abstain": 0, "blank": 0}
    assert gf.ballot_of(motion).status == Ballot.Status.PUBLISHED


@gf.at(gf.NOTICE_AT)
def test_abstentions_are_left_out_of_the_votes_cast(organisation):
    motion = _decide(organisation, ["for", "for", "against", "abstain", "abstain"])
    assert motion.status == "carried"
    assert motion.result_summary.startswith("Carried: 66.67% of the votes cast were for.")


@gf.at(gf.NOTICE_AT)
def test_a_tie_is_lost_where_the_rules_give_no_casting_vote(organisation):
    motion = _decide(organisation, ["for", "for", "against", "against", "abstain"])
    assert motion.status == "lost"
    assert motion.result_summary.endswith(
        "The votes were tied; with no casting vote in the rules, a tied motion is lost."
    )
    assert not Resolution.objects.exists()


@gf.at(gf.NOTICE_AT)
def test_a_tie_waits_for_the_chairs_casting_vote_where_the_rules_give_one(db):
    org = gf.plain_coop(chair_casting_vote=True)
    meeting, people, motion = _called(org, 4)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        gf.poll(motion, list(zip(people, ["for", "for", "against", "against"], strict=True)))
        with gf.refused(
            "casting_vote",
            "The votes are tied and the rules give the chair a casting vote: record it to "
            "decide the vote.",
        ):
            services.vote_take(item=motion, actor=None)
        assert gf.ballot_of(motion).status == Ballot.Status.OPEN
        services.vote_take(item=motion, actor=None, casting_vote="for")
    motion.refresh_from_db()
    assert motion.status == "carried"
    assert "The votes were tied; the chair's casting vote decided it." in motion.result_summary
    assert Resolution.objects.get(motion=motion).result["casting_vote"] == "for"


@gf.at(gf.NOTICE_AT)
def test_the_chairs_casting_vote_against_loses_the_motion(db):
    org = gf.plain_coop(chair_casting_vote=True)
    motion = _decide(org, ["for", "against"], casting_vote="against")
    assert motion.status == "lost"
    assert "the chair's casting vote decided it" in motion.result_summary


@gf.at(gf.NOTICE_AT)
@pytest.mark.parametrize(
    ("code", "votes", "status", "words"),
    [
        # Two thirds: 4 of 6 is exactly two thirds, enough.
        ("special", ["for"] * 4 + ["against"] * 2, "carried", "at least two thirds"),
        ("special", ["for"] * 3 + ["against"] * 2, "lost", "at least two thirds"),
        ("rule_change", ["for"] * 2 + ["against"], "carried", "Amendment of the rules"),
        ("rule_change", ["for", "against", "abstain"], "lost", "Amendment of the rules"),
        # A special resolution tied is simply short of two thirds: no casting vote.
        ("special", ["for", "for", "against", "against"], "lost", "at least two thirds"),
    ],
)
def test_special_resolutions_need_two_thirds_of_the_votes_cast(
    organisation, code, votes, status, words
):
    motion = _decide(organisation, votes, code=code)
    assert motion.status == status
    assert words in motion.result_summary
    assert "tied" not in motion.result_summary
    assert Resolution.objects.filter(motion=motion).exists() is (status == "carried")


@gf.at(gf.NOTICE_AT)
@pytest.mark.parametrize(
    ("votes", "status", "share"),
    [
        (["for"] * 3 + ["against"], "carried", "75.00%"),
        (["for"] * 5 + ["against"] * 2, "lost", "71.43%"),
    ],
)
def test_a_three_quarters_resolution_where_the_rules_define_one(db, votes, status, share):
    org = gf.plain_coop(resolution_types=gf.WITH_THREE_QUARTERS)
    motion = _decide(org, votes, code="dissolution")
    assert motion.status == status
    assert (
        f"{share} of the votes cast were for. It needed at least three quarters of the votes "
        "cast (Resolution to dissolve, rule 60)."
    ) in motion.result_summary


@gf.at(gf.NOTICE_AT)
def test_resolutions_are_numbered_in_the_register(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    first = gf.motion(meeting, people[0], people[1])
    second = gf.motion(meeting, people[2], people[3], title="Buy a minibus")
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        for motion in (first, second):
            gf.poll(motion, [(p, "for") for p in people])
            services.vote_take(item=motion, actor=None)
    assert list(
        selectors.resolutions_register(organisation).values_list("number", "motion__title")
    ) == [(2, "Buy a minibus"), (1, "Living wage")]


# --- When a vote can be taken ------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_no_vote_before_the_meeting_opens_or_on_a_motion_not_admitted(organisation):
    meeting, people, motion = _called(organisation, 5)
    with gf.refused("meeting", "Votes are taken while the meeting is under way."):
        services.vote_take(item=motion, actor=None)
    other = gf.motion(meeting, people[2], people[3], admit=False, title="Other")
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        with gf.refused("motion", "This motion is not open to a vote (Seconded: waiting"):
            services.vote_take(item=other, actor=None)


@gf.at(gf.NOTICE_AT)
def test_no_vote_while_inquorate_at_the_start_or_later(organisation):
    meeting, people, motion = _called(organisation, 6)
    board = gf.board_motion(meeting)
    with gf.at(gf.DURING):
        gf.check_in(meeting, people[:2])
        with gf.refused("quorum", "2 members present, 3 needed (rule 33)"):
            services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
        meeting = gf.start(meeting, people[2:4])
        gf.poll(motion, [(p, "for") for p in people[:4]])
        services.vote_take(item=motion, actor=None)
        # Two members leave: the next vote cannot be taken.
        gf.check_in(meeting, people[:2], status="left")
        gf.poll(board, [(p, "for") for p in people[2:4]])
        with gf.refused(
            "quorum",
            "The meeting is not quorate: 2 members present, 3 needed (rule 33). "
            "No vote can be taken.",
        ):
            services.vote_take(item=board, actor=None)
        gf.check_in(meeting, people[4:5])
        services.vote_take(item=board, actor=None)
    board.refresh_from_db()
    assert board.status == "carried"


# --- Amendments ----------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_amendments_are_decided_before_the_motion_and_in_order(organisation):
    people = gf.members(organisation, 5)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    first = gf.amendment(
        motion, people[2], people[3], text="Pay every care worker the real living wage."
    )
    second = gf.amendment(motion, people[3], people[4], text=gf.AMENDED_TEXT)
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        with gf.refused(
            "motion", "Amendments are decided before the motion: decide amendment 1 first."
        ):
            services.vote_take(item=motion, actor=None)
        with gf.refused("amendment", "Amendments are decided in order: decide amendment 1 first."):
            services.vote_take(item=second, actor=None)
        gf.poll(first, [(p, "for") for p in people[:3]] + [(people[3], "against")])
        services.vote_take(item=first, actor=None)
        motion.refresh_from_db()
        assert motion.final_text == "Pay every care worker the real living wage."
        # The second amendment was written to the original text: its change still applies.
        gf.poll(second, [(p, "for") for p in people])
        services.vote_take(item=second, actor=None)
        motion.refresh_from_db()
        assert motion.final_text == "Pay every care worker the real living wage from April."
        gf.poll(motion, [(p, "for") for p in people])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, motion.status) == ("carried", "carried")
    assert first.result_summary.startswith("Carried: 75.00% of the votes cast were for.")
    assert Resolution.objects.get(motion=motion).text == (
        "Pay every care worker the real living wage from April."
    )
    assert selectors.text_changes(motion.text, motion.final_text) == [
        ("same", "Pay every"),
        ("ins", " care"),
        ("same", " worker the real living "),
        ("del", "wage."),
        ("ins", "wage from April."),
    ]


@gf.at(gf.NOTICE_AT)
def test_a_lost_amendment_leaves_the_text(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        gf.poll(amendment, [(p, "against") for p in people[:3]])
        services.vote_take(item=amendment, actor=None)
        with gf.refused("amendment", "This amendment is not open to a vote (Not carried)."):
            services.vote_take(item=amendment, actor=None)
    motion.refresh_from_db()
    amendment.refresh_from_db()
    assert (amendment.status, motion.final_text, motion.substantive_text) == (
        "lost",
        "",
        gf.MOTION_TEXT,
    )


@gf.at(gf.NOTICE_AT)
def test_an_amendment_clashing_with_one_carried_cannot_be_put(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    first = gf.amendment(
        motion, people[2], people[3], text="Pay every worker the London living wage."
    )
    second = gf.amendment(
        motion, people[3], people[2], text="Pay every worker the Welsh living wage."
    )
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        gf.poll(first, [(p, "for") for p in people])
        services.vote_take(item=first, actor=None)
        with gf.refused("amendment", "An amendment already carried changed the words"):
            services.vote_take(item=second, actor=None)
        services.amendment_rule_out(amendment=second, reason="Overtaken", actor=None)
        gf.poll(motion, [(p, "for") for p in people])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert motion.substantive_text == "Pay every worker the London living wage."


@gf.at(gf.NOTICE_AT)
def test_an_amendment_proposed_at_the_meeting_is_voted_in_the_room(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        amendment = gf.amendment(motion, people[2], people[3])
        ballot = gf.ballot_of(amendment)
        assert (ballot.allow_online, ballot.allow_in_room) == (False, True)
        gf.poll(amendment, [(p, "for") for p in people])
        services.vote_take(item=amendment, actor=None)
    motion.refresh_from_db()
    assert motion.final_text == gf.AMENDED_TEXT
