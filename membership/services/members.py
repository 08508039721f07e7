"""Writes about members: entry on the register, status changes, contact details and joint
holders. Applications, officers and nominations have modules of their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant, role_revoke
from coop.core.validation import fail
from membership.models import (
    Member,
    MemberClass,
    Organisation,
    ShareTransaction,
)
from membership.rules import age_on
from membership.services._common import (
    check_date,
    check_not_ceased,
    holdings_by_class,
    lock_members,
    rules_in_force,
)


def _take_number(organisation: Organisation, requested: int | None) -> int:
    """A member number never used before in `organisation` (the counter only goes up)."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if requested is None:
        number = org.next_member_number
    else:
        if isinstance(requested, bool) or not isinstance(requested, int) or requested < 1:
            raise fail("number", _("A member number is a whole number, 1 or more."))
        if Member.objects.filter(organisation=org, number=requested).exists():
            raise fail(
                "number",
                _(
                    "Member number %(number)s is already used in %(org)s; member "
                    "numbers are never reused."
                )
                % {"number": requested, "org": org.name},
            )
        number = requested
    Organisation.objects.filter(pk=org.pk).update(
        next_member_number=max(org.next_member_number, number + 1)
    )
    return number


def check_member_fields(
    organisation: Organisation,
    *,
    kind: str,
    member_class: MemberClass,
    date_of_birth: dt.date | None,
    email: str,
    email_purposes: bool,
    day: dt.date,
) -> None:
    if member_class.organisation_id != organisation.pk:
        raise fail(
            "member_class",
            _("Choose one of %(org)s's member classes.") % {"org": organisation.name},
        )
    if member_class.members_are_organisations and kind != Member.Kind.ORGANISATION:
        raise fail(
            "member_class",
            _("Members of the class %(cls)s are organisations.") % {"cls": member_class.name},
        )
    if kind == Member.Kind.PERSON and date_of_birth is not None:
        rules = rules_in_force(organisation, day)
        if age_on(date_of_birth, day) < rules.minimum_age:
            raise fail(
                "date_of_birth",
                _("Members must be at least %(age)s years old (%(rule)s).")
                % {"age": rules.minimum_age, "rule": rules.cite("minimum_age")},
            )
    if email_purposes and not email:
        raise fail("email", _("Give an email address for the purposes ticked, or untick them."))


def _check_links(
    organisation: Organisation,
    kind: str,
    is_registered_society: bool,
    member_organisation: Organisation | None,
    user: User | None,
) -> None:
    """What only an organisation may be, and one sign-in account per member."""
    if is_registered_society and kind != Member.Kind.ORGANISATION:
        raise fail(
            "is_registered_society",
            _(
                "Only an organisation can be a registered society: the cap on withdrawable "
                "shares applies to every individual (CCBS Act 2014 s.24)."
            ),
        )
    if member_organisation is not None and kind != Member.Kind.ORGANISATION:
        raise fail(
            "member_organisation",
            _("Only a member that is an organisation can be linked to one."),
        )
    if user is not None and Member.objects.filter(organisation=organisation, user=user).exists():
        raise fail(
            "user",
            _("This account is already linked to another member of %(org)s.")
            % {"org": organisation.name},
        )


@transaction.atomic
def member_register(
    *,
    organisation: Organisation,
    name: str,
    member_class: MemberClass,
    entered_on: dt.date,
    postal_address: str,
    postcode: str = "",
    kind: str = Member.Kind.PERSON,
    email: str = "",
    email_for_notices: bool = False,
    email_for_ballots: bool = False,
    email_for_news: bool = False,
    phone: str = "",
    date_of_birth: dt.date | None = None,
    preferred_language: str = "en-gb",
    is_registered_society: bool = False,
    member_organisation: Organisation | None = None,
    user: User | None = None,
    number: int | None = None,
    actor: User | None,
) -> Member:
    """Enter a member on the register (CCBS Act 2014 s.30) with a number never used before.

    Admitting an applicant goes through `member_admit`; this is for the secretary recording a
    member directly (e.g. when moving the register into Cyd).
    """
    if not name.strip():
        raise fail("name", _("Enter the member's name."))
    if not postal_address.strip():
        raise fail(
            "postal_address",
            _("Enter the member's postal address: the register must hold it (CCBS Act 2014 s.30)."),
        )
    check_date("entered_on", entered_on, organisation)
    _check_links(organisation, kind, is_registered_society, member_organisation, user)
    check_member_fields(
        organisation,
        kind=kind,
        member_class=member_class,
        date_of_birth=date_of_birth,
        email=email,
        email_purposes=email_for_notices or email_for_ballots or email_for_news,
        day=entered_on,
    )
    member = Member(
        organisation=organisation,
        number=_take_number(organisation, number),
        kind=kind,
        name=name.strip(),
        member_class=member_class,
        status=Member.Status.ACTIVE,
        entered_on=entered_on,
        postal_address=postal_address.strip(),
        postcode=postcode.strip().upper(),
        email=email.strip().lower(),
        email_for_notices=email_for_notices,
        email_for_ballots=email_for_ballots,
        email_for_news=email_for_news,
        phone=phone.strip(),
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
        is_registered_society=is_registered_society,
        member_organisation=member_organisation,
        user=user,
    )
    member.full_clean()
    member.save()
    audit(actor=actor, action="member.register", obj=member, after=snapshot(member))
    if user is not None:
        role_grant(organisation=organisation, user=user, role=Role.MEMBER, actor=actor)
    return member


def _set_status(
    member: Member, status: str, actor: User | None, action: str, reason: str, **fields: Any
) -> Member:
    before = snapshot(member, ["status", "ceased_on", "ceased_reason", "suspended_reason"])
    member.status = status
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    audit(
        actor=actor,
        action=action,
        obj=member,
        before=before,
        after=snapshot(member, ["status", "ceased_on", "ceased_reason", "suspended_reason"]),
        reason=reason,
    )
    return member


@transaction.atomic
def member_suspend(*, member: Member, reason: str, actor: User | None) -> Member:
    """Suspend a member under the rules (they stay on the register but may not vote)."""
    member = lock_members(member)[member.pk]
    if member.status != Member.Status.ACTIVE:
        raise fail("status", _("Only an active member can be suspended."))
    if not reason.strip():
        raise fail("reason", _("Give the reason for the suspension."))
    return _set_status(
        member,
        Member.Status.SUSPENDED,
        actor,
        "member.suspend",
        reason,
        suspended_reason=reason.strip(),
    )


@transaction.atomic
def member_reinstate(*, member: Member, actor: User | None) -> Member:
    """End a suspension."""
    member = lock_members(member)[member.pk]
    if member.status != Member.Status.SUSPENDED:
        raise fail("status", _("Only a suspended member can be reinstated."))
    return _set_status(
        member, Member.Status.ACTIVE, actor, "member.reinstate", "", suspended_reason=""
    )


def cease_member(
    *, member: Member, ceased_on: dt.date, reason: str, note: str, actor: User | None
) -> Member:
    """Fill in the date a (locked) member ceased; the caller has checked their shares."""
    check_date("ceased_on", ceased_on, member.organisation, member)
    member = _set_status(
        member,
        Member.Status.CEASED,
        actor,
        "member.cease",
        note,
        ceased_on=ceased_on,
        ceased_reason=reason,
        ceased_note=note,
    )
    if member.user is not None:
        role_revoke(
            organisation=member.organisation, user=member.user, role=Role.MEMBER, actor=actor
        )
    return member


@transaction.atomic
def member_cease(
    *, member: Member, ceased_on: dt.date, reason: str, note: str = "", actor: User | None
) -> Member:
    """Record that a member has ceased to be a member. The entry stays on the register with
    the date ceased (CCBS Act 2014 s.30); shares must first be withdrawn, transferred or
    cancelled (except on death, when they pass under ss.37-40)."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if reason not in Member.CeasedReason.values:
        raise fail("ceased_reason", _("Choose why membership ceased."))
    held = holdings_by_class(member)
    if held and reason != Member.CeasedReason.DEATH:
        total = sum(held.values())
        raise fail(
            "ceased_on",
            _(
                "Member %(number)s still holds %(shares)s shares: record their "
                "withdrawal, transfer or cancellation first."
            )
            % {"number": member.number, "shares": total},
        )
    if reason != Member.CeasedReason.DEATH:
        last = ShareTransaction.objects.filter(member=member).aggregate(last=Max("effective_on"))[
            "last"
        ]
        if last is not None and ceased_on < last:
            raise fail(
                "ceased_on",
                _(
                    "The share ledger of member %(number)s has entries up to %(day)s: "
                    "they cannot have ceased before then."
                )
                % {"number": member.number, "day": date_format(last)},
            )
    return cease_member(member=member, ceased_on=ceased_on, reason=reason, note=note, actor=actor)


@transaction.atomic
def member_link_user(*, member: Member, user: User, actor: User | None) -> Member:
    """Link a sign-in account to a member; they get the member role."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if (
        Member.objects.filter(organisation=member.organisation, user=user)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise fail(
            "user",
            _("This account is already linked to another member of %(org)s.")
            % {"org": member.organisation.name},
        )
    before = snapshot(member, ["user"])
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit(
        actor=actor,
        action="member.link_user",
        obj=member,
        before=before,
        after=snapshot(member, ["user"]),
    )
    role_grant(organisation=member.organisation, user=user, role=Role.MEMBER, actor=actor)
    return member
