"""One demo co-op's register: rules, classes, a few hundred members and years of ledger
history, all written through the membership services (so it is valid and audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from coop.demo.people import Place
from membership import services
from membership.models import MemberClass, Organisation, ShareClass

D = dt.date

#: The rule each setting comes from (the model rules most Welsh social care co-ops adapt).
RULE_NUMBERS = {
    "minimum_age": "6",
    "minimum_shares": "8",
    "maximum_holding_pence": "8",
    "individual_cap_pence": "8",
    "withdrawal_notice_days": "13",
    "lock_in_days": "13",
    "notice_clear_days": "27",
    "email_deemed_delivery_days": "28",
    "post_deemed_delivery_days": "28",
    "motion_deadline_days": "29",
    "quorum_members": "31",
    "quorum_percent": "31",
    "proxies_allowed": "34",
    "proxy_limit": "34",
    "chair_casting_vote": "36",
    "requisition_members": "25",
    "requisition_percent": "25",
    "requisition_call_days": "25",
}


@dataclass(frozen=True)
class ClassSpec:
    code: str
    name: str
    name_cy: str
    eligibility: str
    eligibility_cy: str
    count: int
    vote_share_percent: Decimal | None = None
    vote_cap_percent: Decimal | None = None
    reserved_board_seats: int = 0


@dataclass(frozen=True)
class CoopSpec:
    slug: str
    short: str
    name: str
    name_cy: str
    place: Place
    registered_on: dt.date
    registered_number: str
    office: str
    classes: tuple[ClassSpec, ...]
    quorum_members: int
    quorum_percent: Decimal
    proxies_allowed: bool = False
    community_shares: bool = False
    rules_amended_on: dt.date | None = None


@dataclass
class Structure:
    """A co-op built by `build_structure`: what its history is written against."""

    organisation: Organisation
    membership: ShareClass
    community: ShareClass | None
    classes: dict[str, MemberClass] = field(default_factory=dict)


USERS_CLASS = ClassSpec(
    "users",
    "Service users and carers",
    "Defnyddwyr gwasanaeth a gofalwyr",
    "People who receive care from the co-op, and their unpaid carers.",
    "Pobl sy'n derbyn gofal gan y gydweithfa, a'u gofalwyr di-dâl.",
    0,
)
WORKERS_CLASS = ClassSpec(
    "workers",
    "Workers",
    "Gweithwyr",
    "Employees of the co-op who have passed their probation.",
    "Cyflogeion y gydweithfa sydd wedi cwblhau eu cyfnod prawf.",
    0,
)
SUPPORTERS_CLASS = ClassSpec(
    "supporters",
    "Supporters",
    "Cefnogwyr",
    "Anyone in the area of benefit who supports the co-op's aims.",
    "Unrhyw un yn yr ardal fuddiant sy'n cefnogi nodau'r gydweithfa.",
    0,
)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _organisation(spec: CoopSpec) -> Organisation:
    return services.organisation_create(
        slug=spec.slug,
        name=spec.name,
        name_cy=spec.name_cy,
        registered_office=spec.office,
        registered_on=spec.registered_on,
        registered_number=spec.registered_number,
        email=f"post@{spec.slug}.example.org",
        join_intro=f"{spec.name} is owned by the people it cares for, the people who do the "
        "caring, and its neighbours. Join for £1.",
        join_intro_cy=f"Mae {spec.name_cy} yn eiddo i'r bobl y mae'n gofalu amdanynt, y bobl "
        "sy'n gofalu, a'u cymdogion. Ymunwch am £1.",
        actor=None,
    )


def _rules(org: Organisation, spec: CoopSpec) -> None:
    """The rules as registered, and as amended when the co-op has amended them."""
    versions = [(spec.registered_on, f"Rules as registered {_day(spec.registered_on)}", False)]
    if spec.rules_amended_on is not None:
        title = f"Rules as amended at the AGM of {_day(spec.rules_amended_on)}"
        versions.append((spec.rules_amended_on, title, spec.proxies_allowed))
    else:
        versions = [(spec.registered_on, versions[0][1], spec.proxies_allowed)]
    for effective_from, title, proxies in versions:
        services.rules_version_create(
            organisation=org,
            effective_from=effective_from,
            title=title,
            rule_numbers=RULE_NUMBERS,
            minimum_age=16,
            withdrawal_notice_days=90,
            notice_clear_days=14,
            quorum_members=spec.quorum_members,
            quorum_percent=spec.quorum_percent,
            proxies_allowed=proxies,
            proxy_limit=2,
            requisition_members=20,
            requisition_percent=Decimal("10"),
            actor=None,
        )


def _share_classes(org: Organisation, spec: CoopSpec) -> tuple[ShareClass, ShareClass | None]:
    """The membership share, and community shares when the co-op has issued them."""
    membership = services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership share",
        name_cy="Cyfran aelodaeth",
        nominal_value_pence=100,
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    community = None
    if spec.community_shares:
        community = services.share_class_create(
            organisation=org,
            code="community",
            name="Community shares",
            name_cy="Cyfranddaliadau cymunedol",
            nominal_value_pence=100,
            is_withdrawable=True,
            is_transferable=True,
            minimum_shares=100,
            maximum_shares=20_000,
            lock_in_days=3 * 365,
            withdrawal_notice_days=90,
            actor=None,
        )
    return membership, community


def _member_classes(structure: Structure, spec: CoopSpec) -> None:
    """The co-op's member classes; supporters and investors may hold community shares."""
    org, membership, community = structure.organisation, structure.membership, structure.community
    for position, cls in enumerate(spec.classes):
        may_hold = [membership]
        if community is not None and cls.code in {"supporters", "investors"}:
            may_hold.append(community)
        structure.classes[cls.code] = services.member_class_create(
            organisation=org,
            code=cls.code,
            name=cls.name,
            name_cy=cls.name_cy,
            eligibility=cls.eligibility,
            eligibility_cy=cls.eligibility_cy,
            vote_share_percent=cls.vote_share_percent,
            vote_cap_percent=cls.vote_cap_percent,
            reserved_board_seats=cls.reserved_board_seats,
            position=position,
            share_classes=may_hold,
            actor=None,
        )


def build_structure(spec: CoopSpec) -> Structure:
    """The organisation, its rules, share classes and member classes."""
    org = _organisation(spec)
    _rules(org, spec)
    structure = Structure(org, *_share_classes(org, spec))
    _member_classes(structure, spec)
    return structure
