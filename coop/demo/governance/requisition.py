"""Hafren Home Care: members collecting signatures to requisition a general meeting, the
paper signatures handed in at the office entered by the secretary."""

from __future__ import annotations

import random

from django.utils import timezone

from coop.core.models import User
from coop.demo.governance.shared import draw_members
from coop.demo.votes import member_of
from governance import services
from governance.models import Requisition
from membership.models import Organisation

REQUISITION = (
    "A general meeting to consider the board's plan to stop home visits in Montgomery and "
    "Churchstoke from April, and to hear members' views before any decision is taken."
)


def start_requisition(org: Organisation, users: dict[str, User], rng: random.Random) -> Requisition:
    secretary = users["secretary.hafren"]
    today = timezone.localdate()
    starter, *signers = draw_members(org, rng, 8, before=today, cls="users")
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
