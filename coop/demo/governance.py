"""The demo's general meetings, through the governance services.

- Cartrefi Cwm Elan: this year's AGM in its notice period — two members' motions, proposed
  and seconded, a board motion to change the rules, an amendment, notice given today and
  online voting open — and last year's AGM, held, with its board election (the STV ballot of
  the voting demo), its votes and draft minutes (to be approved at this year's AGM).
- Hafren Home Care: members collecting signatures to requisition a general meeting.

`load(context)` needs the voting demo's context (`ballots`, `calendar`) and returns
`meetings` and `requisition`. A co-op that already has an AGM, or a requisition with the
demo's purpose, is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone

from coop.core.models import User
from coop.demo.voting import Calendar, aware, cast_resolution, member_of, waiting_voters
from governance import services
from governance.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Meeting,
    MeetingProxy,
    Motion,
    Requisition,
    Resolution,
)
from membership.models import Member, Officer, Organisation
from voting.models import Ballot, Channel, Participation

SEED = 2026
PLACE = "Canolfan Cwm Elan, East Street, Rhayader LD6 5ER"
ONLINE_LINK = "https://meet.cwm-elan.example.org/agm"
REQUISITION = (
    "A general meeting to consider the board's plan to stop home visits in Montgomery and "
    "Churchstoke from April, and to hear members' views before any decision is taken."
)
ADMISSIBLE = "Within the objects of the co-op and the powers of a general meeting (rule 29)."


class Texts(TypedDict):
    title: str
    title_cy: str
    text: str
    text_cy: str


#: The motions of the demo's AGMs ({year}: the year after this year's AGM).
MOTIONS: dict[str, Texts] = {
    "respite": Texts(
        title="A respite fund for unpaid carers",
        title_cy="Cronfa seibiant i ofalwyr di-dâl",
        text="That the co-op sets aside £3,000 a year from its surplus for a fund that pays for "
        "short breaks for unpaid carers who are members.",
        text_cy="Bod y gydweithfa yn neilltuo £3,000 y flwyddyn o'i gwarged ar gyfer cronfa "
        "sy'n talu am seibiannau byr i ofalwyr di-dâl sy'n aelodau.",
    ),
    "interest": Texts(
        title="Interest on community shares at 4%",
        title_cy="Llog o 4% ar gyfranddaliadau cymunedol",
        text="That the co-op pays interest on community shares at 4% a year instead of 2%.",
        text_cy="Bod y gydweithfa yn talu llog o 4% y flwyddyn ar gyfranddaliadau cymunedol yn "
        "lle 2%.",
    ),
    "examiner": Texts(
        title="Appoint the independent examiner",
        title_cy="Penodi'r archwiliwr annibynnol",
        text="That Powys Rural Accounts be appointed to examine the co-op's accounts for the year.",
        text_cy="Bod Cyfrifon Gwledig Powys yn cael eu penodi i archwilio cyfrifon y flwyddyn.",
    ),
    "travel": Texts(
        title="Pay care workers for travel time",
        title_cy="Talu gweithwyr gofal am amser teithio",
        text="That the co-op pays care workers for the time they spend travelling between "
        "visits at their full hourly rate, from 1 April {year}.",
        text_cy="Bod y gydweithfa yn talu gweithwyr gofal am yr amser y maent yn ei dreulio'n "
        "teithio rhwng ymweliadau ar eu cyfradd fesul awr lawn, o 1 Ebrill {year}.",
    ),
    "bilingual": Texts(
        title="Bilingual general meetings",
        title_cy="Cyfarfodydd cyffredinol dwyieithog",
        text="That from next year the co-op holds every general meeting in Welsh and English, "
        "with simultaneous translation, and sends every notice and paper in both languages.",
        text_cy="Bod y gydweithfa, o'r flwyddyn nesaf, yn cynnal pob cyfarfod cyffredinol yn "
        "Gymraeg ac yn Saesneg, gyda chyfieithu ar y pryd, ac yn anfon pob hysbysiad a phapur "
        "yn y ddwy iaith.",
    ),
    "online": Texts(
        title="Allow members to take part in general meetings online",
        title_cy="Caniatáu i aelodau gymryd rhan mewn cyfarfodydd cyffredinol ar-lein",
        text="That rule 30 is amended so that members may attend, speak and vote at general "
        "meetings online, and that the amended rules are sent to the Financial Conduct "
        "Authority for registration.",
        text_cy="Bod rheol 30 yn cael ei diwygio fel y gall aelodau fynychu, siarad a "
        "phleidleisio mewn cyfarfodydd cyffredinol ar-lein, a bod y rheolau diwygiedig yn cael "
        "eu hanfon at yr Awdurdod Ymddygiad Ariannol i'w cofrestru.",
    ),
}


def _texts(key: str, year: int = 0) -> Texts:
    texts = MOTIONS[key]
    return Texts(
        title=texts["title"],
        title_cy=texts["title_cy"],
        text=texts["text"].format(year=year),
        text_cy=texts["text_cy"].format(year=year),
    )


def _people(
    org: Organisation, rng: random.Random, count: int, *, before: dt.date, cls: str | None = None
) -> list[Member]:
    """`count` active members without a demo account, entered by `before` (of a class)."""
    pool = (
        Member.objects.filter(
            organisation=org, kind=Member.Kind.PERSON, user__isnull=True, entered_on__lte=before
        )
        .active()
        .order_by("number")
    )
    if cls is not None:
        pool = pool.filter(member_class__code=cls)
    return sorted(rng.sample(list(pool), count), key=lambda m: m.number)


def _item_ballot(item: Motion | Amendment) -> Ballot:
    item.refresh_from_db()
    assert item.ballot is not None
    return item.ballot


def _vote_online(
    item: Motion | Amendment, member: Member, user: User, share_for: float, rng: random.Random
) -> None:
    cast_resolution(
        _item_ballot(item),
        [member],
        share_for=share_for,
        share_abstain=(1 - share_for) / 3,
        rng=rng,
        actor=user,
        channel=Channel.ONLINE,
    )


# --- Last year's AGM: held, with minutes -----------------------------------------------------


def _past_business(
    meeting: Meeting,
    org: Organisation,
    users: dict[str, User],
    calendar: Calendar,
    rng: random.Random,
) -> tuple[Motion, Motion, Motion]:
    secretary, board = users["secretary.elan"], users["board.elan"]
    motions_on = calendar.past_motions_on
    respite = services.motion_submit(
        meeting=meeting,
        proposer=member_of(org, users["member1.elan"]),
        **_texts("respite"),
        supporting_statement="Carers keep our members at home. A weekend away keeps carers going.",
        submitted_on=motions_on,
        actor=users["member1.elan"],
    )
    interest = services.motion_submit(
        meeting=meeting,
        proposer=_people(org, rng, 1, before=motions_on, cls="investors")[0],
        **_texts("interest"),
        supporting_statement="Our investors have waited three years for a fair return.",
        submitted_on=motions_on + dt.timedelta(days=1),
        actor=secretary,
    )
    seconders = _people(org, rng, 2, before=motions_on, cls="supporters")
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
    examiner = services.board_motion_add(meeting=meeting, **_texts("examiner"), actor=secretary)
    return respite, interest, examiner


def _past_agm(
    org: Organisation,
    users: dict[str, User],
    calendar: Calendar,
    election: Ballot,
    rng: random.Random,
) -> Meeting:
    """Last year's AGM of Cwm Elan, run through the services from notice to minutes."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    held_on, notice_on = calendar.past_agm_on, calendar.past_notice_on
    meeting = services.meeting_plan(
        organisation=org,
        kind=Meeting.Kind.AGM,
        title=f"Annual General Meeting {held_on.year}",
        title_cy=f"Cyfarfod Cyffredinol Blynyddol {held_on.year}",
        starts_at=aware(calendar.today + dt.timedelta(days=60), 14),
        place=PLACE,
        actor=secretary,
    )
    # The demo shows a meeting held last year, but meetings can be planned only for the
    # future: this moves its date back before anything else is done. From here on every
    # step goes through the services (which accept past dates for notice and motions).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=aware(held_on, 14))
    meeting.refresh_from_db()
    services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.REPORT,
        title="Annual report and accounts",
        title_cy="Adroddiad blynyddol a chyfrifon",
        actor=secretary,
    )
    services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.ELECTION,
        title="Election of the board",
        title_cy="Ethol y bwrdd",
        ballot=election,
        actor=secretary,
    )
    respite, interest, examiner = _past_business(meeting, org, users, calendar, rng)
    services.meeting_give_notice(meeting=meeting, given_on=notice_on, actor=secretary)
    proposer, seconder = _people(org, rng, 2, before=notice_on, cls="workers")
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
    # (item, share for) in the order the meeting takes them.
    items: list[tuple[Motion | Amendment, float]] = [
        (amendment, 0.74),
        (respite, 0.86),
        (interest, 0.22),
        (examiner, 0.9),
    ]
    for key in ("board.elan", "member1.elan"):  # votes cast online before the meeting
        for item, share_for in items:
            _vote_online(item, member_of(org, users[key]), users[key], share_for, rng)
    present = [member_of(org, board), member_of(org, users["member1.elan"])]
    present += _people(org, rng, 38, before=notice_on)
    for member in present:
        services.attendance_record(meeting=meeting, member=member, actor=secretary)
    apologies = [member_of(org, users["member2.elan"]), *_people(org, rng, 3, before=notice_on)]
    for member in apologies:
        if member not in present:
            services.attendance_record(
                meeting=meeting, member=member, status=Attendance.Status.APOLOGIES, actor=secretary
            )
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
        ballot = _item_ballot(item)
        voters = [m for m in waiting_voters(ballot) if m.pk in present_ids]
        share_abstain = (1 - share_for) / 3
        cast_resolution(
            ballot,
            voters,
            share_for=share_for,
            share_abstain=share_abstain,
            rng=rng,
            actor=secretary,
        )
        services.vote_take(item=item, actor=secretary)
    notes: dict[str, str] = {
        AgendaItem.Kind.MINUTES: "The minutes of the last annual general meeting were approved "
        "as a correct record and signed by the chair.",
        AgendaItem.Kind.REPORT: "The chair presented the annual report and the treasurer the "
        "accounts; members asked about staff turnover and travel costs, and received both.",
        AgendaItem.Kind.ELECTION: "The scrutineer declared the count of the ballot by single "
        "transferable vote, with one seat reserved for service users and carers and one for "
        "workers (rule 40).",
    }
    for agenda_item in meeting.agenda.order_by("position"):
        services.agenda_item_mark(
            item=agenda_item,
            status=AgendaItem.Status.DONE,
            note=notes.get(agenda_item.kind, ""),
            actor=secretary,
        )
    services.meeting_close(meeting=meeting, actor=secretary)
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


# --- This year's AGM: in its notice period ---------------------------------------------------


def _coming_agm(
    org: Organisation, users: dict[str, User], calendar: Calendar, rng: random.Random
) -> Meeting:
    """This year's AGM of Cwm Elan, called today: motions in, online voting open."""
    secretary, board = users["secretary.elan"], users["board.elan"]
    today, day = calendar.today, calendar.coming_agm_on
    meeting = services.meeting_plan(
        organisation=org,
        kind=Meeting.Kind.AGM,
        title=f"Annual General Meeting {day.year}",
        title_cy=f"Cyfarfod Cyffredinol Blynyddol {day.year}",
        starts_at=aware(day, 14),
        format=Meeting.Format.HYBRID,
        place=PLACE,
        online_link=ONLINE_LINK,
        actor=secretary,
    )
    services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.REPORT,
        title="Annual report and accounts",
        title_cy="Adroddiad blynyddol a chyfrifon",
        actor=secretary,
    )
    travel = services.motion_submit(
        meeting=meeting,
        proposer=member_of(org, users["member1.elan"]),
        **_texts("travel", day.year + 1),
        supporting_statement="Our carers drive up to two hours a day between visits in the "
        "Elan Valley. Paying for that time is fair and it keeps good carers with us.",
        supporting_statement_cy="Mae ein gofalwyr yn gyrru hyd at ddwy awr y dydd rhwng "
        "ymweliadau yng Nghwm Elan.",
        actor=users["member1.elan"],
    )
    bilingual = services.motion_submit(
        meeting=meeting,
        proposer=_people(org, rng, 1, before=today, cls="supporters")[0],
        **_texts("bilingual"),
        actor=secretary,
    )
    services.motion_second(
        motion=travel,
        seconder=_people(org, rng, 1, before=today, cls="workers")[0],
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
        **_texts("online"),
        resolution_type="rule_change",
        supporting_statement="Members in the hills should not have to drive an hour to vote.",
        actor=secretary,
    )
    proposer = _people(org, rng, 1, before=today, cls="workers")[0]
    amendment = services.amendment_submit(
        motion=travel,
        proposer=proposer,
        summary="Add a yearly review of mileage rates",
        text=(
            "That the co-op pays care workers for the time they spend travelling between visits "
            "at their full hourly rate, and reviews its mileage rate every year, from 1 April "
            f"{day.year + 1}."
        ),
        actor=secretary,
    )
    services.amendment_second(amendment=amendment, seconder=member_of(org, board), actor=board)
    services.meeting_give_notice(meeting=meeting, actor=secretary)
    # Online voting opened with the notice; a board member has voted on every item already.
    for motion in Motion.objects.filter(meeting=meeting).order_by("pk"):
        items: list[Motion | Amendment] = [*motion.amendments.order_by("position"), motion]
        for item in items:
            _vote_online(item, member_of(org, board), board, 1.0, rng)
    directed, discretionary = _people(org, rng, 2, before=today)
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
    meeting.refresh_from_db()
    return meeting


# --- Hafren: a requisition collecting signatures ---------------------------------------------


def _requisition(org: Organisation, users: dict[str, User], rng: random.Random) -> Requisition:
    secretary = users["secretary.hafren"]
    today = timezone.localdate()
    starter, *signers = _people(org, rng, 8, before=today, cls="users")
    # Paper signatures handed in at the office are entered by the secretary.
    requisition = services.requisition_start(
        organisation=org,
        member=starter,
        purpose=REQUISITION,
        purpose_cy=(
            "Cyfarfod cyffredinol i ystyried cynllun y bwrdd i roi'r gorau i ymweliadau cartref "
            "yn Nhrefaldwyn a'r Ystog o fis Ebrill, ac i glywed barn yr aelodau cyn gwneud "
            "unrhyw benderfyniad."
        ),
        actor=secretary,
    )
    for member in signers:
        services.requisition_sign(requisition=requisition, member=member, actor=secretary)
    member2 = users["member2.hafren"]
    services.requisition_sign(
        requisition=requisition, member=member_of(org, member2), actor=member2
    )
    requisition.refresh_from_db()
    return requisition


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build the demo's meetings and requisition (once); returns `meetings` and
    `requisition`."""
    stdout = context["stdout"]
    users: dict[str, User] = context["users"]
    calendar: Calendar = context["calendar"]
    elan = context["organisations"]["cwm-elan"]
    hafren = context["organisations"]["hafren"]
    with transaction.atomic():
        agms = Meeting.objects.filter(organisation=elan, kind=Meeting.Kind.AGM)
        if agms.exists():
            stdout.write(f"{elan.name}: its AGMs are in the demo already, skipped.")
        else:
            rng = random.Random(f"{SEED}-agm")
            past = _past_agm(elan, users, calendar, context["ballots"]["election"], rng)
            coming = _coming_agm(elan, users, calendar, rng)
            stdout.write(
                f"{elan.name}: {past.title} held with draft minutes; {coming.title} called "
                f"for {coming.starts_at:%d/%m/%Y} with {coming.motions.count()} motions."
            )
        meetings = {
            "past_agm": agms.filter(status=Meeting.Status.CLOSED).first(),
            "coming_agm": agms.filter(status=Meeting.Status.CALLED).first(),
        }
        requisition = Requisition.objects.filter(organisation=hafren, purpose=REQUISITION).first()
        if requisition is not None:
            stdout.write(f"{hafren.name}: its requisition is in the demo already, skipped.")
        else:
            requisition = _requisition(hafren, users, random.Random(f"{SEED}-requisition"))
            stdout.write(
                f"{hafren.name}: a requisition with {requisition.signatures.count()} of "
                f"{requisition.threshold} signatures."
            )
    return {"meetings": meetings, "requisition": requisition}
