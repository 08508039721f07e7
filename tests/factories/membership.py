"""Valid membership objects, built through the services (so they obey every rule)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils import translation

from coop.core.models import AuditEvent, User
from membership import services
from membership.models import (
    Application,
    CurrentHolding,
    JointHolder,
    Member,
    MemberClass,
    Nomination,
    Officer,
    Organisation,
    Representative,
    RulesVersion,
    ShareCertificate,
    ShareClass,
    ShareTransaction,
    Withdrawal,
)

_counter = itertools.count(1)
FOUNDED = dt.date(2015, 4, 1)


def cooperative(
    *,
    slug: str = "dyfi-care",
    name: str = "Dyfi Care Co-operative",
    kind: str = Organisation.Kind.COOPERATIVE,
    membership_withdrawable: bool = False,
    membership_maximum: int | None = 1,
    **rules: object,
) -> Organisation:
    """A co-op with rules, three member classes and two share classes.

    `**rules` are settings of its rules version (e.g. `lock_in_days=30`)."""
    org = services.organisation_create(
        slug=slug,
        name=name,
        name_cy=f"{name} (cy)",
        kind=kind,
        registered_office="1 Heol y Bont\nMachynlleth\nSY20 8AA",
        registered_on=FOUNDED,
        registered_number=f"RS{next(_counter):06d}",
        actor=None,
    )
    settings: dict[str, object] = {"quorum_members": 3, "quorum_percent": Decimal("10")}
    settings.update(rules)
    services.rules_version_create(
        organisation=org,
        effective_from=FOUNDED,
        title="Rules as registered",
        rule_numbers={
            "minimum_age": "7",
            "individual_cap_pence": "12",
            "lock_in_days": "14",
            "notice_clear_days": "30",
            "quorum_members": "33",
        },
        actor=None,
        **settings,
    )
    membership_share = services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership shares",
        name_cy="Cyfranddaliadau aelodaeth",
        nominal_value_pence=100,
        is_withdrawable=membership_withdrawable,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=membership_maximum,
        actor=None,
    )
    investor_share = services.share_class_create(
        organisation=org,
        code="investor",
        name="Investor shares",
        name_cy="Cyfranddaliadau buddsoddi",
        nominal_value_pence=100,
        is_withdrawable=True,
        is_transferable=True,
        minimum_shares=0,
        maximum_shares=None,
        lock_in_days=365,
        withdrawal_notice_days=90,
        actor=None,
    )
    for position, (code, label, label_cy, share) in enumerate(
        [
            (
                "users",
                "Service users and carers",
                "Defnyddwyr gwasanaeth a gofalwyr",
                Decimal("40"),
            ),
            ("workers", "Workers", "Gweithwyr", Decimal("40")),
            ("supporters", "Supporters", "Cefnogwyr", None),
        ]
    ):
        services.member_class_create(
            organisation=org,
            code=code,
            name=label,
            name_cy=label_cy,
            position=position,
            vote_share_percent=share,
            share_classes=[membership_share, investor_share],
            reserved_board_seats=2 if share else 0,
            actor=None,
        )
    return org


def member_class(org: Organisation, code: str = "users") -> MemberClass:
    return org.member_classes.get(code=code)


def share_class(org: Organisation, code: str = "membership") -> ShareClass:
    return org.share_classes.get(code=code)


def member(
    org: Organisation,
    *,
    name: str | None = None,
    cls: str = "users",
    entered_on: dt.date = dt.date(2020, 1, 6),
    user: User | None = None,
    investor_shares: int = 0,
    **fields: object,
) -> Member:
    """An active member holding one fully paid membership share (and investor shares)."""
    n = next(_counter)
    m = services.member_register(
        organisation=org,
        name=name or f"Member {n}",
        member_class=member_class(org, cls),
        entered_on=entered_on,
        postal_address=f"{n} Stryd Fawr\nAberystwyth",
        postcode="SY23 1AA",
        email=f"member{n}@example.org",
        email_for_notices=True,
        email_for_ballots=True,
        user=user,
        actor=None,
        **fields,
    )
    services.shares_allot(
        member=m,
        share_class=share_class(org),
        shares=1,
        effective_on=entered_on,
        paid_pence=100,
        actor=None,
    )
    if investor_shares:
        services.shares_allot(
            member=m,
            share_class=share_class(org, "investor"),
            shares=investor_shares,
            effective_on=entered_on,
            paid_pence=investor_shares * 100,
            actor=None,
        )
    return m


# --- Helpers for tests of refusals and audit events -------------------------------------------

#: The tables a refused service call must leave exactly as they were.
WATCHED_MODELS: tuple[type[models.Model], ...] = (
    Member,
    ShareTransaction,
    CurrentHolding,
    AuditEvent,
    Withdrawal,
    Application,
    Nomination,
    Officer,
    Representative,
    JointHolder,
    ShareCertificate,
    Organisation,
    RulesVersion,
    ShareClass,
    MemberClass,
)


def row_counts() -> dict[str, int]:
    """How many rows each watched table holds."""
    return {model._meta.label: model._default_manager.count() for model in WATCHED_MODELS}


@contextmanager
def refused(field: str, *fragments: str) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect the block to raise a ValidationError about `field` alone, whose message contains
    each of `fragments` (e.g. the rule it cites), and to write nothing at all. Messages are
    checked in English whatever language an earlier test left active."""
    before = row_counts()
    with translation.override("en-gb"), pytest.raises(ValidationError) as info:
        yield info
    errors = info.value.message_dict
    assert list(errors) == [field], errors
    message = " ".join(errors[field])
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert row_counts() == before


def last_event_id() -> int:
    """The id of the newest audit event (0 if none): pass it to `events_since`."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(mark: int) -> list[AuditEvent]:
    """Audit events recorded after `mark`, oldest first."""
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def actions_since(mark: int) -> list[str]:
    return [event.action for event in events_since(mark)]


def holding(m: Member, code: str = "membership", as_of: dt.date | None = None) -> tuple[int, int]:
    """(shares, pence paid) of one class, summed from the ledger."""
    entries = ShareTransaction.objects.filter(member=m, share_class__code=code)
    if as_of is not None:
        entries = entries.filter(effective_on__lte=as_of)
    totals = entries.aggregate(shares=Sum("shares"), paid=Sum("paid_pence"))
    return totals["shares"] or 0, totals["paid"] or 0
