"""The demo's consortium, Cydweithfa Gofal Canolbarth Cymru, through the membership
services: a registered society whose members are the demo's three co-ops, each admitted with
its one share and voting through a representative (its secretary; a board member as the
alternate)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from coop.core.models import User
from coop.demo.people import person_name
from membership import services
from membership.models import (
    Member,
    MemberClass,
    Officer,
    Organisation,
    Representative,
    ShareClass,
)

CONSORTIUM_SLUG = "canolbarth"
CONSORTIUM_REGISTERED_ON = dt.date(2020, 11, 2)


def _consortium_structure(secretary: User) -> tuple[Organisation, ShareClass, MemberClass]:
    """The consortium, its rules, its membership share and its one class: member co-ops."""
    registered_on = CONSORTIUM_REGISTERED_ON
    org = services.organisation_create(
        slug=CONSORTIUM_SLUG,
        name="Mid Wales Care Consortium",
        name_cy="Cydweithfa Gofal Canolbarth Cymru",
        kind=Organisation.Kind.CONSORTIUM,
        registered_office="Y Plas\nHeol Aberystwyth\nMachynlleth\nSY20 8ER",
        registered_on=registered_on,
        registered_number="34020R",
        email="post@canolbarth.example.org",
        is_accepting_applications=False,
        actor=None,
    )
    services.rules_version_create(
        organisation=org,
        effective_from=registered_on,
        title="Rules as registered 2 November 2020",
        rule_numbers={"quorum_members": "18", "notice_clear_days": "16", "proxies_allowed": "20"},
        minimum_age=0,
        withdrawal_notice_days=180,
        notice_clear_days=14,
        quorum_members=2,
        quorum_percent=Decimal("50"),
        requisition_members=2,
        requisition_percent=Decimal("30"),
        actor=secretary,
    )
    share = services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership share",
        name_cy="Cyfran aelodaeth",
        nominal_value_pence=100,
        is_withdrawable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=secretary,
    )
    member_class = services.member_class_create(
        organisation=org,
        code="coops",
        name="Member co-operatives",
        name_cy="Cydweithfeydd sy'n aelodau",
        eligibility="Social care co-operatives registered in Powys or Ceredigion.",
        eligibility_cy="Cydweithfeydd gofal cymdeithasol cofrestredig ym Mhowys neu Geredigion.",
        members_are_organisations=True,
        share_classes=[share],
        actor=secretary,
    )
    return org, share, member_class


def _consortium_member(
    org: Organisation,
    coop: Organisation,
    short: str,
    index: int,
    structure: tuple[ShareClass, MemberClass],
    users: dict[str, User],
    rng: random.Random,
) -> None:
    """A member co-op of the consortium: admitted with its share, represented first by a
    founder, then by its secretary (alternate: a board member); the first one chairs."""
    secretary = users["secretary.canolbarth"]
    share, member_class = structure
    registered_on = CONSORTIUM_REGISTERED_ON
    entered_on = registered_on + dt.timedelta(days=index * 21)
    member = services.member_register(
        organisation=org,
        name=coop.name,
        kind=Member.Kind.ORGANISATION,
        is_registered_society=True,
        member_organisation=coop,
        member_class=member_class,
        entered_on=entered_on,
        postal_address=coop.registered_office,
        email=coop.email,
        email_for_notices=True,
        email_for_ballots=True,
        actor=secretary,
    )
    services.shares_allot(
        member=member,
        share_class=share,
        shares=1,
        paid_pence=100,
        effective_on=entered_on,
        reason="Admission of a founding member",
        actor=secretary,
    )
    services.representative_add(
        member=member, name=person_name(rng), started_on=entered_on, actor=secretary
    )
    handover = dt.date(2023, 6, 1) + dt.timedelta(days=index * 30)
    for key, role in (
        ("secretary", Representative.Role.PRIMARY),
        ("board", Representative.Role.ALTERNATE),
    ):
        user = users[f"{key}.{short}"]
        services.representative_add(
            member=member,
            name=user.full_name,
            email=user.email,
            user=user,
            role=role,
            started_on=handover,
            actor=secretary,
        )
    if index == 0:
        services.officer_appoint(
            organisation=org,
            name=users[f"secretary.{short}"].full_name,
            office=Officer.Office.CHAIR,
            member=member,
            appointment=Officer.Appointment.NOMINATED,
            appointed_on=handover,
            actor=secretary,
        )


def build_consortium(
    coops: list[tuple[str, Organisation]], users: dict[str, User], rng: random.Random
) -> Organisation:
    """Cydweithfa Gofal Canolbarth Cymru: the co-ops (short name, organisation) are its
    members, each voting through a named representative, with an alternate."""
    secretary = users["secretary.canolbarth"]
    org, share, member_class = _consortium_structure(secretary)
    for index, (short, coop) in enumerate(coops):
        _consortium_member(org, coop, short, index, (share, member_class), users, rng)
    services.officer_appoint(
        organisation=org,
        name=secretary.full_name,
        office=Officer.Office.SECRETARY,
        appointment=Officer.Appointment.APPOINTED,
        appointed_on=CONSORTIUM_REGISTERED_ON,
        actor=secretary,
    )
    return org
