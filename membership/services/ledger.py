"""Writes to the append-only share ledger.

Every service here locks the rows of the members it touches (primary-key order), computes
holdings from the ledger under that lock, checks the rules, writes new entries and records an
audit event. Nothing is ever updated or deleted: a mistake is corrected by a reversing entry.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from membership.models import Member, ShareClass, ShareTransaction
from membership.rules import Holding, cap_applies, format_pounds, proportional_paid, unpaid_pence
from membership.services._common import (
    check_date,
    check_not_ceased,
    check_share_count,
    fail,
    holding_of,
    holdings_by_class,
    lock_members,
    rules_in_force,
)

Kind = ShareTransaction.Kind


def check_holding_limits(
    *,
    member: Member,
    share_class: ShareClass,
    new_total: int,
    field: str = "shares",
    day: dt.date | None = None,
) -> None:
    """Refuse a holding above the class maximum, below its minimum (unless nil), above the
    rules' maximum holding, or above the individual cap on withdrawable shares."""
    if share_class.maximum_shares is not None and new_total > share_class.maximum_shares:
        raise fail(
            field,
            _(
                "This would make the holding %(total)s shares, above the maximum "
                "of %(max)s for %(cls)s (share class terms)."
            )
            % {"total": new_total, "max": share_class.maximum_shares, "cls": share_class.name},
        )
    if 0 < new_total < share_class.minimum_shares:
        raise fail(
            field,
            _(
                "This would leave %(total)s shares, below the minimum holding of "
                "%(min)s for %(cls)s (share class terms)."
            )
            % {"total": new_total, "min": share_class.minimum_shares, "cls": share_class.name},
        )
    rules = rules_in_force(member.organisation, day)
    holdings = holdings_by_class(member)
    holdings[share_class.pk] = new_total
    classes = {c.pk: c for c in ShareClass.objects.filter(pk__in=holdings)}
    total_value = sum(shares * classes[pk].nominal_value_pence for pk, shares in holdings.items())
    if rules.maximum_holding_pence is not None and total_value > rules.maximum_holding_pence:
        raise fail(
            field,
            _(
                "This would make the member's holding %(value)s, above the maximum "
                "holding of %(max)s (%(rule)s)."
            )
            % {
                "value": format_pounds(total_value),
                "max": format_pounds(rules.maximum_holding_pence),
                "rule": rules.cite("maximum_holding_pence"),
            },
        )
    if cap_applies(is_registered_society=member.is_registered_society):
        withdrawable = sum(
            shares * classes[pk].nominal_value_pence
            for pk, shares in holdings.items()
            if classes[pk].is_withdrawable
        )
        if withdrawable > rules.individual_cap_pence:
            raise fail(
                field,
                _(
                    "This would make the member's withdrawable shares worth "
                    "%(value)s, above the cap of %(cap)s for a member who is not a "
                    "registered society (CCBS Act 2014 s.24; %(rule)s)."
                )
                % {
                    "value": format_pounds(withdrawable),
                    "cap": format_pounds(rules.individual_cap_pence),
                    "rule": rules.cite("individual_cap_pence"),
                },
            )


def check_class_allowed(
    member: Member, share_class: ShareClass, field: str = "share_class"
) -> None:
    """A member may hold only the share classes their member class allows (if it lists any)."""
    allowed = list(member.member_class.share_classes.values_list("pk", flat=True))
    if share_class.organisation_id != member.organisation_id or (
        allowed and share_class.pk not in allowed
    ):
        raise fail(
            field,
            _("Members of the class %(mclass)s may not hold %(cls)s (rules on member classes).")
            % {"mclass": member.member_class.name, "cls": share_class.name},
        )


def _entry(
    *,
    member: Member,
    share_class: ShareClass,
    kind: str,
    shares: int,
    paid_pence: int,
    effective_on: dt.date,
    actor: User | None,
    reason: str = "",
    **extra: object,
) -> ShareTransaction:
    entry = ShareTransaction(
        organisation_id=member.organisation_id,
        member=member,
        share_class=share_class,
        kind=kind,
        shares=shares,
        paid_pence=paid_pence,
        effective_on=effective_on,
        recorded_by=actor if actor is not None and actor.pk else None,
        reason=reason,
        **extra,
    )
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save()
    return entry


def _entry_audit(
    entry: ShareTransaction, actor: User | None, before: Holding, after: Holding, reason: str = ""
) -> None:
    audit(
        actor=actor,
        action=f"ledger.{entry.kind}",
        obj=entry.member,
        before={
            "share_class": entry.share_class.code,
            "shares": before.shares,
            "paid_pence": before.paid_pence,
        },
        after={
            "share_class": entry.share_class.code,
            "shares": after.shares,
            "paid_pence": after.paid_pence,
            "entry": entry.pk,
        },
        reason=reason,
    )


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
    """Allot new shares to a member, optionally recording payment for them at once."""
    check_share_count("shares", shares)
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_class_allowed(member, share_class)
    check_date("effective_on", effective_on, member.organisation, member)
    if paid_pence < 0 or paid_pence > shares * share_class.nominal_value_pence:
        raise fail(
            "paid_pence",
            _(
                "The amount paid must be between nothing and the full value "
                "of the shares allotted (%(value)s)."
            )
            % {"value": format_pounds(shares * share_class.nominal_value_pence)},
        )
    before = holding_of(member, share_class)
    check_holding_limits(
        member=member, share_class=share_class, new_total=before.shares + shares, day=effective_on
    )
    entry = _entry(
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
        _entry(
            member=member,
            share_class=share_class,
            kind=Kind.PAYMENT,
            shares=0,
            paid_pence=paid_pence,
            effective_on=effective_on,
            actor=actor,
            reason=reason,
        )
    _entry_audit(entry, actor, before, before + Holding(shares, paid_pence), reason)
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
    if isinstance(amount_pence, bool) or not isinstance(amount_pence, int) or amount_pence < 1:
        raise fail("amount_pence", _("Enter an amount of at least 1p."))
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_date("effective_on", effective_on, member.organisation, member)
    before = holding_of(member, share_class)
    owed = unpaid_pence(before, share_class.nominal_value_pence)
    if amount_pence > owed:
        raise fail(
            "amount_pence",
            _("Only %(owed)s is unpaid on these shares; a payment cannot be more than that.")
            % {"owed": format_pounds(owed)},
        )
    entry = _entry(
        member=member,
        share_class=share_class,
        kind=Kind.PAYMENT,
        shares=0,
        paid_pence=amount_pence,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    _entry_audit(entry, actor, before, before + Holding(0, amount_pence), reason)
    return entry


def _check_recipient(
    to_member: Member, share_class: ShareClass, new_total: int, effective_on: dt.date
) -> None:
    if to_member.status != Member.Status.ACTIVE:
        raise fail(
            "to_member",
            _(
                "Shares can be transferred only to an active member; member "
                "%(number)s is %(status)s."
            )
            % {"number": to_member.number, "status": to_member.get_status_display()},
        )
    check_class_allowed(to_member, share_class, field="to_member")
    check_holding_limits(
        member=to_member,
        share_class=share_class,
        new_total=new_total,
        field="shares",
        day=effective_on,
    )


def _transfer(
    *,
    from_member: Member,
    to_member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    reason: str,
    actor: User | None,
    on_death: bool,
) -> tuple[ShareTransaction, ShareTransaction]:
    check_share_count("shares", shares)
    if from_member.pk == to_member.pk:
        raise fail("to_member", _("Choose a different member to transfer the shares to."))
    if from_member.organisation_id != to_member.organisation_id:
        raise fail(
            "to_member", _("Shares can be transferred only between members of the same society.")
        )
    locked = lock_members(from_member, to_member)
    giver, receiver = locked[from_member.pk], locked[to_member.pk]
    if not on_death:
        check_not_ceased(giver, field="from_member")
        if not share_class.is_transferable:
            raise fail(
                "share_class",
                _("%(cls)s are not transferable (share class terms).") % {"cls": share_class.name},
            )
    check_not_ceased(receiver, field="to_member")
    check_date("effective_on", effective_on, giver.organisation, giver)
    check_date("effective_on", effective_on, giver.organisation, receiver)
    giver_before = holding_of(giver, share_class)
    if shares > giver_before.shares:
        raise fail(
            "shares",
            _("Member %(number)s holds only %(held)s shares of this class.")
            % {"number": giver.number, "held": giver_before.shares},
        )
    if not on_death:
        check_holding_limits(
            member=giver,
            share_class=share_class,
            new_total=giver_before.shares - shares,
            day=effective_on,
        )
    receiver_before = holding_of(receiver, share_class)
    _check_recipient(receiver, share_class, receiver_before.shares + shares, effective_on)
    paid = proportional_paid(giver_before, shares)
    group = uuid.uuid4()
    out_kind, in_kind = (
        (Kind.DEATH_OUT, Kind.DEATH_IN) if on_death else (Kind.TRANSFER_OUT, Kind.TRANSFER_IN)
    )
    out = _entry(
        member=giver,
        share_class=share_class,
        kind=out_kind,
        shares=-shares,
        paid_pence=-paid,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
        counterparty=receiver,
        transfer_group=group,
    )
    into = _entry(
        member=receiver,
        share_class=share_class,
        kind=in_kind,
        shares=shares,
        paid_pence=paid,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
        counterparty=giver,
        transfer_group=group,
    )
    _entry_audit(out, actor, giver_before, giver_before + Holding(-shares, -paid), reason)
    _entry_audit(into, actor, receiver_before, receiver_before + Holding(shares, paid), reason)
    return out, into


@transaction.atomic
def shares_transfer(
    *,
    from_member: Member,
    to_member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    reason: str = "",
    actor: User | None,
) -> tuple[ShareTransaction, ShareTransaction]:
    """Transfer shares between two members, where the class allows transfers, to an eligible
    active member, within every cap."""
    return _transfer(
        from_member=from_member,
        to_member=to_member,
        share_class=share_class,
        shares=shares,
        effective_on=effective_on,
        reason=reason,
        actor=actor,
        on_death=False,
    )


@transaction.atomic
def shares_transfer_on_death(
    *,
    from_member: Member,
    to_member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    reason: str = "",
    actor: User | None,
) -> tuple[ShareTransaction, ShareTransaction]:
    """Transfer a deceased member's shares to a member (a nominee or the personal
    representatives' choice, CCBS Act 2014 ss.37-40): allowed whatever the class's
    transferability, and on a ceased member's account."""
    return _transfer(
        from_member=from_member,
        to_member=to_member,
        share_class=share_class,
        shares=shares,
        effective_on=effective_on,
        reason=reason,
        actor=actor,
        on_death=True,
    )


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
    amount paid on them passes to the society."""
    check_share_count("shares", shares)
    if not reason.strip():
        raise fail("reason", _("Give the reason the shares are cancelled."))
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_date("effective_on", effective_on, member.organisation, member)
    before = holding_of(member, share_class)
    if shares > before.shares:
        raise fail(
            "shares",
            _("Member %(number)s holds only %(held)s shares of this class.")
            % {"number": member.number, "held": before.shares},
        )
    paid = proportional_paid(before, shares)
    entry = _entry(
        member=member,
        share_class=share_class,
        kind=Kind.CANCELLATION,
        shares=-shares,
        paid_pence=-paid,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    _entry_audit(entry, actor, before, before + Holding(-shares, -paid), reason)
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
    check_date("effective_on", effective_on, member.organisation, member)
    before = holding_of(member, share_class)
    check_holding_limits(
        member=member, share_class=share_class, new_total=before.shares + shares, day=effective_on
    )
    value = shares * share_class.nominal_value_pence
    entry = _entry(
        member=member,
        share_class=share_class,
        kind=Kind.INTEREST,
        shares=shares,
        paid_pence=value,
        effective_on=effective_on,
        actor=actor,
        reason=reason,
    )
    _entry_audit(entry, actor, before, before + Holding(shares, value), reason)
    return entry


@transaction.atomic
def ledger_correct(
    *, entry: ShareTransaction, reason: str, actor: User | None
) -> list[ShareTransaction]:
    """Correct a mistaken entry with a reversing CORRECTION entry (both legs of a transfer).

    The reversal is dated like the entry it reverses, so the register as at any date shows
    what should have been recorded; the original stays visible in the ledger.
    """
    if not reason.strip():
        raise fail("reason", _("Give the reason for the correction."))
    if entry.kind == Kind.CORRECTION:
        raise fail(
            "entry", _("A correction cannot itself be corrected; record a new entry instead.")
        )
    legs = [entry]
    if entry.transfer_group is not None:
        legs = list(
            ShareTransaction.objects.filter(transfer_group=entry.transfer_group).select_related(
                "share_class", "member"
            )
        )
    if ShareTransaction.objects.filter(reverses__in=legs).exists():
        raise fail("entry", _("This entry has already been corrected."))
    locked = lock_members(*[leg.member for leg in legs])
    made = []
    for leg in sorted(legs, key=lambda e: e.pk):
        member = locked[leg.member_id]
        check_not_ceased(member, field="entry")
        before = holding_of(member, leg.share_class)
        if before.shares - leg.shares < 0 or before.paid_pence - leg.paid_pence < 0:
            raise fail(
                "entry",
                _(
                    "Reversing this entry would leave member %(number)s with a "
                    "negative holding; correct the later entries first."
                )
                % {"number": member.number},
            )
        correction = _entry(
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
        _entry_audit(
            correction, actor, before, before + Holding(-leg.shares, -leg.paid_pence), reason
        )
        made.append(correction)
    return made
