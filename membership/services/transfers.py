"""Transfers of shares between members, and transfers on death (CCBS Act 2014 ss.37-40)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, ShareClass, ShareTransaction
from membership.rules import Holding, proportional_paid
from membership.services._common import (
    check_date,
    check_not_ceased,
    check_share_count,
    holding_of,
    lock_members,
)
from membership.services._entries import audit_entry, write_entry
from membership.services.limits import (
    check_class_allowed,
    check_ledger_change,
    pending_withdrawal_shares,
)

Kind = ShareTransaction.Kind


def _check_parties(
    giver: Member, receiver: Member, share_class: ShareClass, *, on_death: bool
) -> None:
    """Who may give and receive shares of the class: a transferable class between living
    members (share class terms), or a deceased member's shares (CCBS Act 2014 ss.37-40) to
    an active member whose class may hold them."""
    if share_class.organisation_id != giver.organisation_id:
        raise fail("share_class", _("Choose a share class of this society."))
    if not on_death:
        check_not_ceased(giver, field="from_member")
        if not share_class.is_transferable:
            raise fail(
                "share_class",
                _("%(cls)s are not transferable (share class terms).") % {"cls": share_class.name},
            )
    check_not_ceased(receiver, field="to_member")
    if receiver.status != Member.Status.ACTIVE:
        raise fail(
            "to_member",
            _(
                "Shares can be transferred only to an active member; member "
                "%(number)s is %(status)s."
            )
            % {"number": receiver.number, "status": receiver.get_status_display()},
        )
    check_class_allowed(receiver, share_class, field="to_member")
    if on_death and giver.ceased_reason != Member.CeasedReason.DEATH:
        raise fail(
            "from_member",
            _(
                "Member %(number)s is not recorded as having died: record their death first "
                "(CCBS Act 2014 ss.37-40)."
            )
            % {"number": giver.number},
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
    _check_parties(giver, receiver, share_class, on_death=on_death)
    check_date("effective_on", effective_on, giver.organisation, giver)
    check_date("effective_on", effective_on, giver.organisation, receiver)
    # The amount paid moves with the shares, pro rata to the giver's holding on the day.
    paid = proportional_paid(holding_of(giver, share_class, as_of=effective_on), shares)
    check_ledger_change(
        member=giver,
        share_class=share_class,
        shares=-shares,
        paid_pence=-paid,
        effective_on=effective_on,
        reserved=pending_withdrawal_shares(giver, share_class),
        check_minimum=not on_death,
    )
    check_ledger_change(
        member=receiver,
        share_class=share_class,
        shares=shares,
        paid_pence=paid,
        effective_on=effective_on,
    )
    giver_before = holding_of(giver, share_class)
    receiver_before = holding_of(receiver, share_class)
    group = uuid.uuid4()
    out_kind, in_kind = (
        (Kind.DEATH_OUT, Kind.DEATH_IN) if on_death else (Kind.TRANSFER_OUT, Kind.TRANSFER_IN)
    )
    out = write_entry(
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
    into = write_entry(
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
    audit_entry(out, actor, giver_before, giver_before + Holding(-shares, -paid), reason)
    audit_entry(into, actor, receiver_before, receiver_before + Holding(shares, paid), reason)
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
    """Transfer shares between two members, where the class allows transfers (share class
    terms), to an active member whose class may hold them, within every cap of the receiver
    and never taking shares the giver has asked to withdraw."""
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
