"""Who may do what in membership: the only place that decides it.

Roles in an organisation (secretary, board member, scrutineer, member, bid manager) become
named predicates here; pages, the API, templates and commands name these predicates and never
check a role themselves. The getters (`<noun>_get_for_<verb>`) apply the kernel's one rule
(`coop.core.permissions.gate`): whatever a user may not see answers 404, exactly like
something that does not exist, so a guessed number or id of another organisation's object
reveals nothing; an action on something they may see but not change answers 403.

Who is who:
- the secretary keeps the register (CCBS Act 2014 s.30) and makes every entry in it;
- the board (the secretary and board members) decides applications to join and withdrawals
  of shares, and may suspend withdrawals of a class (the society's rules);
- the scrutineer, like the board, reads the register, and may take it away in a file to
  check it; with the secretary, reads the audit trail;
- a member sees their own account and inspects the duplicate register (s.103);
- anyone with a role sees the organisation's rules, member classes and share classes.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404

from coop.core.models import User
from coop.core.permissions import (
    AnyUser,
    Predicate,
    Role,
    gate,
    has_role,
    is_active_user,
    organisations_for,
    roles_of,
)
from membership import selectors
from membership.models import (
    Application,
    ImportBatch,
    Member,
    Nomination,
    Officer,
    Organisation,
    RegisterExport,
    ShareClass,
    ShareTransaction,
    Withdrawal,
)

T = TypeVar("T")
Scoped = TypeVar(
    "Scoped", Application, ImportBatch, Officer, RegisterExport, ShareClass, Withdrawal
)

# --- predicates: may this user ... in this organisation? -----------------------------------


def roles_held(user: AnyUser | None, organisation: Organisation) -> list[Role]:
    """The roles `user` holds in `organisation`, in a stable order: what a page or the API
    shows a person about themselves (not a decision; decisions are the predicates)."""
    return sorted(roles_of(user, organisation), key=lambda role: role.value)


def can_see_organisation(user: AnyUser | None, organisation: Organisation) -> bool:
    """Holds any role in the organisation: may open its home page and see that it exists."""
    return has_role(user, organisation)


def can_view_organisation(user: AnyUser | None, organisation: Organisation) -> bool:
    """The rules versions, member classes and share classes (terms every member needs to
    apply for, hold and withdraw shares): anyone with a role."""
    return has_role(user, organisation)


def can_view_register(user: AnyUser | None, organisation: Organisation) -> bool:
    """The register of members with holdings, the ledger, officers and nominations
    (CCBS Act 2014 s.30): the secretary, the board and the scrutineer."""
    return has_role(user, organisation, Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER)


def can_manage_register(user: AnyUser | None, organisation: Organisation) -> bool:
    """Every entry in the register and the share ledger: the secretary, who keeps them."""
    return has_role(user, organisation, Role.SECRETARY)


def can_import_members(user: AnyUser | None, organisation: Organisation) -> bool:
    """Import members from a spreadsheet (many entries at once): the secretary."""
    return can_manage_register(user, organisation)


def can_apply_to_join(user: AnyUser | None, organisation: Organisation) -> bool:
    """Apply to join: anyone, signed in or not (the service checks that the organisation
    takes applications, and the board decides)."""
    return True


def can_view_applications(user: AnyUser | None, organisation: Organisation) -> bool:
    """Applications to join, with the applicants' details: the board, who decides them."""
    return has_role(user, organisation, Role.SECRETARY, Role.BOARD_MEMBER)


def can_decide_applications(user: AnyUser | None, organisation: Organisation) -> bool:
    """Admit or decline an applicant (the rules: admission by the board)."""
    return has_role(user, organisation, Role.SECRETARY, Role.BOARD_MEMBER)


def can_view_withdrawals(user: AnyUser | None, organisation: Organisation) -> bool:
    """Withdrawals of shares still open or decided: the board, who decides them."""
    return has_role(user, organisation, Role.SECRETARY, Role.BOARD_MEMBER)


def can_decide_withdrawals(user: AnyUser | None, organisation: Organisation) -> bool:
    """Approve or refuse a withdrawal, having considered solvency (the rules)."""
    return has_role(user, organisation, Role.SECRETARY, Role.BOARD_MEMBER)


def can_suspend_withdrawals(user: AnyUser | None, organisation: Organisation) -> bool:
    """Suspend or resume withdrawals of a share class: the board (the rules)."""
    return has_role(user, organisation, Role.SECRETARY, Role.BOARD_MEMBER)


def can_pay_withdrawals(user: AnyUser | None, organisation: Organisation) -> bool:
    """Record a withdrawal as paid, or cancel one: an entry in the ledger, the secretary."""
    return can_manage_register(user, organisation)


def can_export_register(user: AnyUser | None, organisation: Organisation) -> bool:
    """Take the whole register away in a file (CSV or PDF, holdings and contact details
    included): the secretary, who keeps it, and the scrutineer, who checks it. A bulk copy of
    everyone's personal data leaves Cyd's logs and controls, so the board reads the register
    in Cyd, and members inspect the duplicate register a page at a time (s.103)."""
    return has_role(user, organisation, Role.SECRETARY, Role.SCRUTINEER)


def can_view_audit(user: AnyUser | None, organisation: Organisation) -> bool:
    """The organisation's audit trail: the secretary and the scrutineer."""
    return has_role(user, organisation, Role.SECRETARY, Role.SCRUTINEER)


def can_inspect_duplicate_register(user: AnyUser | None, organisation: Organisation) -> bool:
    """The duplicate register (CCBS Act 2014 s.103(1)(b)): members, and those who read the
    full register."""
    return has_role(user, organisation, Role.MEMBER) or can_view_register(user, organisation)


def can_view_own_account(user: AnyUser | None, organisation: Organisation) -> bool:
    """The person's own account (CCBS Act 2014 s.103(1)(a)): whoever has a member record in
    the organisation, a former member included (they may still have an interest in its
    funds)."""
    return own_member(user, organisation) is not None


def can_change_own_account(user: AnyUser | None, organisation: Organisation) -> bool:
    """Change one's own contact details, or give notice to withdraw shares: a member whose
    membership has not ceased."""
    member = own_member(user, organisation)
    return member is not None and not member.is_ceased


# --- getters: the object, or 404 / 403 by the one rule -------------------------------------


def organisation_list_for(user: AnyUser | None) -> QuerySet[Organisation]:
    """Organisations where `user` holds any role."""
    return organisations_for(user, Organisation.objects.all())


def organisation_get(slug: str) -> Organisation:
    """The organisation of the address, or Http404; it decides nothing (gate it)."""
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    return organisation


def organisation_get_for(
    user: AnyUser | None, slug: str, may: Predicate, *, action: bool = False
) -> Organisation:
    """The organisation if `may(user, organisation)`; otherwise 404, or 403 for an action
    by someone who holds a role in it."""
    organisation = organisation_get(slug)
    gate(user, organisation, may, sees=can_see_organisation, action=action)
    return organisation


def organisation_get_for_view(user: AnyUser | None, slug: str) -> Organisation:
    """The organisation if `user` holds any role in it, else Http404."""
    return organisation_get_for(user, slug, can_see_organisation)


def member_get_for_view(user: AnyUser | None, slug: str, number: int) -> Member:
    """A member of the organisation, to a register reader; 404 for a number of any other."""
    organisation = organisation_get_for(user, slug, can_view_register)
    return _found(selectors.member_get(organisation, number))


def member_get_for_manage(user: AnyUser | None, slug: str, number: int) -> Member:
    """A member, for an entry in the register (the secretary)."""
    organisation = organisation_get_for(user, slug, can_manage_register, action=True)
    return _found(selectors.member_get(organisation, number))


def ledger_entry_get_for_correct(
    user: AnyUser | None, slug: str, number: int, pk: int
) -> ShareTransaction:
    """A ledger entry of one member, for the secretary to correct."""
    member = member_get_for_manage(user, slug, number)
    entry = selectors.ledger_entry_get(member.organisation, pk)
    if entry is None or entry.member_id != member.pk:
        raise Http404
    entry.member = member
    return entry


def nomination_get_for_revoke(user: AnyUser | None, slug: str, number: int, pk: int) -> Nomination:
    """A nomination of one member, for the secretary to revoke."""
    member = member_get_for_manage(user, slug, number)
    nomination = selectors.nomination_get(member.organisation, pk)
    if nomination is None or nomination.member_id != member.pk:
        raise Http404
    nomination.member = member
    return nomination


def application_get_for_decide(user: AnyUser | None, slug: str, pk: int) -> Application:
    """An application to join, for the board's decision."""
    organisation = organisation_get_for(user, slug, can_decide_applications, action=True)
    return _in(organisation, selectors.application_get(organisation, pk))


def withdrawal_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool = True
) -> Withdrawal:
    """A withdrawal of the organisation, for whoever `may` (decide, pay, cancel, view)."""
    organisation = organisation_get_for(user, slug, may, action=action)
    return _in(organisation, selectors.withdrawal_get(organisation, pk))


def share_class_get_for_suspend(user: AnyUser | None, slug: str, code: str) -> ShareClass:
    """A share class, for the board to suspend or resume its withdrawals."""
    organisation = organisation_get_for(user, slug, can_suspend_withdrawals, action=True)
    return _in(organisation, selectors.share_class_by_code(organisation, code))


def officer_get_for_manage(user: AnyUser | None, slug: str, pk: int) -> Officer:
    """An officer's term, for the secretary to end."""
    organisation = organisation_get_for(user, slug, can_manage_register, action=True)
    return _in(organisation, selectors.officer_get(organisation, pk))


def export_get_for_download(user: AnyUser | None, slug: str, pk: int) -> RegisterExport:
    """A register export, to those who may export the register."""
    organisation = organisation_get_for(user, slug, can_export_register)
    return _in(organisation, selectors.register_export_get(organisation, pk))


def import_batch_get_for_manage(
    user: AnyUser | None, slug: str, pk: int, *, action: bool = False
) -> ImportBatch:
    """An uploaded register import, to the secretary."""
    organisation = organisation_get_for(user, slug, can_import_members, action=action)
    return _in(organisation, selectors.import_batch_get(organisation, pk))


def own_member(user: AnyUser | None, organisation: Organisation) -> Member | None:
    """The user's own member record in the organisation. It is kept on the organisation
    object, which each request loads afresh, so a page asks the database once."""
    if not is_active_user(user) or not isinstance(user, User):
        return None
    cache: dict[int, Member | None] = organisation.__dict__.setdefault("_cyd_own_member", {})
    if user.pk not in cache:
        cache[user.pk] = selectors.member_for_user(organisation, user)
    return cache[user.pk]


def own_member_get_for_view(user: AnyUser | None, slug: str) -> Member:
    """The user's own member record, for their own account; 404 without one."""
    organisation = organisation_get(slug)
    gate(user, organisation, can_view_own_account, sees=can_view_own_account, action=False)
    return _found(own_member(user, organisation))


def own_member_get_for_change(user: AnyUser | None, slug: str) -> Member:
    """The user's own member record, to change their details or give notice to withdraw:
    404 without one, 403 once their membership has ceased."""
    organisation = organisation_get(slug)
    gate(user, organisation, can_change_own_account, sees=can_view_own_account, action=True)
    return _found(own_member(user, organisation))


def _in(organisation: Organisation, obj: Scoped | None) -> Scoped:
    """`obj` of `organisation` (found through it), or Http404."""
    found = _found(obj)
    found.organisation = organisation
    return found


def _found(obj: T | None) -> T:
    if obj is None:
        raise Http404
    return obj
