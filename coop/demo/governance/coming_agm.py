"""This year's AGM of Cartrefi Cwm Elan, in its notice period: called today, hybrid, two
members' motions proposed and seconded, a board motion to change the rules, an amendment,
online voting open with a board member's votes in, and two proxies appointed."""

from __future__ import annotations

import datetime as dt
import random

from coop.core.models import User
from coop.demo.dates import Calendar, aware
from coop.demo.governance.shared import (
    ADMISSIBLE,
    ONLINE_LINK,
    draw_members,
    motion_texts,
    plan_agm,
    vote_online,
)
from coop.demo.votes import member_of
from governance import services
from governance.models import Amendment, Meeting, MeetingProxy, Motion
from membership.models import Organisation


def _motions(
    meeting: Meeting,
    org: Organisation,
    users: dict[str, User],
    calendar: Calendar,
    rng: random.Random,
) -> tuple[Motion, Motion]:
    """Members' motions on travel time and bilingual meetings, seconded and admitted, and the
    board's rule change; returns the members' two."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    today, day = calendar.today, calendar.coming_agm_on
    travel = services.motion_submit(
        meeting=meeting,
        proposer=member_of(org, users["member1.elan"]),
        **motion_texts("travel", day.year + 1),
        supporting_statement="Our carers drive up to two hours a day between visits in the "
        "Elan Valley. Paying for that time is fair and it keeps good carers with us.",
        supporting_statement_cy="Mae ein gofalwyr yn gyrru hyd at ddwy awr y dydd rhwng "
        "ymweliadau yng Nghwm Elan.",
        actor=users["member1.elan"],
    )
    bilingual = services.motion_submit(
        meeting=meeting,
        proposer=draw_members(org, rng, 1, before=today, cls="supporters")[0],
        **motion_texts("bilingual"),
        actor=secretary,
    )
    services.motion_second(
        motion=travel,
        seconder=draw_members(org, rng, 1, before=today, cls="workers")[0],
        actor=secretary,
    )
    services.motion_second(
        motion=bilingual,
        seconder=member_of(org, users["member2.elan"]),
        actor=users["member2.elan"],
    )
    for motion in (travel, bilingual):
        services.motion_decide_admissibility(
            motion=motion, admissible=True, reason=ADMISSIBLE, actor=board
        )
    services.board_motion_add(
        meeting=meeting,
        **motion_texts("online"),
        resolution_type="rule_change",
        supporting_statement="Members in the hills should not have to drive an hour to vote.",
        actor=secretary,
    )
    return travel, bilingual


def _amendment(
    travel: Motion,
    org: Organisation,
    users: dict[str, User],
    calendar: Calendar,
    rng: random.Random,
) -> None:
    """A worker's amendment to the travel motion, seconded by a board member."""
    board = users["board.elan"]
    proposer = draw_members(org, rng, 1, before=calendar.today, cls="workers")[0]
    amendment = services.amendment_submit(
        motion=travel,
        proposer=proposer,
        summary="Add a yearly review of mileage rates",
        text=(
            "That the co-op pays care workers for the time they spend travelling between visits "
            "at their full hourly rate, and reviews its mileage rate every year, from 1 April "
            f"{calendar.coming_agm_on.year + 1}."
        ),
        actor=users["secretary.elan"],
    )
    services.amendment_second(amendment=amendment, seconder=member_of(org, board), actor=board)


def _proxies(
    meeting: Meeting,
    org: Organisation,
    users: dict[str, User],
    motions: tuple[Motion, Motion],
    today: dt.date,
    rng: random.Random,
) -> None:
    """A directed proxy held by a board member and a discretionary one held by the chair."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    travel, bilingual = motions
    directed, discretionary = draw_members(org, rng, 2, before=today)
    services.meeting_proxy_appoint(
        meeting=meeting,
        member=directed,
        kind=MeetingProxy.Kind.DIRECTED,
        holder=member_of(org, board),
        directions={str(travel.pk): "for", str(bilingual.pk): "abstain"},
        actor=secretary,
    )
    services.meeting_proxy_appoint(
        meeting=meeting,
        member=discretionary,
        kind=MeetingProxy.Kind.DISCRETIONARY,
        holder_name="The chair of the meeting",
        actor=secretary,
    )


def coming_agm(
    org: Organisation, users: dict[str, User], calendar: Calendar, rng: random.Random
) -> Meeting:
    """This year's AGM of Cwm Elan, called today: motions in, online voting open."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    day = calendar.coming_agm_on
    meeting = plan_agm(
        org,
        secretary,
        year=day.year,
        starts_at=aware(day, 14),
        format=Meeting.Format.HYBRID,
        online_link=ONLINE_LINK,
    )
    motions = _motions(meeting, org, users, calendar, rng)
    _amendment(motions[0], org, users, calendar, rng)
    services.meeting_give_notice(meeting=meeting, actor=secretary)
    # Online voting opened with the notice; a board member has voted on every item already.
    for motion in Motion.objects.filter(meeting=meeting).order_by("pk"):
        items: list[Motion | Amendment] = [*motion.amendments.order_by("position"), motion]
        for item in items:
            vote_online(item, member_of(org, board), board, 1.0, rng)
    _proxies(meeting, org, users, motions, calendar.today, rng)
    meeting.refresh_from_db()
    return meeting
