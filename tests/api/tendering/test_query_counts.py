"""The joint bids endpoints (every read: the lists, the lead's dashboard, a co-op's part) make
the same number of queries whatever the size of the bid: each is pinned with one bound at two
sizes (two co-ops × two lots × four questions, and six
co-ops × six lots × eight questions, each co-op committed and priced on every lot, every
answer drafted, with evidence, library entries and capacity declarations to match)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coop.core.models import User
from membership.models import Organisation
from tendering import services
from tendering.models import Answer
from tests.api.tendering.conftest import client_for, member_coop, person_of, url
from tests.factories import tendering as tf

SIZES = [2, 6]


@dataclass
class Sized:
    world: tf.World
    answer: Answer


def build(organisation: Organisation, size: int) -> Sized:
    """A bid with `size` co-ops, `size` lots and 2 × `size` questions, all of it filled in."""
    coops = [member_coop(organisation, f"Co-op {chr(65 + i)}") for i in range(size)]
    world = tf.joint_bid(
        organisation, coops=coops, lot_hours=tuple(str(10 * size) for _ in range(size))
    )
    for participant in world.participants[2:]:
        for lot in world.lots:
            services.commitment_set(
                participant=participant, lot=lot, hours_per_week="10", role="secondary", actor=None
            )
            services.price_line_set(participant=participant, lot=lot, pay_pence=1500, actor=None)
    for n in range(2 * size - 2):
        question = services.question_add(
            opportunity=world.opportunity,
            section="Extra",
            number=f"9.{n}",
            text=f"Extra question {n}",
            limit=100,
            lots=world.lots[:2],
            answered_by="each_member" if n % 2 else "consortium",
            actor=None,
        )
        owners = world.participants if n % 2 else [None]
        for owner in owners:
            answer = services.answer_assign(
                bid=world.bid, question=question, participant=owner, author=None, actor=None
            )
            services.answer_save(answer=answer, text="A draft.", actor=world.lead_user)
    for participant in world.participants:
        services.capacity_declare(
            consortium=organisation, member=participant.member, hours_per_week="500", actor=None
        )
        services.evidence_add(
            bid=world.bid,
            title=f"Policy of {participant.member.name}",
            file=SimpleUploadedFile("policy.pdf", b"%PDF-1.4"),
            participant=participant,
            question=world.questions[1],
            actor=world.lead_user,
        )
        services.library_add(
            organisation=organisation,
            title=f"Entry {participant.pk}",
            text="Reusable.",
            review_by=timezone.localdate() + dt.timedelta(days=30),
            actor=world.lead_user,
        )
        tf.opportunity(organisation, reference=f"OTHER-{participant.pk}")
    answer = Answer.objects.filter(bid=world.bid).order_by("pk").first()
    assert answer is not None
    return Sized(world, answer)


#: (route, its address's arguments, who asks, the bound).
PINS: list[tuple[str, str, str, int]] = [
    ("tender-opportunities", "none", "bid_manager", 5),
    ("tender-opportunity", "opportunity", "bid_manager", 9),
    ("answer-library", "none", "bid_manager", 3),
    ("bids", "none", "bid_manager", 3),
    ("bids", "none", "coop_user", 5),
    ("bid", "bid", "bid_manager", 26),
    ("bid-checklist", "bid", "bid_manager", 19),
    ("bid-ocds", "bid", "bid_manager", 7),
    ("bid-participants", "bid", "bid_manager", 5),
    ("bid-my-part", "bid", "coop_user", 16),
    ("bid-participant", "part", "bid_manager", 14),
    ("bid-capacity", "bid", "bid_manager", 5),
    ("bid-coverage", "bid", "bid_manager", 11),
    ("bid-prices", "bid", "bid_manager", 7),
    ("bid-participant-prices", "part", "coop_user", 6),
    ("bid-answers", "bid", "coop_user", 8),
    ("bid-answer", "answer", "coop_user", 6),
    ("bid-answer-versions", "answer", "coop_user", 6),
    ("bid-evidence", "bid", "coop_user", 5),
    ("bid-social-value", "bid", "coop_user", 5),
    ("bid-signoffs", "bid", "coop_user", 7),
]


def _kwargs(sized: Sized, arguments: str) -> dict[str, Any]:
    world = sized.world
    return {
        "none": {},
        "opportunity": {"pk": world.opportunity.pk},
        "bid": {"pk": world.bid.pk},
        "part": {"pk": world.bid.pk, "participant_id": world.participants[0].pk},
        "answer": {"pk": world.bid.pk, "answer_id": sized.answer.pk},
    }[arguments]


@pytest.mark.parametrize("size", SIZES, ids=[f"{n}-co-ops" for n in SIZES])
def test_queries_do_not_grow_with_the_bid(
    organisation, bid_manager, django_assert_max_num_queries, size
):
    sized = build(organisation, size)
    users = {"bid_manager": bid_manager, "coop_user": person_of(sized.world.coops[0], "Ann")}
    # Content types are cached once per process: load them before counting.
    client_for(users["coop_user"]).get(url("bids"))

    for name, arguments, persona, bound in PINS:
        address = url(name, **_kwargs(sized, arguments))
        # A fresh user each time, as each request loads one: roles are cached on the user.
        client = client_for(User.objects.get(pk=users[persona].pk))
        with django_assert_max_num_queries(bound):
            response = client.get(address)
        assert (name, persona, response.status_code) == (name, persona, 200)
