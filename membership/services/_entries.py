"""Writing one ledger entry, with the current holding it changes, and its audit event (used
by every ledger service)."""

from __future__ import annotations

import datetime as dt

from coop.core.audit import audit
from coop.core.models import User
from membership.models import Member, ShareClass, ShareTransaction
from membership.rules import Holding
from membership.services._holdings import holdings_add

RELATED = (
    "organisation",
    "member",
    "share_class",
    "recorded_by",
    "reverses",
    "counterparty",
    "withdrawal",
)


def write_entry(
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
    """Append one entry to the ledger and add it to the member's current holding (the caller
    holds the member's lock, has checked the limits and runs in a transaction)."""
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
    # The related rows are loaded (and locked) by the caller and the database checks the
    # foreign keys and constraints: validating them here again would cost a query each.
    entry.full_clean(exclude=RELATED, validate_unique=False, validate_constraints=False)
    entry.save()
    holdings_add([entry])
    return entry


def audit_entry(
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
