"""What the demo's two AGMs share: planning one, the texts of their motions, the place,
drawing members to propose, second and attend, and voting online on a motion or an amendment."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TypedDict

from coop.core.models import User
from coop.demo.votes import cast_resolution
from governance import services
from governance.models import AgendaItem, Amendment, Meeting, Motion
from membership.models import Member, Organisation
from voting.models import Ballot, Channel

PLACE = "Canolfan Cwm Elan, East Street, Rhayader LD6 5ER"
ONLINE_LINK = "https://meet.cwm-elan.example.org/agm"
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


def motion_texts(key: str, year: int = 0) -> Texts:
    texts = MOTIONS[key]
    return Texts(
        title=texts["title"],
        title_cy=texts["title_cy"],
        text=texts["text"].format(year=year),
        text_cy=texts["text_cy"].format(year=year),
    )


def draw_members(
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


def item_ballot(item: Motion | Amendment) -> Ballot:
    item.refresh_from_db()
    assert item.ballot is not None
    return item.ballot


def vote_online(
    item: Motion | Amendment, member: Member, user: User, share_for: float, rng: random.Random
) -> None:
    cast_resolution(
        item_ballot(item),
        [member],
        share_for=share_for,
        share_abstain=(1 - share_for) / 3,
        rng=rng,
        actor=user,
        channel=Channel.ONLINE,
    )


def plan_agm(
    org: Organisation, secretary: User, *, year: int, starts_at: dt.datetime, **details: Any
) -> Meeting:
    """An AGM of `year` planned with the annual report and accounts on its agenda."""
    meeting = services.meeting_plan(
        organisation=org,
        kind=Meeting.Kind.AGM,
        title=f"Annual General Meeting {year}",
        title_cy=f"Cyfarfod Cyffredinol Blynyddol {year}",
        starts_at=starts_at,
        place=PLACE,
        actor=secretary,
        **details,
    )
    services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.REPORT,
        title="Annual report and accounts",
        title_cy="Adroddiad blynyddol a chyfrifon",
        actor=secretary,
    )
    return meeting
