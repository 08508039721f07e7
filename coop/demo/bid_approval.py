"""Cwm Elan's members decide by ballot to take part in the consortium's bid: a closed,
published ballot of the co-op's own members whose result carried, which the co-op's
approval of the bid links to (each co-op decides for itself)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from coop.core.models import User
from coop.demo.votes import cast_resolution, resolution_type, waiting_voters
from membership.models import Organisation
from voting import services
from voting.models import Ballot, Question

TITLE = "Take part in the consortium's bid for the Powys domiciliary care tender"


def members_ballot(org: Organisation, secretary: User) -> Ballot:
    """The co-op's members' ballot on joining the bid: paper votes handed in at the office,
    closed and published (carried)."""
    existing = Ballot.objects.filter(organisation=org, title=TITLE).first()
    if existing is not None:
        return existing
    record_date = timezone.localdate() - dt.timedelta(days=20)
    ballot = services.ballot_create(
        organisation=org,
        title=TITLE,
        title_cy="Cymryd rhan yng nghais y gydweithfa am dendr gofal cartref Powys",
        description="The board asks members whether Cwm Elan should join the joint bid.",
        description_cy=(
            "Mae'r bwrdd yn gofyn i'r aelodau a ddylai Cwm Elan ymuno â'r cais ar y cyd."
        ),
        record_date=record_date,
        allow_online=False,
        allow_in_room=True,
        actor=secretary,
    )
    services.question_add(
        ballot=ballot,
        kind=Question.Kind.RESOLUTION,
        text="That Cartrefi Cwm Elan takes part in the consortium's joint bid for the tender.",
        text_cy="Bod Cartrefi Cwm Elan yn cymryd rhan yng nghais ar y cyd y gydweithfa am y tendr.",
        resolution_type=resolution_type(org, record_date, "ordinary"),
        actor=secretary,
    )
    services.ballot_open(ballot=ballot, actor=secretary)
    voters = waiting_voters(ballot)[:24]
    rng = random.Random("cyd-demo-bid-approval")
    cast_resolution(ballot, voters, share_for=0.8, share_abstain=0.1, rng=rng, actor=secretary)
    services.ballot_close(ballot=ballot, actor=secretary)
    return services.ballot_publish(ballot=ballot, actor=secretary)
