"""Writes to the append-only share ledger.

Every service here locks the rows of the members it touches (primary-key order), then
computes holdings from the ledger under that lock and checks the rules (so two requests racing
on one holding are decided one after the other), writes new entries and records an audit
event. Nothing is ever updated or deleted: a mistake is corrected by a reversing entry.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, ShareClass, ShareTransaction
from membership.rules import Holding, format_pounds, proportional_paid, unpaid_pence
from membership.services._common import (
    check_date,
    check_not_ceased,
    check_pence,
    check_share_count,
    holding_of,
    lock_members,
)
from membership.services._entries import audit_entry, write_entry
from membership.services.limits import (
    check_class_allowed,
    check_holding_limits,
    check_ledger_change,
    pending_withdrawal_shares,
)
from membership.services.transfers import shares_transfer, shares_transfer_on_death

__all__ = [
    "check_class_allowed",
    "check_holding_limits",
    "ledger_correct",
    "payment_record",
    "shares_allot",
    "shares_cancel",
    "shares_interest_credit",
    "shares_transfer",
    "shares_transfer_on_death",
]

Kind = ShareTransaction.Kind


@transaction.atomic
def shares_allot(
    *,
    member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    paid_pence: int = 0,
    reason: str = "",
    actor: User | None,
) -> ShareTransaction:
    """Allot new shares to a member, optionally recording payment for them at once, within
    the class's maximum and minimum, the rules' maximum holding and the individual cap
    (CCBS Act 2014 s.24)."""
    check_share_count("shares", shares)
    check_pence("paid_pence", paid_pence, minimum=0)
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_class_allowed(member, share_class)
    check_date("effective_on", effective_on, member.organisation, member)
    if paid_pence > shares * share_class.nominal_value_pence:
        raise fail(
            "paid_pence",
            _(
                "The amount paid must be between nothing and the full value "
                "of the shares allotted (%(value)s)."
            )
            % {"value": format_pounds(shares * share_class.nominal_value_pence)},
        )
    before = holding_of(member, share_class)
    check_ledger_change(
        member=member,
        share_class=share_class,
        shares=shares,
        paid_pence=paid_pence,
        effective_on=effective_on,
    )
    entry = write_entry(
        member=member,
        share_class=share_class,
        kind=Kind.ALLOTMENT,
        shares=shares,
        paid_pence=0,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    if paid_pence:
        write_entry(
            member=member,
            share_class=share_class,
            kind=Kind.PAYMENT,
            shares=0,
            paid_pence=paid_pence,
            effective_on=effective_on,
            actor=actor,
            reason=reason,
        )
    audit_entry(entry, actor, before, before + Holding(shares, paid_pence), reason)
    return entry


@transaction.atomic
def payment_record(
    *,
    member: Member,
    share_class: ShareClass,
    amount_pence: int,
    effective_on: dt.date,
    reason: str = "",
    actor: User | None,
) -> ShareTransaction:
    """Record a payment towards shares already allotted (never more than is owed)."""
    check_pence("amount_pence", amount_pence, minimum=1)
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_class_allowed(member, share_class)
    check_date("effective_on", effective_on, member.organisation, member)
    before = holding_of(member, share_class)
    owed = unpaid_pence(before, share_class.nominal_value_pence)
    if amount_pence > owed:
        raise fail(
            "amount_pence",
            _("Only %(owed)s is unpaid on these shares; a payment cannot be more than that.")
            % {"owed": format_pounds(owed)},
        )
    check_ledger_change(
        member=member,
        share_class=share_class,
        shares=0,
        paid_pence=amount_pence,
        effective_on=effective_on,
        field="amount_pence",
    )
    entry = write_entry(
        member=member,
        share_class=share_class,
        kind=Kind.PAYMENT,
        shares=0,
        paid_pence=amount_pence,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    audit_entry(entry, actor, before, before + Holding(0, amount_pence), reason)
    return entry


@transaction.atomic
def shares_cancel(
    *,
    member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    reason: str,
    actor: User | None,
) -> ShareTransaction:
    """Cancel shares (e.g. on expulsion, or non-withdrawable shares when a member leaves); the
    amount paid on them passes to the society. Shares in an open withdrawal stay."""
    check_share_count("shares", shares)
    if not reason.strip():
        raise fail("reason", _("Give the reason the shares are cancelled."))
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_date("effective_on", effective_on, member.organisation, member)
    if share_class.organisation_id != member.organisation_id:
        raise fail("share_class", _("Choose a share class of this society."))
    paid = proportional_paid(holding_of(member, share_class, as_of=effective_on), shares)
    check_ledger_change(
        member=member,
        share_class=share_class,
        shares=-shares,
        paid_pence=-paid,
        effective_on=effective_on,
        reserved=pending_withdrawal_shares(member, share_class),
    )
    before = holding_of(member, share_class)
    entry = write_entry(
        member=member,
        share_class=share_class,
        kind=Kind.CANCELLATION,
        shares=-shares,
        paid_pence=-paid,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    audit_entry(entry, actor, before, before + Holding(-shares, -paid), reason)
    return entry


@transaction.atomic
def shares_interest_credit(
    *,
    member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    reason: str = "",
    actor: User | None,
) -> ShareTransaction:
    """Credit interest as new, fully paid shares (within the caps)."""
    check_share_count("shares", shares)
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_class_allowed(member, share_class)
    check_date("effective_on", effective_on, member.organisation, member)
    value = shares * share_class.nominal_value_pence
    check_ledger_change(
        member=member,
        share_class=share_class,
        shares=shares,
        paid_pence=value,
        effective_on=effective_on,
    )
    before = holding_of(member, share_class)
    entry = write_entry(
        member=member,
        share_class=share_class,
        kind=Kind.INTEREST,
        shares=shares,
        paid_pence=value,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    audit_entry(entry, actor, before, before + Holding(shares, value), reason)
    return entry


@transaction.atomic
def ledger_correct(
    *, entry: ShareTransaction, reason: str, actor: User | None
) -> list[ShareTransaction]:
    """Correct a mistaken entry with a reversing CORRECTION entry (both legs of a transfer).

    The reversal is dated like the entry it reverses, so the register as at any date shows
    what should have been recorded; the original stays visible in the ledger. A reversal may
    not take a holding below zero (nor below the shares of an open withdrawal), make the
    amount paid exceed the shares' value, or take it above a cap, as at any date.
    """
    if not reason.strip():
        raise fail("reason", _("Give the reason for the correction."))
    if entry.kind == Kind.CORRECTION:
        raise fail(
            "entry", _("A correction cannot itself be corrected; record a new entry instead.")
        )
    legs = [entry]
    if entry.transfer_group is not None:
        legs = list(ShareTransaction.objects.filter(transfer_group=entry.transfer_group))
    locked = lock_members(*[leg.member for leg in legs])
    # Checked under the lock: two corrections of one entry cannot both pass.
    if ShareTransaction.objects.filter(reverses__in=legs).exists():
        raise fail("entry", _("This entry has already been corrected."))
    legs = sorted(legs, key=lambda e: e.pk)
    for leg in legs:
        member = locked[leg.member_id]
        check_not_ceased(member, field="entry")
        check_ledger_change(
            member=member,
            share_class=leg.share_class,
            shares=-leg.shares,
            paid_pence=-leg.paid_pence,
            effective_on=leg.effective_on,
            field="entry",
            reserved=pending_withdrawal_shares(member, leg.share_class) if leg.shares > 0 else 0,
            check_minimum=False,
        )
    made = []
    for leg in legs:
        member = locked[leg.member_id]
        before = holding_of(member, leg.share_class)
        correction = write_entry(
            member=member,
            share_class=leg.share_class,
            kind=Kind.CORRECTION,
            shares=-leg.shares,
            paid_pence=-leg.paid_pence,
            effective_on=leg.effective_on,
            actor=actor,
            reason=reason,
            reverses=leg,
            counterparty=leg.counterparty,
        )
        audit_entry(
            correction, actor, before, before + Holding(-leg.shares, -leg.paid_pence), reason
        )
        made.append(correction)
    return made
