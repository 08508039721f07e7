"""Confirmation of a special resolution at a second meeting (CCBS Act 2014 s.111), and who
is counted in a vote: each member once, from the register when notice was given."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from governance import services
from governance.models import Meeting, Motion, Resolution
from membership.models import Member, Organisation
from tests.factories import governance as gf
from voting.models import Participation

pytestmark = pytest.mark.django_db

D = dt.date


def _called(
    org: Organisation, count: int, *, code: str = "ordinary", **plan: Any
) -> tuple[Meeting, list[Member], Motion]:
    people = gf.members(org, count)
    meeting = gf.plan(org, **plan)
    motion = gf.motion(meeting, people[0], people[1], code=code)
    return gf.give_notice(meeting), people, motion


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
