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
from coop.core.validation import check_transition, fail
from membership.models import Member, RulesVersion, ShareClass, ShareTransaction, Withdrawal
from membership.rules import Holding, lock_in_ends_on, notice_ends_on, proportional_paid
from membership.services._common import (
    check_date,
    check_not_ceased,
    check_share_count,
    check_text,
    holding_of,
    holdings_by_class,
    lock_member_ids,
    lock_members,
    rules_in_force,
)
from membership.services._entries import audit_entry, write_entry
from membership.services.limits import check_ledger_change, pending_withdrawal_shares
from membership.services.members import cease_member

Status = Withdrawal.Status


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
        effective_on__lte=day,
        kind__in=[
            ShareTransaction.Kind.ALLOTMENT,
            ShareTransaction.Kind.INTEREST,
            ShareTransaction.Kind.TRANSFER_IN,
        ],
    ).aggregate(total=Sum("shares"), last=Max("effective_on"))
    last = totals["last"]
    return totals["total"] or 0, lock_in_ends_on(last, lock_in_days) if last else None


def _transition(withdrawal: Withdrawal, to: str) -> None:
    check_transition(
        withdrawal.status,
        to,
        transitions=Withdrawal.TRANSITIONS,
        labels=Status,
        message=_("A withdrawal that is “%(now)s” cannot become “%(to)s”."),
    )


def _check_not_suspended(share_class: ShareClass, field: str) -> None:
    if share_class.withdrawals_suspended:
        raise fail(
            field,
            _("The board has suspended withdrawals of %(cls)s: %(reason)s")
            % {"cls": share_class.name, "reason": share_class.withdrawals_suspended_reason or "–"},
        )


def _other_holdings(member: Member, share_class: ShareClass) -> dict[int, int]:
    """Shares the member holds of other classes, less those in open withdrawals."""
    held = {pk: n for pk, n in holdings_by_class(member).items() if pk != share_class.pk}
    pending = (
        Withdrawal.objects.filter(member=member, status__in=Withdrawal.OPEN, share_class__in=held)
        .values_list("share_class_id")
        .annotate(total=Sum("shares"))
        .order_by()
    )
    for pk, total in pending:
        held[pk] -= total
    return {pk: n for pk, n in held.items() if n > 0}


def _check_shares_withdrawable(
    member: Member, share_class: ShareClass, shares: int, requested_on: dt.date, rules: RulesVersion
) -> bool:
    """The holding rules of a notice to withdraw (see `withdrawal_request`); whether it ends
    the membership."""
    holding = holding_of(member, share_class)
    pending = pending_withdrawal_shares(member, share_class)
    available = holding.shares - pending
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
                "pending": pending,
            },
        )
    if share_class.lock_in_days is not None:
        lock_in, lock_in_source = share_class.lock_in_days, _("share class terms")
    else:
        lock_in, lock_in_source = rules.lock_in_days, rules.cite("lock_in_days")
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
                "rule": lock_in_source,
                "day": date_format(free_on) if free_on else "–",
            },
        )
    remaining = available - shares
    if 0 < remaining < share_class.minimum_shares:
        raise fail(
            "shares",
            _(
                "This would leave %(total)s %(cls)s, below the minimum holding of %(min)s "
                "(share class terms): withdraw all of them, or fewer."
            )
            % {"total": remaining, "cls": share_class.name, "min": share_class.minimum_shares},
        )
    if share_class.qualifies_for_membership and 0 < remaining < rules.minimum_shares:
        raise fail(
            "shares",
            _(
                "A member must hold at least %(min)s qualifying shares "
                "(%(rule)s): withdraw all of them to leave, or fewer to stay."
            )
            % {"min": rules.minimum_shares, "rule": rules.cite("minimum_shares")},
        )
    ending = share_class.qualifies_for_membership and remaining == 0
    if ending and _other_holdings(member, share_class):
        raise fail(
            "shares",
            _(
                "Withdrawing every qualifying share ends the membership (%(rule)s), and a "
                "former member holds no shares: member %(number)s must first ask to "
                "withdraw, or transfer, their other shares."
            )
            % {"number": member.number, "rule": rules.cite("minimum_shares")},
        )
    return ending


@transaction.atomic
def withdrawal_request(
    *,
    member: Member,
    share_class: ShareClass,
    shares: int,
    requested_on: dt.date,
    actor: User | None,
) -> Withdrawal:
    """Record a member's notice to withdraw shares; the notice period starts running.

    Refused for shares that are not withdrawable (share class terms), while the board has
    suspended withdrawals of the class, for more than the member holds less what is already
    being withdrawn, for shares still in their lock-in (rules: `lock_in_days` or the class's
    terms), or when it would leave less than a minimum holding without leaving nothing.
    Withdrawing the last qualifying shares ends the membership when paid; the member's other
    shares must then be on their way out too.
    """
    check_share_count("shares", shares)
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    check_date("requested_on", requested_on, member.organisation, member)
    rules = rules_in_force(member.organisation, requested_on)
    if share_class.organisation_id != member.organisation_id:
        raise fail("share_class", _("Choose a share class of this society."))
    if not share_class.is_withdrawable:
        raise fail(
            "share_class",
            _("%(cls)s are not withdrawable (share class terms).") % {"cls": share_class.name},
        )
    _check_not_suspended(share_class, "share_class")
    ending = _check_shares_withdrawable(member, share_class, shares, requested_on, rules)
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
        is_membership_ending=ending,
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
    """The board approves or refuses a withdrawal once its notice has run (rules:
    `withdrawal_notice_days` or the class's terms); approving records that it considered
    whether paying keeps the society solvent."""
    withdrawal = (
        Withdrawal.objects.select_for_update(of=("self",))
        .select_related("member__organisation", "share_class")
        .get(pk=withdrawal.pk)
    )
    _transition(withdrawal, Status.APPROVED if approve else Status.REFUSED)
    member = withdrawal.member
    check_date("decided_on", decided_on, member.organisation)
    if decided_on < withdrawal.notice_ends_on:
        share_class = withdrawal.share_class
        source = (
            _("share class terms")
            if share_class.withdrawal_notice_days is not None
            else rules_in_force(member.organisation, withdrawal.requested_on).cite(
                "withdrawal_notice_days"
            )
        )
        raise fail(
            "decided_on",
            _("The notice period runs until %(day)s (%(rule)s); the board can decide from then.")
            % {"day": date_format(withdrawal.notice_ends_on), "rule": source},
        )
    if approve and not solvency_considered:
        raise fail(
            "solvency_considered",
            _(
                "Before approving, the board must consider whether "
                "paying keeps the society solvent, and say so here."
            ),
        )
    if approve:
        _check_not_suspended(withdrawal.share_class, "approve")
        check_not_ceased(member)
    before = snapshot(withdrawal)
    withdrawal.status = Status.APPROVED if approve else Status.REFUSED
    withdrawal.decided_on = decided_on
    withdrawal.decided_by = actor if actor is not None and actor.pk else None
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
    withdraws their last qualifying share ceases to be a member (reason: withdrawal)."""
    # Lock order: the member, then the withdrawal (as every ledger write locks members first).
    member_id = Withdrawal.objects.values_list("member_id", flat=True).get(pk=withdrawal.pk)
    member = lock_member_ids(member_id)[member_id]
    withdrawal = (
        Withdrawal.objects.select_for_update(of=("self",))
        .select_related("share_class")
        .get(pk=withdrawal.pk)
    )
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
    _check_not_suspended(share_class, "share_class")
    if withdrawal.is_membership_ending and any(
        n > 0 for pk, n in holdings_by_class(member).items() if pk != share_class.pk
    ):
        raise fail(
            "shares",
            _(
                "This withdrawal ends member %(number)s's membership, and a former member "
                "holds no shares: pay the withdrawal of their other shares first."
            )
            % {"number": member.number},
        )
    paid = proportional_paid(holding_of(member, share_class, as_of=paid_on), withdrawal.shares)
    check_ledger_change(
        member=member,
        share_class=share_class,
        shares=-withdrawal.shares,
        paid_pence=-paid,
        effective_on=paid_on,
        reserved=pending_withdrawal_shares(member, share_class, excluding=withdrawal),
    )
    before = holding_of(member, share_class)
    entry = write_entry(
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
    audit_entry(entry, actor, before, before + Holding(-withdrawal.shares, -paid))
    snap = snapshot(withdrawal)
    withdrawal.status = Status.PAID
    withdrawal.paid_on = paid_on
    withdrawal.amount_pence = paid
    withdrawal.full_clean()
    withdrawal.save()
    audit(
        actor=actor,
        action="withdrawal.pay",
        obj=withdrawal,
        before=snap,
        after=snapshot(withdrawal),
    )
    if withdrawal.is_membership_ending and not holdings_by_class(member):
        cease_member(
            member=member,
            ceased_on=paid_on,
            reason=Member.CeasedReason.WITHDRAWAL,
            note="",
            actor=actor,
        )
    return withdrawal


@transaction.atomic
def withdrawal_cancel(*, withdrawal: Withdrawal, reason: str, actor: User | None) -> Withdrawal:
    """Cancel a withdrawal not yet paid (the member changed their mind, or the board
    records that it will not proceed)."""
    withdrawal = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
    _transition(withdrawal, Status.CANCELLED)
    before = snapshot(withdrawal)
    withdrawal.status = Status.CANCELLED
    withdrawal.decision_note = reason
    check_text("reason", withdrawal, "decision_note")
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
