"""The one policy of membership, and every membership page under it.

`membership.permissions` is the only place that decides who may do what. The truth table here
pins each predicate persona by persona; the page matrix then reads every membership route from
the production URL conf (so a new route cannot escape it), names the predicate that decides
it, and checks what each persona gets against that real predicate and the one rule: 404 for
what you may not see (as for what does not exist), 403 for an action on what you may see.
"""

from __future__ import annotations

import inspect
import pathlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse

from coop.core.models import AuditEvent, User
from coop.core.permissions import Predicate
from membership import permissions as policy
from membership import services
from membership.models import ImportBatch, Member, ShareTransaction, Withdrawal
from membership.services.imports import import_preview
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import World, build_world

PERSONAS = (
    "secretary",
    "board_member",
    "scrutineer",
    "member",
    "bid_manager",
    "outsider",
    "anonymous",
)
WITH_A_ROLE = frozenset({"secretary", "board_member", "scrutineer", "member", "bid_manager"})
BOARD = frozenset({"secretary", "board_member"})
READERS = frozenset({"secretary", "board_member", "scrutineer"})
SECRETARY = frozenset({"secretary"})

#: Who each predicate lets through, in an organisation where the personas hold their roles
#: (the outsider is the secretary of another co-op; `member` has a member record).
TRUTH: dict[str, frozenset[str]] = {
    "can_see_organisation": WITH_A_ROLE,
    "can_view_organisation": WITH_A_ROLE,
    "can_view_register": READERS,
    "can_manage_register": SECRETARY,
    "can_import_members": SECRETARY,
    "can_view_applications": BOARD,
    "can_decide_applications": BOARD,
    "can_view_withdrawals": BOARD,
    "can_decide_withdrawals": BOARD,
    "can_suspend_withdrawals": BOARD,
    "can_pay_withdrawals": SECRETARY,
    "can_export_register": frozenset({"secretary", "scrutineer"}),
    "can_view_audit": frozenset({"secretary", "scrutineer"}),
    "can_inspect_duplicate_register": READERS | {"member"},
    "can_view_own_account": frozenset({"member"}),
    "can_change_own_account": frozenset({"member"}),
    "can_apply_to_join": frozenset(PERSONAS),
}


def _user(request: pytest.FixtureRequest, persona: str) -> User | None:
    return None if persona == "anonymous" else request.getfixturevalue(persona)


def test_every_predicate_is_pinned():
    predicates = {
        name
        for name, _ in inspect.getmembers(policy, inspect.isfunction)
        if name.startswith("can_")
    }
    assert predicates == set(TRUTH)


@pytest.mark.parametrize("predicate", sorted(TRUTH))
def test_who_each_predicate_lets_through(request, organisation, member_record, predicate):
    may: Predicate = getattr(policy, predicate)
    through = {p for p in PERSONAS if may(_user(request, p), organisation)}
    assert through == TRUTH[predicate]


def test_a_former_member_sees_their_own_account_but_may_not_change_it(
    organisation, member, member_record
):
    services.shares_cancel(
        member=member_record,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=member_record.entered_on,
        reason="Left",
        actor=None,
    )
    services.member_cease(
        member=member_record, ceased_on=member_record.entered_on, reason="withdrawal", actor=None
    )
    member = User.objects.get(pk=member.pk)  # a fresh user: roles are cached per request
    assert (
        policy.can_view_own_account(member, organisation),
        policy.can_change_own_account(member, organisation),
        policy.can_see_organisation(member, organisation),
        policy.can_inspect_duplicate_register(member, organisation),
    ) == (True, False, False, False)


# --- every membership page ------------------------------------------------------------------

#: A page to read; the form page of an action (GET and POST); the page of an action whose
#: POSTs go to other addresses (GET only); an action taken by POST only; the user's own
#: account, to read or change; a public page.
READ, ACTION, ACTION_FORM, POST_ONLY, OWN_READ, OWN_ACTION, PUBLIC = (
    "read",
    "action",
    "action form",
    "post only",
    "own read",
    "own action",
    "public",
)


@dataclass(frozen=True)
class Route:
    may: Predicate
    kind: str
    args: Callable[[World], list[Any]]
    ok: int = 200  # what an allowed persona's GET answers


def _org(w: World) -> list[Any]:
    return [w.organisation.slug]


def _member(w: World) -> list[Any]:
    return [w.organisation.slug, w.investor.number]


def _pk(attr: str) -> Callable[[World], list[Any]]:
    return lambda w: [w.organisation.slug, getattr(w, attr).pk]


_MEMBER_ACTIONS = (
    "member_contact",
    "member_suspend",
    "member_reinstate",
    "member_cease",
    "member_erase",
    "member_link_user",
    "member_joint_holder_add",
    "member_representative_add",
    "member_nomination_record",
    "member_allot",
    "member_payment",
    "member_transfer",
    "member_cancel",
    "member_interest",
    "member_death_transfer",
    "member_withdrawal_request",
    "member_certificate_issue",
)

ROUTES: dict[str, Route] = {
    "organisation": Route(policy.can_see_organisation, READ, _org),
    "audit_log": Route(policy.can_view_audit, READ, _org),
    "register": Route(policy.can_view_register, READ, _org),
    "member": Route(policy.can_view_register, READ, _member),
    **{name: Route(policy.can_manage_register, ACTION, _member) for name in _MEMBER_ACTIONS},
    "member_ledger_correct": Route(
        policy.can_manage_register,
        ACTION,
        lambda w: [*_member(w), w.entry.pk],
    ),
    "member_nomination_revoke": Route(
        policy.can_manage_register, ACTION, lambda w: [*_member(w), w.nomination.pk]
    ),
    "member_certificate_pdf": Route(
        policy.can_view_register, READ, lambda w: [*_member(w), w.certificate_number]
    ),
    "applications": Route(policy.can_view_applications, READ, _org),
    "application_decide": Route(policy.can_decide_applications, ACTION_FORM, _pk("application")),
    "application_approve": Route(policy.can_decide_applications, POST_ONLY, _pk("application")),
    "application_reject": Route(policy.can_decide_applications, POST_ONLY, _pk("application")),
    "withdrawals": Route(policy.can_view_withdrawals, READ, _org),
    "withdrawal_decide": Route(policy.can_decide_withdrawals, ACTION, _pk("withdrawal")),
    "withdrawal_pay": Route(policy.can_pay_withdrawals, ACTION, _pk("withdrawal")),
    "withdrawal_cancel": Route(policy.can_pay_withdrawals, ACTION, _pk("withdrawal")),
    "share_classes": Route(policy.can_view_organisation, READ, _org),
    "share_class_suspend": Route(
        policy.can_suspend_withdrawals, ACTION, lambda w: [w.organisation.slug, "investor"]
    ),
    "share_class_resume": Route(
        policy.can_suspend_withdrawals, ACTION, lambda w: [w.organisation.slug, "investor"]
    ),
    "officers": Route(policy.can_view_register, READ, _org),
    "officer_appoint": Route(policy.can_manage_register, ACTION, _org),
    "officer_end": Route(policy.can_manage_register, ACTION, _pk("officer")),
    "nominations": Route(policy.can_view_register, READ, _org),
    "exports": Route(policy.can_export_register, READ, _org),
    "export_status": Route(policy.can_export_register, READ, _pk("export")),
    # The export is still queued: nothing to download yet, even for those who may.
    "export_download": Route(policy.can_export_register, READ, _pk("export"), ok=404),
    "import_start": Route(policy.can_import_members, ACTION, _org),
    "import_template": Route(policy.can_import_members, READ, _org),
    "import_preview": Route(policy.can_import_members, READ, _pk("batch")),
    "import_commit": Route(policy.can_import_members, POST_ONLY, _pk("batch")),
    "my_account": Route(policy.can_view_own_account, OWN_READ, _org),
    "my_account_pdf": Route(policy.can_view_own_account, OWN_READ, _org),
    "my_details": Route(policy.can_change_own_account, OWN_ACTION, _org),
    "my_withdrawal": Route(policy.can_change_own_account, OWN_ACTION, _org),
    "my_certificate": Route(
        policy.can_view_own_account, OWN_READ, lambda w: [w.organisation.slug, "membership"]
    ),
    "duplicate_register": Route(policy.can_inspect_duplicate_register, READ, _org),
    "join": Route(policy.can_apply_to_join, PUBLIC, _org),
    "join_done": Route(policy.can_apply_to_join, PUBLIC, _org),
}


@dataclass
class PolicyWorld(World):
    certificate_number: int = 0
    export: Any = None
    batch: ImportBatch | None = None


@pytest.fixture
def world(organisation, member_record, secretary) -> PolicyWorld:
    base = build_world(organisation)
    certificate = services.certificate_issue(
        member=base.investor, share_class=mf.share_class(organisation, "investor"), actor=None
    )
    export = services.register_export_request(
        organisation=organisation,
        as_of=organisation.registered_on,
        format="csv",
        language="en-gb",
        actor=secretary,
    )
    batch = import_preview(
        organisation=organisation,
        filename="register.csv",
        content=b"name,member_class\nNo Date,users\n",
        actor=secretary,
    )
    return PolicyWorld(
        **vars(base), certificate_number=certificate.number, export=export, batch=batch
    )


def _membership_route_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            names |= _membership_route_names(pattern.url_patterns, inner)
        elif namespace == "membership" and pattern.name:
            names.add(pattern.name)
    return names


def test_every_membership_page_is_in_the_matrix():
    assert _membership_route_names(get_resolver().url_patterns) == set(ROUTES)


def _expected(route: Route, user: User | None, world: World, method: str) -> int:
    """What `user` gets, by the route's predicate and the one rule."""
    organisation = world.organisation
    if route.kind == PUBLIC:
        return route.ok
    if user is None:
        return 302  # to the sign-in page
    if route.kind == POST_ONLY and method == "get":
        return 405
    if route.may(user, organisation):
        return route.ok
    action = route.kind in (ACTION, ACTION_FORM, POST_ONLY, OWN_ACTION) or method == "post"
    sees = policy.can_see_organisation(user, organisation)
    if route.kind in (OWN_READ, OWN_ACTION):
        sees = policy.can_view_own_account(user, organisation)
    return 403 if action and sees else 404


def _state() -> tuple[int, ...]:
    return (
        ShareTransaction.objects.count(),
        AuditEvent.objects.count(),
        Member.objects.count(),
        Withdrawal.objects.count(),
        ImportBatch.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_persona_page_matrix(client, request, world, name):
    """GET each page as each persona; POST each action as each persona it refuses, and
    nothing changes."""
    route = ROUTES[name]
    url = reverse(f"membership:{name}", args=route.args(world))
    answers, wanted = {}, {}
    for persona in PERSONAS:
        user = _user(request, persona)
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[persona] = client.get(url).status_code
        wanted[persona] = _expected(route, user, world, "get")
    assert answers == wanted

    if route.kind in (ACTION, POST_ONLY, OWN_ACTION):
        before = _state()
        answers, wanted = {}, {}
        for persona in PERSONAS:
            user = _user(request, persona)
            if user is None or route.may(user, world.organisation):
                continue
            client.force_login(user)
            answers[persona] = client.post(url, {"reason": "guess", "confirm": "yes"}).status_code
            wanted[persona] = _expected(route, user, world, "post")
        assert answers == wanted
        assert _state() == before


OTHER_ORGANISATIONS_OBJECTS = [
    name
    for name, route in ROUTES.items()
    if route.args is not _org and route.kind not in (PUBLIC, OWN_READ, OWN_ACTION)
]


@pytest.mark.parametrize("name", sorted(OTHER_ORGANISATIONS_OBJECTS))
def test_an_object_of_another_organisation_is_not_found_by_its_id(
    client, world, outsider, other_organisation, name
):
    """The outsider is secretary of the other co-op: this co-op's numbers, ids and codes under
    their own organisation's address find nothing (404), and writing changes nothing."""
    mf.member(other_organisation, name="Own Member")
    route = ROUTES[name]
    args = route.args(world)
    args[0] = other_organisation.slug
    url = reverse(f"membership:{name}", args=args)
    client.force_login(outsider)
    before = _state()
    if name == "share_class_suspend" or name == "share_class_resume":
        url = reverse(f"membership:{name}", args=[other_organisation.slug, "no-such-class"])
    if route.kind != POST_ONLY:
        assert client.get(url).status_code == 404
    if route.kind in (ACTION, POST_ONLY):
        assert client.post(url, {"reason": "guess"}).status_code == 404
    assert _state() == before


#: What decides who may do what: only `membership/permissions.py` may hold roles.
_ROLE_CHECK = re.compile(r"\bhas_role\(|(?<![\w.])Role\.[A-Z]|\brequire_role\(|\bget_for\(")
_ADAPTERS = ("membership/views", "membership/forms", "api/membership", "templates/membership")


def test_no_page_form_template_or_endpoint_of_membership_checks_a_role():
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in _ADAPTERS
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in (".py", ".html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if _ROLE_CHECK.search(line)
    ]
    assert offenders == []
