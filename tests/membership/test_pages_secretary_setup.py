"""Shared set-up of the secretary's page tests (no tests here): a register with a little of
everything, the personas signed in, and counts to prove a refusal wrote nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from coop.core.models import AuditEvent
from membership import services
from membership.models import (
    Application,
    Member,
    Nomination,
    Officer,
    Organisation,
    ShareTransaction,
    Withdrawal,
)
from tests.factories import membership as mf

PERSONAS = ("secretary", "board_member", "scrutineer", "member", "outsider", "anonymous")


@dataclass
class World:
    organisation: Organisation
    investor: Member
    other: Member
    withdrawal: Withdrawal
    application: Application
    officer: Officer
    nomination: Nomination
    entry: ShareTransaction


def build_world(organisation: Organisation) -> World:
    """Two more members (one an investor), an open withdrawal whose notice has run, an
    application waiting, an officer and a nomination. Each test module wraps this in a
    `world` fixture that also asks for `member_record` (member number 1)."""
    investor = mf.member(organisation, name="Iolo Investor", investor_shares=50)
    other = mf.member(organisation, name="Olwen Other", cls="workers")
    withdrawal = services.withdrawal_request(
        member=investor,
        share_class=mf.share_class(organisation, "investor"),
        shares=10,
        requested_on=dt.date(2025, 1, 10),
        actor=None,
    )
    application = services.application_submit(
        organisation=organisation,
        name="Alys Applicant",
        email="alys@example.org",
        postal_address="3 Ffordd y Môr\nAberaeron",
        postcode="SA46 0AA",
        member_class=mf.member_class(organisation, "users"),
        share_class=mf.share_class(organisation),
        shares_requested=1,
        declaration=True,
    )
    officer = services.officer_appoint(
        organisation=organisation,
        name="Olwen Other",
        office=Officer.Office.CHAIR,
        appointed_on=dt.date(2021, 9, 1),
        member=other,
        actor=None,
    )
    nomination = services.nomination_record(
        member=investor,
        nominee_name="Nia Nominee",
        nominee_address="4 Lôn Las\nLlanbadarn",
        relationship=Nomination.Relationship.CHILD,
        received_on=dt.date(2022, 2, 2),
        actor=None,
    )
    entry = ShareTransaction.objects.filter(member=investor).order_by("id").last()
    assert entry is not None
    return World(
        organisation=organisation,
        investor=investor,
        other=other,
        withdrawal=withdrawal,
        application=application,
        officer=officer,
        nomination=nomination,
        entry=entry,
    )


def signed_in(client: Client, request: pytest.FixtureRequest, persona: str) -> Client:
    """The test client signed in as `persona` (or left anonymous)."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def counts() -> tuple[int, int]:
    """Ledger entries and audit events: a refused request must change neither."""
    return ShareTransaction.objects.count(), AuditEvent.objects.count()


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]
