"""Last year's AGM of Cartrefi Cwm Elan: held, with its board election (the STV ballot of the
voting demo), members' motions and an amendment voted online and in the room, and draft
minutes to be approved at this year's AGM. Run through the governance services from notice to
minutes, then dated on the day it was held."""

from __future__ import annotations

import datetime as dt
import random

from coop.core.models import User
from coop.demo.dates import Calendar, aware
from coop.demo.governance.shared import (
    ADMISSIBLE,
    draw_members,
    item_ballot,
    motion_texts,
    plan_agm,
    vote_online,
)
from coop.demo.votes import cast_resolution, member_of, waiting_voters
from governance import services
from governance.models import AgendaItem, Amendment, Attendance, Meeting, Motion, Resolution
from membership.models import Member, Officer, Organisation
from voting.models import Ballot, Channel, Participation

#: Items in the order the meeting takes them, with the share of votes for each.
Items = list[tuple[Motion | Amendment, float]]

#: What the minutes say of each kind of agenda item.
NOTES: dict[str, str] = {
    AgendaItem.Kind.MINUTES: "The minutes of the last annual general meeting were approved "
    "as a correct record and signed by the chair.",
    AgendaItem.Kind.REPORT: "The chair presented the annual report and the treasurer the "
    "accounts; members asked about staff turnover and travel costs, and received both.",
    AgendaItem.Kind.ELECTION: "The scrutineer declared the count of the ballot by single "
    "transferable vote, with one seat reserved for service users and carers and one for "
    "workers (rule 40).",
}


def _plan(
    org: Organisation, users: dict[str, User], calendar: Calendar, election: Ballot
) -> Meeting:
    """The meeting with its report and its election on the agenda, dated last year."""
    secretary = users["secretary.elan"]
    held_on = calendar.past_agm_on
    meeting = plan_agm(
        org,
        secretary,
        year=held_on.year,
        starts_at=aware(calendar.today + dt.timedelta(days=60), 14),
    )
    # The demo shows a meeting held last year, but meetings can be planned only for the
    # future: this moves its date back before anything else is done. From here on every
    # step goes through the services (which accept past dates for notice and motions).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=aware(held_on, 14))
    meeting.refresh_from_db()
    services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.ELECTION,
        title="Election of the board",
        title_cy="Ethol y bwrdd",
        ballot=election,
        actor=secretary,
    )
    return meeting


def _business(
    meeting: Meeting,
    org: Organisation,
    users: dict[str, User],
    calendar: Calendar,
    rng: random.Random,
) -> tuple[Motion, Motion, Motion]:
    """Two members' motions, proposed, seconded and admitted, and the board's motion."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    motions_on = calendar.past_motions_on
    respite = services.motion_submit(
        meeting=meeting,
        proposer=member_of(org, users["member1.elan"]),
        **motion_texts("respite"),
        supporting_statement="Carers keep our members at home. A weekend away keeps carers going.",
        submitted_on=motions_on,
        actor=users["member1.elan"],
    )
    interest = services.motion_submit(
        meeting=meeting,
        proposer=draw_members(org, rng, 1, before=motions_on, cls="investors")[0],
        **motion_texts("interest"),
        supporting_statement="Our investors have waited three years for a fair return.",
        submitted_on=motions_on + dt.timedelta(days=1),
        actor=secretary,
    )
    seconders = draw_members(org, rng, 2, before=motions_on, cls="supporters")
    for motion, seconder in zip((respite, interest), seconders, strict=True):
        services.motion_second(
            motion=motion,
            seconder=seconder,
            seconded_on=motions_on + dt.timedelta(days=2),
            actor=secretary,
        )
        services.motion_decide_admissibility(
            motion=motion, admissible=True, reason=ADMISSIBLE, actor=board
        )
    examiner = services.board_motion_add(
        meeting=meeting, **motion_texts("examiner"), actor=secretary
    )
    return respite, interest, examiner


def _amendment(
    respite: Motion, org: Organisation, secretary: User, notice_on: dt.date, rng: random.Random
) -> Amendment:
    """Workers' amendment to the respite fund, proposed and seconded after the notice."""
    proposer, seconder = draw_members(org, rng, 2, before=notice_on, cls="workers")
    amendment = services.amendment_submit(
        motion=respite,
        proposer=proposer,
        summary="Raise the fund from £3,000 to £5,000 a year",
        text=(
            "That the co-op sets aside £5,000 a year from its surplus for a fund that pays for "
            "short breaks for unpaid carers who are members."
        ),
        text_cy=(
            "Bod y gydweithfa yn neilltuo £5,000 y flwyddyn o'i gwarged ar gyfer cronfa sy'n "
            "talu am seibiannau byr i ofalwyr di-dâl sy'n aelodau."
        ),
        actor=secretary,
    )
    services.amendment_second(amendment=amendment, seconder=seconder, actor=secretary)
    return amendment


def _attendance(
    meeting: Meeting,
    org: Organisation,
    users: dict[str, User],
    notice_on: dt.date,
    rng: random.Random,
) -> list[Member]:
    """Forty members present and four apologies; returns those present."""
    secretary = users["secretary.elan"]
    present = [member_of(org, users["board.elan"]), member_of(org, users["member1.elan"])]
    present += draw_members(org, rng, 38, before=notice_on)
    for member in present:
        services.attendance_record(meeting=meeting, member=member, actor=secretary)
    apologies = [
        member_of(org, users["member2.elan"]),
        *draw_members(org, rng, 3, before=notice_on),
    ]
    for member in apologies:
        if member not in present:
            services.attendance_record(
                meeting=meeting, member=member, status=Attendance.Status.APOLOGIES, actor=secretary
            )
    return present


def _hold(
    meeting: Meeting,
    org: Organisation,
    users: dict[str, User],
    items: Items,
    present: list[Member],
    rng: random.Random,
) -> None:
    """The meeting itself: started by the chair, the items voted in the room, the agenda
    minuted, closed."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    chair = (
        Officer.objects.filter(organisation=org, office=Officer.Office.CHAIR, ended_on__isnull=True)
        .order_by("-appointed_on")
        .first()
    )
    services.meeting_start(
        meeting=meeting, chair_name=chair.name if chair else board.full_name, actor=secretary
    )
    present_ids = {m.pk for m in present}
    for item, share_for in items:
        ballot = item_ballot(item)
        voters = [m for m in waiting_voters(ballot) if m.pk in present_ids]
        cast_resolution(
            ballot,
            voters,
            share_for=share_for,
            share_abstain=(1 - share_for) / 3,
            rng=rng,
            actor=secretary,
        )
        services.vote_take(item=item, actor=secretary)
    for agenda_item in meeting.agenda.order_by("position"):
        services.agenda_item_mark(
            item=agenda_item,
            status=AgendaItem.Status.DONE,
            note=NOTES.get(agenda_item.kind, ""),
            actor=secretary,
        )
    services.meeting_close(meeting=meeting, actor=secretary)


def past_agm(
    org: Organisation,
    users: dict[str, User],
    calendar: Calendar,
    election: Ballot,
    rng: random.Random,
) -> Meeting:
    """Last year's AGM of Cwm Elan, run through the services from notice to minutes."""
    secretary = users["secretary.elan"]
    notice_on = calendar.past_notice_on
    meeting = _plan(org, users, calendar, election)
    respite, interest, examiner = _business(meeting, org, users, calendar, rng)
    services.meeting_give_notice(meeting=meeting, given_on=notice_on, actor=secretary)
    amendment = _amendment(respite, org, secretary, notice_on, rng)
    items: Items = [(amendment, 0.74), (respite, 0.86), (interest, 0.22), (examiner, 0.9)]
    for key in ("board.elan", "member1.elan"):  # votes cast online before the meeting
        for item, share_for in items:
            vote_online(item, member_of(org, users[key]), users[key], share_for, rng)
    present = _attendance(meeting, org, users, notice_on, rng)
    _hold(meeting, org, users, items, present, rng)
    _back_date_held_meeting(meeting, calendar, election)
    meeting.refresh_from_db()
    services.minutes_generate(meeting=meeting, actor=secretary)
    return meeting


def _back_date_held_meeting(meeting: Meeting, calendar: Calendar, election: Ballot) -> None:
    """Date what happened at last year's AGM on the day it was held.

    The services stamp what they do with today's date (they refuse to run a meeting in the
    past), so the demo, having run the meeting through them, moves those stamps back to the
    meeting's day for display: the only writes of the demo outside the services. The audit
    trail keeps the real times at which the demo wrote each step."""
    held_on, notice_on = calendar.past_agm_on, calendar.past_notice_on
    Meeting.objects.filter(pk=meeting.pk).update(
        started_at=aware(held_on, 14, 2), ended_at=aware(held_on, 16, 10)
    )
    Attendance.objects.filter(meeting=meeting, checked_in_at__isnull=False).update(
        checked_in_at=aware(held_on, 13, 45)
    )
    motions = Motion.objects.filter(meeting=meeting)
    motions.filter(is_board_motion=True).update(submitted_on=notice_on - dt.timedelta(days=7))
    motions.update(admissibility_decided_on=notice_on - dt.timedelta(days=4), decided_on=held_on)
    Amendment.objects.filter(motion__meeting=meeting).update(
        submitted_on=notice_on + dt.timedelta(days=6)
    )
    Resolution.objects.filter(meeting=meeting).update(passed_on=held_on)
    item_ballots = [
        *motions.order_by("pk").values_list("ballot_id", flat=True),
        *Amendment.objects.filter(motion__meeting=meeting).values_list("ballot_id", flat=True),
    ]
    for index, ballot_id in enumerate(sorted(item_ballots)):
        closed_at = aware(held_on, 14, 40) + dt.timedelta(minutes=10 * index)
        Ballot.objects.filter(pk=ballot_id).update(
            opened_at=aware(notice_on, 9),
            closed_at=closed_at,
            published_at=closed_at + dt.timedelta(minutes=1),
        )
    Ballot.objects.filter(pk=election.pk).update(
        opened_at=aware(notice_on, 9),
        closed_at=aware(held_on, 15, 30),
        published_at=aware(held_on, 16, 0),
    )
    ballots = [*item_ballots, election.pk]
    voted = Participation.objects.filter(ballot_id__in=ballots, has_voted=True)
    voted.filter(channel=Channel.ONLINE).update(voted_on=notice_on + dt.timedelta(days=5))
    voted.exclude(channel=Channel.ONLINE).update(voted_on=held_on)
