"""Members' motions and amendments: the deadline, seconders, the board's decision,
withdrawal and ruling out — each refusal citing its rule and writing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import AuditEvent
from governance import services
from governance.models import Amendment, Motion
from tests.factories import governance as gf
from tests.factories import membership as mf
from voting.models import Ballot, Participation

pytestmark = pytest.mark.django_db

D = dt.date
#: The meeting is on 2 April 2026; motions are due 21 days before, by 12 March (inclusive).
DEADLINE_DAY = dt.datetime(2026, 3, 12, 23, 0, tzinfo=gf.LONDON)
AFTER_DEADLINE = dt.datetime(2026, 3, 13, 8, 0, tzinfo=gf.LONDON)


def _submit(meeting, proposer, **kwargs):
    return services.motion_submit(
        meeting=meeting,
        proposer=proposer,
        title="Living wage",
        text=gf.MOTION_TEXT,
        supporting_statement="Fair pay keeps good carers.",
        actor=None,
        **kwargs,
    )


# --- Submitting and seconding ------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_a_member_submits_a_motion_and_another_seconds_it(organisation):
    proposer, seconder = gf.members(organisation, 2)
    meeting = gf.plan(organisation)
    motion = _submit(meeting, proposer, resolution_type="special")
    assert (motion.status, motion.submitted_on, motion.resolution_type.code) == (
        "submitted",
        D(2026, 3, 2),
        "special",
    )
    motion = services.motion_second(motion=motion, seconder=seconder, actor=None)
    assert (motion.status, motion.seconder, motion.seconded_on) == (
        "seconded",
        seconder,
        D(2026, 3, 2),
    )
    assert list(
        AuditEvent.objects.filter(action__startswith="motion.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["motion.submit", "motion.second"]


@gf.at(AFTER_DEADLINE)
def test_a_motion_after_the_deadline_is_refused(organisation):
    proposer = mf.member(organisation)
    with gf.at(gf.NOTICE_AT):
        meeting = gf.plan(organisation)
    with gf.refused(
        "submitted_on",
        "Members' motions had to be received by 12 Mar 2026, 21 days before the meeting",
        "(Rules as registered)",
    ):
        _submit(meeting, proposer)


@gf.at(DEADLINE_DAY)
def test_a_motion_on_the_deadline_day_is_in_time(organisation):
    proposer = mf.member(organisation)
    with gf.at(gf.NOTICE_AT):
        meeting = gf.plan(organisation)
    assert _submit(meeting, proposer).submitted_on == D(2026, 3, 12)


@gf.at(gf.NOTICE_AT)
def test_the_deadline_cites_the_rule_number_where_the_rules_give_one(db):
    org = gf.plain_coop()
    proposer = mf.member(org)
    meeting = gf.plan(org)
    with gf.at(AFTER_DEADLINE), gf.refused("submitted_on", "(rule 31)"):
        _submit(meeting, proposer)
    with gf.refused("submitted_on", "The date cannot be in the future."):
        _submit(meeting, proposer, submitted_on=D(2026, 3, 3))
    # A paper motion received in time may be entered later by the secretary.
    with gf.at(AFTER_DEADLINE):
        assert _submit(meeting, proposer, submitted_on=D(2026, 3, 10)).submitted_on == D(
            2026, 3, 10
        )


@gf.at(gf.NOTICE_AT)
def test_seconding_after_the_deadline_is_refused(organisation):
    proposer, seconder = gf.members(organisation, 2)
    meeting = gf.plan(organisation)
    motion = _submit(meeting, proposer)
    with gf.at(AFTER_DEADLINE), gf.refused("seconded_on", "had to be received by 12 Mar 2026"):
        services.motion_second(motion=motion, seconder=seconder, actor=None)


@gf.at(gf.NOTICE_AT)
def test_a_motion_cannot_be_seconded_by_its_proposer(organisation):
    proposer = mf.member(organisation)
    motion = _submit(gf.plan(organisation), proposer)
    with gf.refused(
        "seconder",
        "The proposer cannot second their own motion.",
        "needs a seconder who is another member",
    ):
        services.motion_second(motion=motion, seconder=proposer, actor=None)


@gf.at(gf.NOTICE_AT)
def test_only_current_members_propose_or_second(organisation, other_organisation):
    proposer = mf.member(organisation)
    meeting = gf.plan(organisation)
    stranger = mf.member(other_organisation)
    former = gf.cease(mf.member(organisation))
    suspended = gf.suspend(mf.member(organisation))
    with gf.refused("proposer", "Only a member of Dyfi Care Co-operative can do this."):
        _submit(meeting, stranger)
    with gf.refused("proposer", f"Member {former.number} has ceased to be a member."):
        _submit(meeting, former)
    motion = _submit(meeting, proposer)
    with gf.refused("seconder", "Only a member of Dyfi Care Co-operative can do this."):
        services.motion_second(motion=motion, seconder=stranger, actor=None)
    with gf.refused("seconder", f"Member {former.number} has ceased to be a member."):
        services.motion_second(motion=motion, seconder=former, actor=None)
    with gf.refused("seconder", f"Member {suspended.number} is suspended."):
        services.motion_second(motion=motion, seconder=suspended, actor=None)


@gf.at(gf.NOTICE_AT)
def test_bad_motions_are_refused(organisation):
    proposer, seconder = gf.members(organisation, 2)
    meeting = gf.plan(organisation)
    with gf.refused("title", "Give the motion a short title."):
        services.motion_submit(meeting=meeting, proposer=proposer, title=" ", text="x", actor=None)
    with gf.refused("text", "Write the motion."):
        services.motion_submit(meeting=meeting, proposer=proposer, title="x", text="", actor=None)
    with gf.refused("resolution_type", "The rules define no resolution of the type “urgent”."):
        _submit(meeting, proposer, resolution_type="urgent")
    board = gf.plan(organisation, kind="board")
    with gf.refused("meeting", "Members' motions are for general meetings."):
        _submit(board, proposer)
    motion = gf.motion(meeting, proposer, seconder, admit=False)
    with gf.refused("motion", "This motion is not waiting for a seconder."):
        services.motion_second(motion=motion, seconder=seconder, actor=None)


# --- The board's decision ---------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_the_board_records_admissibility_with_a_reason(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    waiting = gf.motion(meeting, people[0], people[1], admit=False)
    with gf.refused("reason", "Record the board's reason."):
        services.motion_decide_admissibility(
            motion=waiting, admissible=True, reason=" ", actor=None
        )
    admitted = services.motion_decide_admissibility(
        motion=waiting, admissible=True, reason="Within the society's objects", actor=None
    )
    assert (admitted.status, admitted.admissibility_reason, admitted.admissibility_decided_on) == (
        "admissible",
        "Within the society's objects",
        D(2026, 3, 2),
    )
    assert admitted.agenda_item is not None
    assert (admitted.agenda_item.position, admitted.agenda_item.kind) == (2, "motion")
    other = gf.motion(meeting, people[2], people[3], admit=False, title="Buy a boat")
    refused_motion = services.motion_decide_admissibility(
        motion=other, admissible=False, reason="Outside the society's objects", actor=None
    )
    assert (refused_motion.status, refused_motion.agenda_item) == ("inadmissible", None)
    with gf.refused("motion", "Only a seconded motion waits for the board's decision."):
        services.motion_decide_admissibility(
            motion=refused_motion, admissible=True, reason="Changed our minds", actor=None
        )


@gf.at(gf.NOTICE_AT)
def test_a_motion_admitted_after_notice_opens_to_online_voting(organisation):
    people = gf.members(organisation, 3)
    meeting = gf.give_notice(gf.plan(organisation))
    motion = gf.motion(meeting, people[0], people[1])
    ballot = gf.ballot_of(motion)
    assert (ballot.status, ballot.allow_online, ballot.allow_in_room, ballot.record_date) == (
        "open",
        True,
        False,
        D(2026, 3, 2),
    )


@gf.at(gf.NOTICE_AT)
def test_a_board_motion_needs_no_seconder(organisation):
    meeting = gf.plan(organisation)
    motion = gf.board_motion(meeting, code="special")
    assert (motion.status, motion.is_board_motion, motion.proposer, motion.seconder) == (
        "admissible",
        True,
        None,
        None,
    )
    assert motion.agenda_item is not None
    assert motion.ballot_id is None  # no notice yet
    meeting = gf.give_notice(meeting)
    later = gf.board_motion(meeting, title="Budget")
    assert gf.ballot_of(later).status == "open"


# --- Withdrawal ---------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_a_board_motion_is_withdrawn_by_the_secretary_and_no_member(
    organisation, secretary, member, member_record
):
    meeting = gf.give_notice(gf.plan(organisation))
    motion = gf.board_motion(meeting, title="Budget")
    with gf.refused("motion", "Only the secretary can withdraw a board motion."):
        services.motion_withdraw(motion=motion, by=member_record, actor=member)
    withdrawn = services.motion_withdraw(motion=motion, by=None, actor=secretary)
    assert withdrawn.status == Motion.Status.WITHDRAWN
    assert gf.ballot_of(withdrawn).status == "cancelled"


@gf.at(gf.NOTICE_AT)
def test_the_proposer_withdraws_and_the_amendments_fall_with_the_motion(organisation):
    people = gf.members(organisation, 4)
    voter, user = gf.member_with_login(organisation)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    meeting = gf.give_notice(meeting)
    gf.cast(motion, voter, "for", channel="online", actor=user)
    with gf.refused("motion", "Only the proposer can withdraw the motion."):
        services.motion_withdraw(motion=motion, by=people[1], actor=None)
    services.motion_withdraw(motion=motion, by=people[0], actor=None)
    motion.refresh_from_db()
    amendment.refresh_from_db()
    assert (motion.status, amendment.status) == ("withdrawn", "withdrawn")
    assert gf.ballot_of(motion).status == Ballot.Status.CANCELLED
    assert gf.ballot_of(amendment).status == Ballot.Status.CANCELLED
    with gf.refused("motion", "Only a motion not yet decided can be withdrawn."):
        services.motion_withdraw(motion=motion, by=people[0], actor=None)


# --- Amendments ----------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_an_amendment_is_proposed_and_seconded(organisation):
    people = gf.members(organisation, 4)
    motion = gf.motion(gf.plan(organisation), people[0], people[1])
    amendment = services.amendment_submit(
        motion=motion, proposer=people[2], text=gf.AMENDED_TEXT, summary="from April", actor=None
    )
    assert (amendment.status, amendment.position, amendment.base_text) == (
        "submitted",
        1,
        gf.MOTION_TEXT,
    )
    with gf.refused("seconder", "The proposer cannot second their own amendment."):
        services.amendment_second(amendment=amendment, seconder=people[2], actor=None)
    amendment = services.amendment_second(amendment=amendment, seconder=people[3], actor=None)
    assert amendment.status == "seconded"
    with gf.refused("text", "The amendment does not change the motion."):
        services.amendment_submit(
            motion=motion, proposer=people[2], text=gf.MOTION_TEXT, actor=None
        )
    board = services.amendment_submit(
        motion=motion, text="Pay every worker well.", by_board=True, actor=None
    )
    assert (board.status, board.position, board.proposer) == ("seconded", 2, None)


@gf.at(gf.NOTICE_AT)
def test_an_amendment_to_a_motion_already_decided_is_refused(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2])  # proposed, not yet seconded
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        meeting = gf.start(meeting, people[:3])
        services.amendment_rule_out(amendment=amendment, reason="Not seconded", actor=None)
        gf.poll(motion, [(people[0], "for"), (people[1], "for"), (people[2], "against")])
        services.vote_take(item=motion, actor=None)
        with gf.refused(
            "motion",
            "The motion has already been decided: it can no longer be amended.",
            "Amendments are decided before the motion they amend.",
        ):
            services.amendment_submit(
                motion=motion, proposer=people[3], text=gf.AMENDED_TEXT, actor=None
            )


@gf.at(gf.NOTICE_AT)
def test_ruling_out_an_amendment_cancels_the_votes_cast_on_it_in_advance(organisation):
    people = gf.members(organisation, 4)
    voter, user = gf.member_with_login(organisation)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    meeting = gf.give_notice(meeting)
    gf.cast(amendment, voter, "for", channel="online", actor=user)
    assert Participation.objects.filter(ballot=gf.ballot_of(amendment), has_voted=True).count() == 1
    with gf.refused("reason", "Record the reason."):
        services.amendment_rule_out(amendment=amendment, reason="", actor=None)
    services.amendment_rule_out(amendment=amendment, reason="It would wreck the motion", actor=None)
    amendment.refresh_from_db()
    assert (amendment.status, amendment.result_summary) == (
        "inadmissible",
        "It would wreck the motion",
    )
    ballot = gf.ballot_of(amendment)
    assert ballot.status == Ballot.Status.CANCELLED
    assert ballot.questions.get().result is None  # never counted
    with gf.refused("amendment", "Only an amendment not yet decided can be ruled out."):
        services.amendment_rule_out(amendment=amendment, reason="Again", actor=None)
    # The motion can now be voted on, the advance vote on the amendment left uncounted.
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        gf.poll(motion, [(people[0], "for"), (people[1], "for"), (people[2], "for")])
        services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert (motion.status, motion.substantive_text) == ("carried", gf.MOTION_TEXT)


@gf.at(gf.NOTICE_AT)
def test_withdrawing_an_amendment_cancels_its_ballot(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    gf.give_notice(meeting)
    with gf.refused("amendment", "Only the proposer can withdraw the amendment."):
        services.amendment_withdraw(amendment=amendment, by=people[3], actor=None)
    services.amendment_withdraw(amendment=amendment, by=people[2], actor=None)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.WITHDRAWN
    assert gf.ballot_of(amendment).status == Ballot.Status.CANCELLED


@gf.at(gf.NOTICE_AT)
def test_an_amendment_seconded_after_notice_opens_to_online_voting(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    gf.give_notice(meeting)
    amendment = gf.amendment(motion, people[2])
    assert amendment.ballot_id is None
    amendment = gf.amendment(motion, people[2], people[3], text="Pay all workers well.")
    ballot = gf.ballot_of(amendment)
    assert (ballot.status, ballot.allow_online, ballot.title) == (
        "open",
        True,
        "Amendment 2 to “Living wage”",
    )


@gf.at(gf.NOTICE_AT)
def test_amendments_only_from_current_members(organisation, other_organisation):
    people = gf.members(organisation, 2)
    motion = gf.motion(gf.plan(organisation), people[0], people[1])
    stranger = mf.member(other_organisation)
    with gf.refused("proposer", "Only a member of Dyfi Care Co-operative can do this."):
        services.amendment_submit(motion=motion, proposer=stranger, text="x y", actor=None)
    amendment = gf.amendment(motion, people[0])
    former = gf.cease(mf.member(organisation))
    with gf.refused("seconder", f"Member {former.number} has ceased to be a member."):
        services.amendment_second(amendment=amendment, seconder=former, actor=None)


@gf.at(gf.NOTICE_AT)
def test_no_motion_or_amendment_business_after_the_meeting_has_ended(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    waiting = gf.motion(meeting, people[2], people[3], admit=False, title="Other")
    services.meeting_cancel(meeting=meeting, reason="Called off", actor=None)
    with gf.refused("meeting", "The meeting has ended."):
        services.amendment_submit(
            motion=motion, proposer=people[2], text=gf.AMENDED_TEXT, actor=None
        )
    with gf.refused("meeting", "The meeting has ended."):
        services.motion_decide_admissibility(
            motion=waiting, admissible=True, reason="OK", actor=None
        )
    with gf.refused("meeting", "The meeting has ended."):
        gf.board_motion(meeting)
    with gf.refused("meeting", "This meeting is no longer taking motions."):
        _submit(meeting, people[0])
    assert Motion.objects.filter(meeting=meeting).count() == 2
