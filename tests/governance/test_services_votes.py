"""Votes on motions through a real meeting: each resolution type and threshold, ties and the
chair's casting vote, amendments decided first and in order, the quorum at every vote, the
register of resolutions and confirmation at a second meeting (CCBS Act 2014 s.111)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from governance import selectors, services
from governance.models import Meeting, Motion, Resolution
from membership.models import Member, Organisation
from tests.factories import governance as gf
from voting.models import Ballot, Participation

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


# --- Confirmation at a second meeting (CCBS Act 2014 s.111) --------------------------------------

#: The second meeting is called with the first, so that any day of the window is possible.
SECOND_NOTICE = gf.NOTICE_AT
#: The day after the first meeting.
PROPOSE_AT = dt.datetime(2026, 4, 3, 10, 0, tzinfo=gf.LONDON)


def _provisional(org: Organisation) -> tuple[Motion, list[Member]]:
    meeting, people, motion = _called(org, 6, code="s111_special")
    with gf.at(gf.DURING):
        gf.start(meeting, people)
        gf.poll(motion, [(p, "for") for p in people[:4]] + [(p, "against") for p in people[4:]])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    return motion, people


def _second_meeting(org: Organisation, day: D) -> Meeting:
    with gf.at(SECOND_NOTICE):
        return gf.give_notice(
            gf.plan(
                org,
                kind="general",
                title="Special general meeting",
                starts_at=dt.datetime(day.year, day.month, day.day, 18, 30, tzinfo=gf.LONDON),
            )
        )


@gf.at(gf.NOTICE_AT)
def test_a_special_resolution_under_s111_is_provisional_until_confirmed(organisation):
    first, people = _provisional(organisation)
    assert first.status == "provisional"
    assert "It must be confirmed at a second meeting (CCBS Act 2014 s.111)." in (
        first.result_summary
    )
    resolution = Resolution.objects.get(motion=first)
    assert (resolution.status, resolution.confirmed_on) == ("provisional", None)
    second = _second_meeting(organisation, D(2026, 4, 20))
    with gf.at(PROPOSE_AT):
        confirming = services.confirmation_propose(first=first, meeting=second, actor=None)
    assert (confirming.confirms, confirming.resolution_type.code, confirming.is_board_motion) == (
        first,
        "ordinary",
        True,
    )
    assert confirming.text == first.text
    with gf.at(dt.datetime(2026, 4, 20, 18, 35, tzinfo=gf.LONDON)):
        gf.start(second, people[:3])
        gf.poll(confirming, [(people[0], "for"), (people[1], "for"), (people[2], "against")])
        services.vote_take(item=confirming, actor=None)
    first.refresh_from_db()
    resolution.refresh_from_db()
    assert first.status == "confirmed"
    assert (resolution.status, resolution.confirmed_on) == ("confirmed", D(2026, 4, 20))


@gf.at(gf.NOTICE_AT)
def test_a_resolution_not_confirmed(organisation):
    first, people = _provisional(organisation)
    second = _second_meeting(organisation, D(2026, 5, 2))  # the last day of the window
    with gf.at(PROPOSE_AT):
        confirming = services.confirmation_propose(first=first, meeting=second, actor=None)
    with gf.at(dt.datetime(2026, 5, 2, 18, 35, tzinfo=gf.LONDON)):
        gf.start(second, people[:3])
        gf.poll(confirming, [(people[0], "for"), (people[1], "against"), (people[2], "against")])
        services.vote_take(item=confirming, actor=None)
    first.refresh_from_db()
    assert first.status == "not_confirmed"
    assert Resolution.objects.get(motion=first).status == "not_confirmed"


@gf.at(gf.NOTICE_AT)
@pytest.mark.parametrize("day", [D(2026, 4, 15), D(2026, 5, 3)])
def test_confirming_outside_14_days_to_one_month_is_refused(organisation, day):
    first, _people = _provisional(organisation)  # passed on 2 April 2026
    second = _second_meeting(organisation, day)
    with (
        gf.at(PROPOSE_AT),
        gf.refused(
            "meeting",
            "The confirming meeting must be held between 16 Apr 2026 and 2 May 2026",
            "(CCBS Act 2014 s.111)",
        ),
    ):
        services.confirmation_propose(first=first, meeting=second, actor=None)


@gf.at(gf.NOTICE_AT)
def test_a_confirming_vote_adjourned_past_the_month_is_refused(organisation):
    first, people = _provisional(organisation)
    second = _second_meeting(organisation, D(2026, 5, 1))
    with gf.at(PROPOSE_AT):
        confirming = services.confirmation_propose(first=first, meeting=second, actor=None)
    with gf.at(dt.datetime(2026, 5, 1, 18, 35, tzinfo=gf.LONDON)):
        second = gf.start(second, people[:3])
        services.meeting_adjourn(meeting=second, reason="Fire alarm", actor=None)
    with gf.at(dt.datetime(2026, 5, 4, 18, 35, tzinfo=gf.LONDON)):
        services.meeting_resume(meeting=second, actor=None)
        gf.poll(confirming, [(p, "for") for p in people[:3]])
        with gf.refused("motion", "between 16 Apr 2026 and 2 May 2026", "(CCBS Act 2014 s.111)"):
            services.vote_take(item=confirming, actor=None)


@gf.at(gf.NOTICE_AT)
def test_only_a_provisional_resolution_is_put_for_confirmation_once(organisation):
    first, _people = _provisional(organisation)
    second = _second_meeting(organisation, D(2026, 4, 20))
    with gf.at(PROPOSE_AT):
        services.confirmation_propose(first=first, meeting=second, actor=None)
        with gf.refused("first", "This resolution has already been put for confirmation."):
            services.confirmation_propose(first=first, meeting=second, actor=None)
        board = gf.plan(
            organisation,
            kind="board",
            starts_at=dt.datetime(2026, 4, 20, 10, 0, tzinfo=gf.LONDON),
        )
        with gf.refused("meeting", "Choose a general meeting of the same organisation."):
            services.confirmation_propose(first=first, meeting=board, actor=None)


@gf.at(gf.NOTICE_AT)
def test_a_confirmation_can_be_put_again_when_its_meeting_is_cancelled(organisation):
    first, _people = _provisional(organisation)
    second = _second_meeting(organisation, D(2026, 4, 20))
    third = _second_meeting(organisation, D(2026, 4, 27))
    with gf.at(PROPOSE_AT):
        old = services.confirmation_propose(first=first, meeting=second, actor=None)
        services.meeting_cancel(meeting=second, reason="Venue lost", actor=None)
        new = services.confirmation_propose(first=first, meeting=third, actor=None)
    old.refresh_from_db()
    assert (old.confirms, new.confirms) == (None, first)


@gf.at(gf.NOTICE_AT)
def test_the_vote_counts_each_member_once_across_advance_and_room_votes(organisation):
    early, user = gf.member_with_login(organisation)
    meeting, people, motion = _called(organisation, 4)
    gf.cast(motion, early, "against", channel="online", actor=user)
    with gf.at(gf.DURING):
        gf.start(meeting, [*people, early])
        with gf.refused(
            "member",
            f"A vote has already been recorded for member {early.number} (Online). "
            "Each member votes once.",
        ):
            gf.cast(motion, early, "for")
        gf.poll(motion, [(p, "for") for p in people])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    result = Resolution.objects.get(motion=motion).result
    assert result["votes"] == {"for": 4, "against": 1, "abstain": 0, "blank": 0}
    assert Participation.objects.filter(ballot=motion.ballot, has_voted=True).count() == 5


@gf.at(gf.NOTICE_AT)
def test_the_electorate_is_the_register_when_notice_was_given(organisation):
    """Every ballot of the meeting has the notice day as its record date, even one opened at
    the meeting: a member admitted after notice may attend, but does not vote."""
    meeting, people, motion = _called(organisation, 3)
    with gf.at(dt.datetime(2026, 3, 20, 10, 0, tzinfo=gf.LONDON)):
        newcomer = gf.members(organisation, 1, entered_on=D(2026, 3, 20))[0]
    with gf.at(gf.DURING):
        gf.start(meeting, [*people, newcomer])
        board = gf.board_motion(meeting)
        for item in (motion, board):
            assert gf.ballot_of(item).record_date == D(2026, 3, 2)
        with gf.refused("member", f"Member {newcomer.number} is not on the roll"):
            gf.cast(motion, newcomer, "for")
        with gf.refused("member", "You were not a member on the record date of this ballot."):
            gf.cast(board, newcomer, "for")
