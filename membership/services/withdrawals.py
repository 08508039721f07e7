"""Withdrawals of shares: requested → notice running → board decision → paid.

CCBS Act 2014 and the rules: withdrawable shares are repaid at the board's discretion after
the notice period, and the board considers whether paying keeps the society solvent. The board
may suspend withdrawals for a share class.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from membership.models import Member, ShareClass, ShareTransaction, Withdrawal
from membership.rules import lock_in_ends_on, notice_ends_on, proportional_paid
from membership.services._common import (
    check_date,
    check_not_ceased,
    check_share_count,
    fail,
    holding_of,
    lock_members,
    rules_in_force,
)
from membership.services.ledger import _entry, _entry_audit, check_holding_limits
from membership.services.members import _cease

Status = Withdrawal.Status


def _pending_shares(member: Member, share_class: ShareClass) -> int:
    return (
        Withdrawal.objects.filter(
            member=member, share_class=share_class, status__in=Withdrawal.OPEN
        ).aggregate(total=Sum("shares"))["total"]
        or 0
    )


def _locked_in_shares(
    member: Member, share_class: ShareClass, lock_in_days: int, day: dt.date
) -> tuple[int, dt.date | None]:
    """Shares added within the lock-in period before `day` (not yet withdrawable), and the
    day the last of them becomes withdrawable."""
    if lock_in_days <= 0:
        return 0, None
    since = day - dt.timedelta(days=lock_in_days)
    totals = ShareTransaction.objects.filter(
        member=member,
        share_class=share_class,
        effective_on__gt=since,
        kind__in=[
            ShareTransaction.Kind.ALLOTMENT,
            ShareTransaction.Kind.INTEREST,
            ShareTransaction.Kind.TRANSFER_IN,
        ],
    ).aggregate(total=Sum("shares"), last=Max("effective_on"))
    last = totals["last"]
    return totals["total"] or 0, lock_in_ends_on(last, lock_in_days) if last else None


def _transition(withdrawal: Withdrawal, to: str) -> None:
    if to not in Withdrawal.TRANSITIONS[withdrawal.status]:
        raise fail(
            "status",
            _("A withdrawal that is “%(now)s” cannot become “%(to)s”.")
            % {"now": withdrawal.get_status_display(), "to": Status(to).label},
        )


@transaction.atomic
def withdrawal_request(
    *,
    member: Member,
    share_class: ShareClass,
    shares: int,
    requested_on: dt.date,
    actor: User | None,
) -> Withdrawal:
    """Record a member's notice to withdraw shares; the notice period starts running."""
    check_share_count("shares", shares)
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_date("requested_on", requested_on, member.organisation, member)
    rules = rules_in_force(member.organisation, requested_on)
    if not share_class.is_withdrawable:
        raise fail(
            "share_class",
            _("%(cls)s are not withdrawable (share class terms).") % {"cls": share_class.name},
        )
    if share_class.withdrawals_suspended:
        raise fail(
            "share_class",
            _("The board has suspended withdrawals of %(cls)s: %(reason)s")
            % {"cls": share_class.name, "reason": share_class.withdrawals_suspended_reason or "–"},
        )
    holding = holding_of(member, share_class)
    available = holding.shares - _pending_shares(member, share_class)
    if shares > available:
        raise fail(
            "shares",
            _(
                "Member %(number)s can withdraw at most %(available)s shares of "
                "this class (%(held)s held, %(pending)s already being withdrawn)."
            )
            % {
                "number": member.number,
                "available": max(available, 0),
                "held": holding.shares,
                "pending": holding.shares - available,
            },
        )
    lock_in = (
        share_class.lock_in_days if share_class.lock_in_days is not None else rules.lock_in_days
    )
    locked, free_on = _locked_in_shares(member, share_class, lock_in, requested_on)
    if shares > available - locked:
        raise fail(
            "shares",
            _(
                "%(locked)s of these shares are still in their lock-in period "
                "of %(days)s days (%(rule)s); all of them can be withdrawn from "
                "%(day)s."
            )
            % {
                "locked": locked,
                "days": lock_in,
                "rule": rules.cite("lock_in_days"),
                "day": date_format(free_on) if free_on else "–",
            },
        )
    remaining = available - shares
    if share_class.qualifies_for_membership and 0 < remaining < rules.minimum_shares:
        raise fail(
            "shares",
            _(
                "A member must hold at least %(min)s qualifying shares "
                "(%(rule)s): withdraw all of them to leave, or fewer to stay."
            )
            % {"min": rules.minimum_shares, "rule": rules.cite("minimum_shares")},
        )
    check_holding_limits(
        member=member, share_class=share_class, new_total=remaining, day=requested_on
    )
    notice = (
        share_class.withdrawal_notice_days
        if share_class.withdrawal_notice_days is not None
        else rules.withdrawal_notice_days
    )
    withdrawal = Withdrawal(
        organisation_id=member.organisation_id,
        member=member,
        share_class=share_class,
        shares=shares,
        requested_on=requested_on,
        notice_ends_on=notice_ends_on(requested_on, notice),
        is_membership_ending=share_class.qualifies_for_membership and remaining == 0,
    )
    withdrawal.full_clean()
    withdrawal.save()
    audit(actor=actor, action="withdrawal.request", obj=withdrawal, after=snapshot(withdrawal))
    return withdrawal


@transaction.atomic
def withdrawal_decide(
    *,
    withdrawal: Withdrawal,
    approve: bool,
    decided_on: dt.date,
    solvency_considered: bool,
    board_minute_reference: str = "",
    note: str = "",
    actor: User | None,
) -> Withdrawal:
    """The board approves or refuses a withdrawal once its notice has run."""
    withdrawal = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
    _transition(withdrawal, Status.APPROVED if approve else Status.REFUSED)
    check_date("decided_on", decided_on, withdrawal.member.organisation)
    if decided_on < withdrawal.notice_ends_on:
        raise fail(
            "decided_on",
            _("The notice period runs until %(day)s; the board can decide from then.")
            % {"day": date_format(withdrawal.notice_ends_on)},
        )
    if approve and not solvency_considered:
        raise fail(
            "solvency_considered",
            _(
                "Before approving, the board must consider whether "
                "paying keeps the society solvent, and say so here."
            ),
        )
    if approve and withdrawal.share_class.withdrawals_suspended:
        raise fail(
            "approve",
            _("The board has suspended withdrawals of %(cls)s.")
            % {"cls": withdrawal.share_class.name},
        )
    before = snapshot(withdrawal)
    withdrawal.status = Status.APPROVED if approve else Status.REFUSED
    withdrawal.decided_on = decided_on
    withdrawal.decided_by = actor
    withdrawal.solvency_considered = solvency_considered
    withdrawal.board_minute_reference = board_minute_reference
    withdrawal.decision_note = note
    withdrawal.full_clean()
    withdrawal.save()
    audit(
        actor=actor,
        action="withdrawal.approve" if approve else "withdrawal.refuse",
        obj=withdrawal,
        before=before,
        after=snapshot(withdrawal),
    )
    return withdrawal


@transaction.atomic
def withdrawal_pay(*, withdrawal: Withdrawal, paid_on: dt.date, actor: User | None) -> Withdrawal:
    """Pay an approved withdrawal: a WITHDRAWAL entry leaves the ledger. A member who
    withdraws their last qualifying share ceases to be a member."""
    member = lock_members(withdrawal.member)[withdrawal.member_id]
    withdrawal = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
    _transition(withdrawal, Status.PAID)
    check_not_ceased(member)
    check_date("paid_on", paid_on, member.organisation, member)
    if withdrawal.decided_on and paid_on < withdrawal.decided_on:
        raise fail(
            "paid_on",
            _("Payment cannot be before the board's decision (%(day)s).")
            % {"day": date_format(withdrawal.decided_on)},
        )
    share_class = withdrawal.share_class
    before = holding_of(member, share_class)
    if withdrawal.shares > before.shares:
        raise fail(
            "shares",
            _("Member %(number)s now holds only %(held)s shares of this class.")
            % {"number": member.number, "held": before.shares},
        )
    paid = proportional_paid(before, withdrawal.shares)
    entry = _entry(
        member=member,
        share_class=share_class,
        kind=ShareTransaction.Kind.WITHDRAWAL,
        shares=-withdrawal.shares,
        paid_pence=-paid,
        effective_on=paid_on,
        actor=actor,
        withdrawal=withdrawal,
        reason=_("Withdrawal approved %(day)s") % {"day": date_format(withdrawal.decided_on)}
        if withdrawal.decided_on
        else "",
    )
    _entry_audit(entry, actor, before, holding_of(member, share_class))
    snap = snapshot(withdrawal)
    withdrawal.status = Status.PAID
    withdrawal.paid_on = paid_on
    withdrawal.amount_pence = paid
    withdrawal.save()
    audit(
        actor=actor,
        action="withdrawal.pay",
        obj=withdrawal,
        before=snap,
        after=snapshot(withdrawal),
    )
    if withdrawal.is_membership_ending and holding_of(member, share_class).shares == 0:
        _cease(
            member=member,
            ceased_on=paid_on,
            reason=Member.CeasedReason.WITHDRAWAL,
            note="",
            actor=actor,
        )
    return withdrawal


@transaction.atomic
def withdrawal_cancel(*, withdrawal: Withdrawal, reason: str, actor: User | None) -> Withdrawal:
    """Cancel a withdrawal not yet paid (the member changed their mind)."""
    withdrawal = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
    _transition(withdrawal, Status.CANCELLED)
    before = snapshot(withdrawal)
    withdrawal.status = Status.CANCELLED
    withdrawal.decision_note = reason
    withdrawal.save()
    audit(
        actor=actor,
        action="withdrawal.cancel",
        obj=withdrawal,
        before=before,
        after=snapshot(withdrawal),
        reason=reason,
    )
    return withdrawal
