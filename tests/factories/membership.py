"""Valid membership objects, built through the services (so they obey every rule)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from coop.core.models import User
from membership import services
from membership.models import Member, MemberClass, Organisation, ShareClass

_counter = itertools.count(1)
FOUNDED = dt.date(2015, 4, 1)


def cooperative(
    *,
    slug: str = "dyfi-care",
    name: str = "Dyfi Care Co-operative",
    kind: str = Organisation.Kind.COOPERATIVE,
    **rules: object,
) -> Organisation:
    """A co-op with rules, three member classes and two share classes."""
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
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
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
