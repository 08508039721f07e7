"""More of a world (`tests.worlds`): the same organisations with objects in every state a page
shows only in that state, so that the crawl from each role's home page (`test_reachable_pages`)
can reach every kind of page by links a person follows.

A world holds one object of each kind in one state (a meeting under notice, an open ballot, a
bid in drafting). A page such as "Adjourn the meeting", "Publish the results" or "Pay the
withdrawal" is linked only while its object is in the state it acts on, so this module adds,
through the services: a meeting planned without notice, one under way, one adjourned and one
closed with draft minutes and a special resolution awaiting confirmation; a draft STV
election, a closed ballot tied on its question, a one-question ballot open in the room; a
suspended member, an organisation member, a member's own withdrawable shares, an approved
withdrawal, a share class with withdrawals suspended; answers in review and approved, bids
waiting for their go/no-go (one with its ballot closed) and an opportunity with no bid yet.

Meetings held "now" are planned ahead, given notice, then moved to the present (as the
running tests do): the services check the calendar, the pages only read it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from governance import services as governance
from governance.models import Meeting, Motion
from membership import services as membership
from membership.models import Member, Withdrawal
from tendering import services as tendering
from tendering.models import Answer
from tests.factories import membership as mf
from tests.factories import tendering as tf
from tests.factories import voting as vf
from tests.worlds import World
from voting import services as voting
from voting.models import Proxy


def add_states(world: World) -> None:
    """Everything in the module docstring, in `world`'s organisations."""
    people = [mf.member(world.coop, cls="workers") for _ in range(6)]
    own = Member.objects.get(organisation=world.coop, number=world.values["own_member"])
    _meetings(world, people, own)
    _ballots(world, people)
    _register(world, own)
    _bids(world)


# --- Meetings ---------------------------------------------------------------------------------


def _plan(world: World, title: str) -> Meeting:
    return governance.meeting_plan(
        organisation=world.coop,
        kind="general",
        title=title,
        title_cy=title,
        starts_at=timezone.now() + dt.timedelta(days=40),
        place="Neuadd y Dref, Llanidloes",
        actor=None,
    )


def _motion(meeting: Meeting, proposer: Member, seconder: Member | None, **fields: str) -> Motion:
    motion = governance.motion_submit(
        meeting=meeting,
        proposer=proposer,
        title=fields.get("title", "Rota"),
        title_cy=fields.get("title", "Rota"),
        text=fields.get("text", "Publish the rota a month ahead."),
        supporting_statement="",
        resolution_type=fields.get("code", "ordinary"),
        actor=None,
    )
    if seconder is not None:
        motion = governance.motion_second(motion=motion, seconder=seconder, actor=None)
        if fields.get("admit", "yes") == "yes":
            motion = governance.motion_decide_admissibility(
                motion=motion, admissible=True, reason="In order", actor=None
            )
    return motion


def _start_now(meeting: Meeting, present: list[Member]) -> Meeting:
    """Give notice, move the meeting to now, check `present` in and start it."""
    governance.meeting_give_notice(meeting=meeting, actor=None)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meeting.refresh_from_db()
    for person in present:
        governance.attendance_record(meeting=meeting, member=person, actor=None)
    governance.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
    meeting.refresh_from_db()
    return meeting


def _meetings(world: World, people: list[Member], own: Member) -> None:
    # Planned, no notice yet: give notice, change it; a motion waiting for a seconder and
    # one waiting for the board's decision on whether it is admissible; the member's own
    # amendment (which they may withdraw) to an admitted motion.
    planned = _plan(world, "Special meeting")
    _motion(planned, people[0], None, title="Minibus")
    _motion(planned, people[1], people[2], title="Garden", admit="no")
    admitted = _motion(planned, people[3], people[4], title="Training")
    governance.amendment_submit(
        motion=admitted,
        proposer=own,
        summary="every year",
        text="Publish the rota a month ahead, every year.",
        actor=None,
    )
    # The member appoints a proxy for the meeting under notice (then may revoke it).
    meeting = Meeting.objects.get(pk=world.values["meeting"])
    governance.meeting_proxy_appoint(
        meeting=meeting, member=own, kind="discretionary", holder_name="Sian Saer", actor=None
    )
    # Closed, with draft minutes (to approve at the meeting under way, held after it) and a
    # special resolution awaiting confirmation at a second meeting (s.111).
    closed = _plan(world, "Conversion meeting")
    special = _motion(closed, people[0], people[1], title="Convert", code="s111_special")
    _start_now(closed, people)
    special.refresh_from_db()
    assert special.ballot is not None
    question = special.ballot.questions.get()
    for person in people:
        vf.vote(special.ballot, person, question, "for")
    governance.vote_take(item=special, actor=None)
    governance.meeting_close(meeting=closed, actor=None)
    # Under way: a motion and a seconded amendment to vote on, an agenda to update.
    running = _plan(world, "General meeting")
    motion = _motion(running, people[0], people[1], title="Holidays")
    amendment = governance.amendment_submit(
        motion=motion, proposer=people[2], summary="five weeks", text="Five weeks.", actor=None
    )
    governance.amendment_second(amendment=amendment, seconder=people[3], actor=None)
    _start_now(running, people)
    # Adjourned.
    adjourned = _start_now(_plan(world, "Adjourned meeting"), people)
    governance.meeting_adjourn(meeting=adjourned, reason="Fire alarm", actor=None)


# --- Ballots ----------------------------------------------------------------------------------


def _ballots(world: World, people: list[Member]) -> None:
    # A draft election: open it, add questions, candidates, reserved seats.
    draft = vf.ballot(world.coop, title="Board election")
    vf.stv(draft)
    # Closed, tied, awaiting the chair's casting vote; results not yet published.
    tied, question = vf.resolution_ballot(world.coop, title="Tied ballot")
    vf.vote(tied, people[0], question, "for")
    vf.vote(tied, people[1], question, "against")
    voting.ballot_close(ballot=tied, actor=None)
    # One resolution open in the room: a show of hands may be recorded.
    vf.resolution_ballot(world.coop, title="Room ballot")
    # The holder of the open ballot's proxy is in the room: the proxy vote may be cast.
    proxy = Proxy.objects.get(pk=world.values["ballot_proxy"])
    voting.proxy_mark_present(proxy=proxy, present=True, actor=None)


# --- The register -----------------------------------------------------------------------------


def _register(world: World, own: Member) -> None:
    coop = world.coop
    membership.member_suspend(member=mf.member(coop), reason="Arrears", actor=None)
    mf.member(coop, name="Cwmni Cymunedol", kind=Member.Kind.ORGANISATION)
    membership.shares_allot(
        member=own,
        share_class=mf.share_class(coop, "investor"),
        shares=20,
        effective_on=dt.date(2024, 2, 1),
        paid_pence=2000,
        actor=None,
    )
    membership.withdrawal_request(
        member=own,
        share_class=mf.share_class(coop, "investor"),
        shares=5,
        requested_on=timezone.localdate(),
        actor=None,
    )
    withdrawal = Withdrawal.objects.get(pk=world.values["withdrawal"])
    membership.withdrawal_decide(
        withdrawal=withdrawal,
        approve=True,
        decided_on=timezone.localdate(),
        solvency_considered=True,
        board_minute_reference="Board minute 4/2026",
        actor=None,
    )
    bonds = membership.share_class_create(
        organisation=coop,
        code="bonds",
        name="Community bonds",
        nominal_value_pence=100,
        is_withdrawable=True,
        is_transferable=False,
        qualifies_for_membership=False,
        minimum_shares=0,
        maximum_shares=None,
        actor=None,
    )
    membership.share_class_set_withdrawals_suspended(
        share_class=bonds, suspended=True, reason="Cash flow", actor=None
    )


# --- Joint bids -------------------------------------------------------------------------------


def _bids(world: World) -> None:
    consortium = world.consortium
    lead = world.users["bid_manager"]
    answers = list(Answer.objects.filter(bid_id=world.values["bid"]).order_by("pk"))
    tendering.answer_submit_for_review(answer=answers[0], actor=lead)
    tendering.answer_submit_for_review(answer=answers[1], actor=lead)
    tendering.answer_review(answer=answers[1], approve=True, actor=lead)
    # Waiting for go/no-go: one by a ballot of the member co-ops, now closed; one not begun.
    by_ballot = tendering.bid_create(
        opportunity=tf.opportunity(consortium, reference="PCC-RES-2"),
        consortium=consortium,
        actor=None,
    )
    ballot = tendering.bid_go_ballot_open(bid=by_ballot, actor=None)
    voting.ballot_close(ballot=ballot, actor=None)
    tendering.bid_create(
        opportunity=tf.opportunity(consortium, reference="PCC-DAY-3"),
        consortium=consortium,
        actor=None,
    )
    # An opportunity with no bid yet.
    tf.opportunity(consortium, reference="PCC-SUP-4")
