"""The demo's ballots, cast and counted through the voting services.

- Gofal Dyfi Care: an open ballot on a special resolution (the new wellbeing policy), with
  some votes already in: online by a member with an account, on paper for others.
- Cartrefi Cwm Elan: the board election at last year's AGM, by STV — seven candidates for
  four seats, one seat reserved for service users and carers and one for workers — a few
  hundred ranked papers, closed and published with its stage-by-stage count sheet.
- The consortium: a closed ballot of its member co-ops, each voting through its
  representative.

`load(context)` needs the membership demo's context and returns `ballots` (key → ballot) and
`calendar`. Every choice comes from a fixed seed; a ballot whose title exists is left as it
is, so running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from coop.core.models import User
from coop.demo.dates import Calendar, aware
from coop.demo.votes import cast_resolution, member_of, resolution_type, waiting_voters
from membership.models import Member, MemberClass, Organisation
from voting import services
from voting.models import Ballot, Channel, Option, Participation, Question

SEED = 2026

WELLBEING = "Adopt the new wellbeing policy"
ELECTION = "Election of the board"
BUSINESS_PLAN = "Approve the consortium's business plan 2026–2029"


def _wellbeing(org: Organisation, users: dict[str, User], rng: random.Random) -> Ballot:
    """Open: a special resolution (two thirds) of Gofal Dyfi, closing in two weeks."""
    today = timezone.localdate()
    secretary = users["secretary.dyfi"]
    record_date = today - dt.timedelta(days=7)
    closes_at = aware(today + dt.timedelta(days=14), 17)
    ballot = services.ballot_create(
        organisation=org,
        title=WELLBEING,
        title_cy="Mabwysiadu'r polisi llesiant newydd",
        description=(
            "The board asks members to adopt the Wellbeing at Work and at Home policy, written "
            "with service users, carers and care workers over the summer. It replaces the 2019 "
            "staff welfare policy. Members who are not online can hand a paper vote in at the "
            "office in Machynlleth."
        ),
        description_cy=(
            "Mae'r bwrdd yn gofyn i'r aelodau fabwysiadu'r polisi Llesiant yn y Gwaith ac yn y "
            "Cartref, a ysgrifennwyd gyda defnyddwyr gwasanaeth, gofalwyr a gweithwyr gofal dros "
            "yr haf. Mae'n disodli polisi lles staff 2019. Gall aelodau nad ydynt ar-lein roi "
            "pleidlais bapur yn y swyddfa ym Machynlleth."
        ),
        record_date=record_date,
        allow_online=True,
        allow_in_room=True,
        closes_at=closes_at,
        actor=secretary,
    )
    services.question_add(
        ballot=ballot,
        kind=Question.Kind.RESOLUTION,
        text=(
            "That Gofal Dyfi Care adopts the Wellbeing at Work and at Home policy as presented "
            "by the board, in place of the staff welfare policy of 2019."
        ),
        text_cy=(
            "Bod Gofal Dyfi yn mabwysiadu'r polisi Llesiant yn y Gwaith ac yn y Cartref fel y'i "
            "cyflwynwyd gan y bwrdd, yn lle polisi lles staff 2019."
        ),
        resolution_type=resolution_type(org, record_date, "special"),
        actor=secretary,
    )
    services.ballot_open(ballot=ballot, actor=secretary)
    # Queue the closing task for the closing time (a worker closes it then).
    services.ballot_schedule(ballot=ballot, opens_at=None, closes_at=closes_at, actor=secretary)
    board = users["board.dyfi"]
    cast_resolution(
        ballot,
        [member_of(org, board)],
        share_for=1.0,
        share_abstain=0.0,
        rng=rng,
        actor=board,
        channel=Channel.ONLINE,
    )
    # Papers handed in at the office, entered by the secretary; the demo members with an
    # account (member1, member2) are left to vote themselves.
    own = {m.pk for m in Member.objects.filter(organisation=org, user__isnull=False)}
    pool = [m for m in waiting_voters(ballot) if m.pk not in own]
    papers = sorted(rng.sample(pool, 58), key=lambda m: m.number)
    cast_resolution(ballot, papers, share_for=0.78, share_abstain=0.08, rng=rng, actor=secretary)
    return ballot


#: (member class code, index among that class's members, statement, Welsh statement).
CANDIDATES = (
    ("users", 3, "I have had care from the co-op for six years and want the board to hear "
     "from people at home.", "Rydw i wedi cael gofal gan y gydweithfa ers chwe blynedd."),
    ("users", 11, "A carer for my mother in Cwmdeuddwr; I chair the carers' coffee morning.",
     "Gofalwr i fy mam yng Nghwmdeuddwr; rwy'n cadeirio bore coffi'r gofalwyr."),
    ("workers", None, "Care worker since 2018 and a director since 2019: I stand again to "
     "finish the work on travel time.", "Gweithiwr gofal ers 2018 a chyfarwyddwr ers 2019."),
    ("workers", 7, "Senior carer on the Elan Valley round; I want rotas we can plan a life "
     "around.", "Uwch ofalwr ar rownd Cwm Elan."),
    ("supporters", 2, "Retired district nurse; treasurer of the Rhayader Community Council.",
     "Nyrs ardal wedi ymddeol; trysorydd Cyngor Cymuned Rhaeadr Gwy."),
    ("supporters", 9, "I run the village shop in Nantmel and deliver for the co-op's lunch "
     "club.", "Rwy'n rhedeg siop y pentref yn Nantmel."),
    ("investors", 1, "Invested in the 2021 share offer; an accountant by trade.",
     "Buddsoddais yng nghynnig cyfranddaliadau 2021; cyfrifydd wrth fy ngwaith."),
)  # fmt: skip

#: How strongly voters favour each candidate, and their own class's candidates. Without the
#: seat reserved for workers, the investor member would take the fourth seat.
POPULARITY = (2.6, 1.4, 1.3, 1.0, 3.0, 2.4, 2.0)
OWN_CLASS_BONUS = 1.5


def _candidates(org: Organisation, record_date: dt.date, board: User) -> list[Member]:
    classes = {c.code: c for c in MemberClass.objects.filter(organisation=org)}
    chosen = []
    for code, index, _statement, _statement_cy in CANDIDATES:
        if index is None:
            chosen.append(member_of(org, board))
            continue
        pool = (
            Member.objects.filter(
                organisation=org,
                member_class=classes[code],
                user__isnull=True,
                entered_on__lte=record_date,
            )
            .active()
            .order_by("number")
        )
        chosen.append(pool[index])
    return chosen


def _ranking(rng: random.Random, voter_class: int, classes: list[int]) -> list[int]:
    """A voter's preferences (candidate positions): by popularity, their own class's
    candidates favoured, with noise; most rank three to five, some only one."""
    scores = [
        POPULARITY[i] + (OWN_CLASS_BONUS if classes[i] == voter_class else 0) + rng.gauss(0, 1.1)
        for i in range(len(classes))
    ]
    order = sorted(range(len(classes)), key=lambda i: -scores[i])
    length = rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 7))
    return order[:length]


def _election(
    org: Organisation, users: dict[str, User], calendar: Calendar, rng: random.Random
) -> Ballot:
    """Closed and published: Cartrefi Cwm Elan's board election at last year's AGM."""
    secretary = users["secretary.elan"]
    record_date = calendar.past_notice_on
    ballot = services.ballot_create(
        organisation=org,
        title=ELECTION,
        title_cy="Ethol y bwrdd",
        description="Four directors are elected at the annual general meeting (rule 40).",
        description_cy="Etholir pedwar cyfarwyddwr yn y cyfarfod cyffredinol blynyddol (rheol 40).",
        record_date=record_date,
        allow_online=True,
        allow_in_room=True,
        actor=secretary,
    )
    question = services.question_add(
        ballot=ballot,
        kind=Question.Kind.STV,
        text="Elect four directors. Number the candidates in the order you prefer them.",
        text_cy="Etholwch bedwar cyfarwyddwr. Rhifwch yr ymgeiswyr yn nhrefn eich dewis.",
        seats=4,
        actor=secretary,
    )
    members = _candidates(org, record_date, users["board.elan"])
    options: list[Option] = []
    for member, (_code, _index, statement, statement_cy) in zip(members, CANDIDATES, strict=True):
        options.append(
            services.option_add(
                question=question,
                label=member.name,
                member_class=member.member_class,
                statement=statement,
                statement_cy=statement_cy,
                actor=secretary,
            )
        )
    for code in ("users", "workers"):
        services.reservation_set(
            question=question,
            member_class=MemberClass.objects.get(organisation=org, code=code),
            seats=1,
            actor=secretary,
        )
    services.ballot_open(ballot=ballot, actor=secretary)
    classes = [m.member_class_id for m in members]
    # The demo members with an account voted online before the meeting ...
    for key in ("board.elan", "member1.elan", "member2.elan"):
        user = users[key]
        member = member_of(org, user)
        ranking = _ranking(rng, member.member_class_id, classes)
        services.ballot_cast(
            ballot=ballot,
            member=member,
            selections={question.pk: [options[i].pk for i in ranking]},
            channel=Channel.ONLINE,
            actor=user,
        )
    # ... and the others' papers were entered by the secretary.
    pool = waiting_voters(ballot)
    voters = sorted(rng.sample(pool, min(len(pool), 212)), key=lambda m: m.number)
    for member in voters:
        ranking = _ranking(rng, member.member_class_id, classes)
        services.ballot_cast(
            ballot=ballot,
            member=member,
            selections={question.pk: [options[i].pk for i in ranking]},
            channel=Channel.ROOM,
            actor=secretary,
        )
    services.ballot_close(ballot=ballot, actor=secretary)
    services.ballot_publish(ballot=ballot, actor=secretary)
    return ballot


def _business_plan(consortium: Organisation, users: dict[str, User]) -> Ballot:
    """Closed and published: the consortium's member co-ops, one vote each, cast online by
    their representatives."""
    secretary = users["secretary.canolbarth"]
    record_date = timezone.localdate() - dt.timedelta(days=40)
    ballot = services.ballot_create(
        organisation=consortium,
        title=BUSINESS_PLAN,
        title_cy="Cymeradwyo cynllun busnes y gydweithfa 2026–2029",
        description="One vote for each member co-operative, cast by its representative.",
        description_cy=(
            "Un bleidlais i bob cydweithfa sy'n aelod, wedi'i bwrw gan ei chynrychiolydd."
        ),
        record_date=record_date,
        actor=secretary,
    )
    question = services.question_add(
        ballot=ballot,
        kind=Question.Kind.RESOLUTION,
        text="That the consortium adopts its business plan for 2026 to 2029.",
        text_cy="Bod y gydweithfa yn mabwysiadu ei chynllun busnes ar gyfer 2026 i 2029.",
        resolution_type=resolution_type(consortium, record_date, "ordinary"),
        actor=secretary,
    )
    services.ballot_open(ballot=ballot, actor=secretary)
    codes = {o.code: o.pk for o in question.options.all()}
    for short, choice in (("dyfi", "for"), ("elan", "for"), ("hafren", "abstain")):
        representative = users[f"secretary.{short}"]
        member = Member.objects.get(organisation=consortium, member_organisation__slug=_slug(short))
        services.ballot_cast(
            ballot=ballot,
            member=member,
            selections={question.pk: [codes[choice]]},
            channel=Channel.ONLINE,
            actor=representative,
        )
    services.ballot_close(ballot=ballot, actor=secretary)
    services.ballot_publish(ballot=ballot, actor=secretary)
    return ballot


def _slug(short: str) -> str:
    return {"dyfi": "gofal-dyfi", "elan": "cwm-elan", "hafren": "hafren"}[short]


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build the demo's ballots (once); returns `ballots` and `calendar`."""
    stdout = context["stdout"]
    users: dict[str, User] = context["users"]
    organisations: dict[str, Organisation] = context["organisations"]
    calendar = Calendar(timezone.localdate())
    specs = (
        ("wellbeing", "gofal-dyfi", WELLBEING),
        ("election", "cwm-elan", ELECTION),
        ("business_plan", "canolbarth", BUSINESS_PLAN),
    )
    ballots: dict[str, Ballot] = {}
    with transaction.atomic():
        for key, slug, title in specs:
            org = organisations[slug]
            existing = Ballot.objects.filter(organisation=org, title=title).first()
            if existing is not None:
                stdout.write(f"{org.name}: ballot “{title}” is in the demo already, skipped.")
                ballots[key] = existing
                continue
            rng = random.Random(f"{SEED}-{key}")
            if key == "wellbeing":
                ballot = _wellbeing(org, users, rng)
            elif key == "election":
                ballot = _election(org, users, calendar, rng)
            else:
                ballot = _business_plan(org, users)
            ballot.refresh_from_db()
            ballots[key] = ballot
            voted = Participation.objects.filter(ballot=ballot, has_voted=True).count()
            stdout.write(
                f"{org.name}: ballot “{title}” ({ballot.get_status_display().lower()}), "
                f"{voted} of {ballot.electorate_count} voted."
            )
    return {"ballots": ballots, "calendar": calendar}
