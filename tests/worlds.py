"""A whole world of one federation, built through the factories and services, for the tests
that walk what is served: the persona × URL matrix, the crawl from each role's home page, and
OPTIONS on every API route.

A world is a care co-op with everything its pages and API address (members, an investor with
a withdrawal, an application, an officer, a nomination, a certificate, an export, an import,
a meeting under notice with a motion, an amendment, an agenda and a proxy, a requisition, an
open ballot with proxies), a second, small co-op, and a consortium of both with a tender and
a joint bid in drafting (participants, commitments, prices, answers, evidence, a library
answer, an addendum). Its personas are the people of the house style: the co-op's secretary,
a board member, a scrutineer and a member, the consortium's bid manager, and an officer of
the second co-op (a member co-op of the consortium).

`World.values` names each kind of object the URL conf addresses by a parameter, so a test can
fill any route with this world's real slugs, ids and numbers (`route_kwargs`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from governance import services as governance
from membership import services as membership
from membership.models import Member, Nomination, Officer, Organisation, ShareTransaction
from membership.services import imports as membership_imports
from tendering import services as tendering
from tests.factories import membership as mf
from tests.factories import tendering as tf
from tests.factories import voting as vf
from voting import services as voting

PASSWORD = "correct horse battery"
#: The personas of a world, signed in (plus "anonymous", who is not).
PERSONAS = ("secretary", "board_member", "scrutineer", "member", "bid_manager", "coop_officer")


@dataclass
class World:
    prefix: str
    coop: Organisation
    second_coop: Organisation
    consortium: Organisation
    users: dict[str, User] = field(default_factory=dict)
    #: kind of object → this world's value for it (an id, a number, a code).
    values: dict[str, int | str] = field(default_factory=dict)

    def slug_for(self, route: str) -> str:
        """The organisation a route belongs to: the consortium for the joint-bid routes."""
        return self.consortium.slug if is_tendering(route) else self.coop.slug


def _user(prefix: str, name: str) -> User:
    return User.objects.create_user(
        email=f"{prefix}.{name}@example.org", password=PASSWORD, full_name=name.title()
    )


def _with_role(prefix: str, name: str, organisation: Organisation, role: Role) -> User:
    user = _user(prefix, name)
    role_grant(organisation=organisation, user=user, role=role, actor=None)
    return user


def build_world(prefix: str, **rules: object) -> World:
    """Everything of one world (see the module docstring); `prefix` keeps slugs and emails
    apart from another world's; `rules` are more settings of the co-op's rules version."""
    coop = mf.cooperative(
        slug=f"{prefix}-care",
        name=f"{prefix.title()} Care",
        proxies_allowed=True,
        proxy_limit=2,
        **rules,
    )
    second = mf.cooperative(slug=f"{prefix}-homes", name=f"{prefix.title()} Homes")
    consortium = tf.consortium(slug=f"{prefix}-consortium", name=f"{prefix.title()} Consortium")
    world = World(prefix, coop, second, consortium)
    world.users = {
        "secretary": _with_role(prefix, "secretary", coop, Role.SECRETARY),
        "board_member": _with_role(prefix, "board", coop, Role.BOARD_MEMBER),
        "scrutineer": _with_role(prefix, "scrutineer", coop, Role.SCRUTINEER),
        "member": _user(prefix, "member"),
        "bid_manager": _with_role(prefix, "bids", consortium, Role.BID_MANAGER),
        "coop_officer": _with_role(prefix, "officer", second, Role.SECRETARY),
    }
    _membership(world)
    _governance_and_voting(world)
    _tendering(world)
    return world


def _membership(world: World) -> None:
    coop = world.coop
    member = mf.member(coop, name="Meinir Member", user=world.users["member"])
    investor = mf.member(coop, name="Iolo Investor", investor_shares=50)
    others = [mf.member(coop, cls="workers") for _ in range(4)]
    withdrawal = membership.withdrawal_request(
        member=investor,
        share_class=mf.share_class(coop, "investor"),
        shares=10,
        requested_on=dt.date(2025, 1, 10),
        actor=None,
    )
    application = membership.application_submit(
        organisation=coop,
        name="Alys Applicant",
        email=f"{world.prefix}.alys@example.org",
        postal_address="3 Ffordd y Môr\nAberaeron",
        postcode="SA46 0AA",
        member_class=mf.member_class(coop, "users"),
        share_class=mf.share_class(coop),
        shares_requested=1,
        declaration=True,
    )
    officer = membership.officer_appoint(
        organisation=coop,
        name=others[0].name,
        office=Officer.Office.CHAIR,
        appointed_on=dt.date(2021, 9, 1),
        member=others[0],
        actor=None,
    )
    nomination = membership.nomination_record(
        member=investor,
        nominee_name="Nia Nominee",
        nominee_address="4 Lôn Las\nLlanbadarn",
        relationship=Nomination.Relationship.CHILD,
        received_on=dt.date(2022, 2, 2),
        actor=None,
    )
    certificate = membership.certificate_issue(
        member=investor, share_class=mf.share_class(coop, "investor"), actor=None
    )
    export = membership.register_export_request(
        organisation=coop,
        as_of=timezone.localdate(),
        format="csv",
        language="en-gb",
        actor=world.users["secretary"],
    )
    batch = membership_imports.import_preview(
        organisation=coop,
        filename="members.csv",
        content=b"name,postal_address\n",
        actor=world.users["secretary"],
    )
    entry = ShareTransaction.objects.filter(member=investor).order_by("id").last()
    assert entry is not None
    world.values |= {
        "member": investor.number,
        "own_member": member.number,
        "withdrawal": withdrawal.pk,
        "application": application.pk,
        "officer": officer.pk,
        "nomination": nomination.pk,
        "certificate": certificate.pk,
        "certificate_number": certificate.number,
        "export": export.pk,
        "import": batch.pk,
        "entry": entry.pk,
        "share_class": "investor",
    }


def _governance_and_voting(world: World) -> None:
    coop = world.coop
    people = list(Member.objects.filter(organisation=coop).order_by("number"))
    meeting = governance.meeting_plan(
        organisation=coop,
        kind="agm",
        title="AGM",
        title_cy="CCB",
        starts_at=timezone.now() + dt.timedelta(days=40),
        place="Y Plas, Machynlleth",
        actor=None,
    )
    motion = governance.motion_submit(
        meeting=meeting,
        proposer=people[0],
        title="Living wage",
        title_cy="Cyflog byw",
        text="Pay every worker the real living wage.",
        supporting_statement="Fair pay keeps good carers.",
        resolution_type="ordinary",
        actor=None,
    )
    governance.motion_second(motion=motion, seconder=people[1], actor=None)
    governance.motion_decide_admissibility(
        motion=motion, admissible=True, reason="In order", actor=None
    )
    governance.meeting_give_notice(meeting=meeting, actor=None)
    amendment = governance.amendment_submit(
        motion=motion,
        proposer=people[2],
        summary="from April",
        text="Pay every worker the real living wage from April.",
        actor=None,
    )
    item = governance.agenda_item_add(
        meeting=meeting, kind="other", title="Any other business", actor=None
    )
    meeting_proxy = governance.meeting_proxy_appoint(
        meeting=meeting,
        member=people[3],
        kind="discretionary",
        holder_name="The chair of the meeting",
        actor=None,
    )
    requisition = governance.requisition_start(
        organisation=coop, member=people[0], purpose="Discuss the new rota.", actor=None
    )
    ballot = vf.ballot(coop, title="Annual ballot", allow_in_room=True, allow_proxy=True)
    vf.resolution(ballot)
    vf.choice(ballot)
    ballot = vf.open_ballot(ballot)
    proxy = voting.proxy_appoint(
        ballot=ballot, member=people[4], kind="discretionary", holder=people[5], actor=None
    )
    world.values |= {
        "meeting": meeting.pk,
        "motion": motion.pk,
        "amendment": amendment.pk,
        "agenda_item": item.pk,
        "meeting_proxy": meeting_proxy.pk,
        "requisition": requisition.pk,
        "ballot": ballot.pk,
        "ballot_proxy": proxy.pk,
        "position": 1,
    }


def _tendering(world: World) -> None:
    consortium = world.consortium
    coops = [
        mf.member(
            consortium,
            name=org.name,
            kind=Member.Kind.ORGANISATION,
            member_organisation=org,
            is_registered_society=True,
        )
        for org in (world.coop, world.second_coop)
    ]
    representative = membership.representative_add(
        member=coops[1], name="Rhian Rep", started_on=dt.date(2024, 1, 1), actor=None
    )
    bid_world = tf.joint_bid(consortium, coops=coops)
    bid = bid_world.bid
    evidence = tendering.evidence_add(
        bid=bid,
        title="Insurance certificate",
        file=ContentFile(b"%PDF-1.4 insurance", name="insurance.pdf"),
        actor=None,
    )
    library = tendering.library_add(
        organisation=consortium,
        title="Safeguarding",
        text="Our safeguarding policy.",
        review_by=timezone.localdate() + dt.timedelta(days=365),
        actor=None,
    )
    tendering.document_add(
        opportunity=bid_world.opportunity,
        title="Addendum 1",
        published_on=timezone.localdate(),
        actor=None,
    )
    commitment = bid.commitments.order_by("pk").first()
    answer = bid.answers.order_by("pk").first()
    assert commitment is not None
    assert answer is not None
    world.values |= {
        "opportunity": bid_world.opportunity.pk,
        "bid": bid.pk,
        "participant": bid_world.participants[0].pk,
        "commitment": commitment.pk,
        "tender_question": bid_world.questions[0].pk,
        "answer": answer.pk,
        "evidence": evidence.pk,
        "library": library.pk,
        "representative": representative.pk,
    }


# --- Filling routes -------------------------------------------------------------------------

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
#: The literal segment before a parameter → the kind of object it addresses.
SEGMENT_KINDS = {
    "opportunities": "opportunity",
    "bids": "bid",
    "meetings": "meeting",
    "motions": "motion",
    "amendments": "amendment",
    "requisitions": "requisition",
    "ballots": "ballot",
    "applications": "application",
    "withdrawals": "withdrawal",
    "officers": "officer",
    "exports": "export",
    "import": "import",
    "imports": "import",
    "representatives": "representative",
    "ledger": "entry",
    "members": "member",
    "nominations": "nomination",
    "co-ops": "participant",
    "participants": "participant",
    "coverage": "commitment",
    "commitments": "commitment",
    "answers": "answer",
    "evidence": "evidence",
    "agenda": "agenda_item",
    "share-classes": "share_class",
    "certificate": "share_class",
    "vote": "position",
}
TENDERING_SEGMENTS = ("bids", "opportunities", "answer-library", "library")


def is_tendering(route: str) -> bool:
    """Whether a route addresses a consortium's joint-bid objects."""
    segments = route.split("/")
    return any(segment in TENDERING_SEGMENTS for segment in segments)


def parameter_kind(route: str, name: str) -> str:
    """The kind of object the parameter `name` of `route` addresses; KeyError for a parameter
    this module does not know yet (a new route must be taught here, not skipped)."""
    if name == "slug":
        return "slug"
    before = route[: route.index(f"{name}>")].rsplit("<", 1)[0].rstrip("/").split("/")[-1]
    if name == "certificate_number":
        return "certificate_number"
    if before == "certificates":
        return "certificate"
    if before == "questions":
        return "tender_question" if is_tendering(route) else "position"
    if before == "proxies":
        return "ballot_proxy" if "/ballots/" in route else "meeting_proxy"
    if name == "code":
        return "share_class"
    return SEGMENT_KINDS[before]


def route_kwargs(route: str, world: World, slug: str | None = None) -> dict[str, int | str]:
    """Every parameter of `route` filled with `world`'s real values (its own organisation's
    slug unless `slug` is given)."""
    kwargs: dict[str, int | str] = {}
    for match in PARAMETER.finditer(route):
        name = match["name"]
        kind = parameter_kind(route, name)
        kwargs[name] = (slug or world.slug_for(route)) if kind == "slug" else world.values[kind]
    return kwargs


# --- The routes served ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # "o/<slug:slug>/ballots/<int:pk>/"
    name: str  # "voting:ballot"
    callback: object

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def parameters(self) -> list[str]:
        return [match["name"] for match in PARAMETER.finditer(self.route)]

    def url(self, kwargs: dict[str, int | str]) -> str:
        return "/" + PARAMETER.sub(lambda match: str(kwargs[match["name"]]), self.route)


def served_routes() -> list[Route]:
    """Every route of the production URL conf (`coop.urls`), with its full name."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[object], prefix: str, namespace: str) -> list[Route]:
        found: list[Route] = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, (namespace, pattern.namespace)))
                found += walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = ":".join(filter(None, (namespace, pattern.name)))
                found.append(Route(prefix + str(pattern.pattern), name, pattern.callback))
        return found

    return walk(get_resolver().url_patterns, "", "")
