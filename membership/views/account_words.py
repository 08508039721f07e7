"""A member's ledger entries said in plain words, for their own account page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from coop.core.templatetags.cyd import pounds
from membership.models import ShareTransaction


@dataclass(frozen=True)
class LedgerLine:
    """One ledger entry said in plain words, for the member's own account."""

    effective_on: dt.date
    text: str
    share_class: str
    shares: int
    paid_pence: int
    reason: str


def signed_pounds(pence: int) -> str:
    if pence == 0:
        return ""
    return ("+" if pence > 0 else "−") + pounds(abs(pence))


_Kind = ShareTransaction.Kind
#: What each kind of ledger entry means for the member (`count` shares; `other` member).
_ENTRY_WORDS = {
    _Kind.ALLOTMENT: ngettext_lazy(
        "%(count)s new share issued to you", "%(count)s new shares issued to you", "count"
    ),
    _Kind.TRANSFER_OUT: ngettext_lazy(
        "%(count)s share transferred from you to %(other)s",
        "%(count)s shares transferred from you to %(other)s",
        "count",
    ),
    _Kind.TRANSFER_IN: ngettext_lazy(
        "%(count)s share transferred to you from %(other)s",
        "%(count)s shares transferred to you from %(other)s",
        "count",
    ),
    _Kind.WITHDRAWAL: ngettext_lazy(
        "%(count)s share withdrawn and paid back to you",
        "%(count)s shares withdrawn and paid back to you",
        "count",
    ),
    _Kind.CANCELLATION: ngettext_lazy(
        "%(count)s share cancelled", "%(count)s shares cancelled", "count"
    ),
    _Kind.INTEREST: ngettext_lazy(
        "%(count)s share added to your holding as interest",
        "%(count)s shares added to your holding as interest",
        "count",
    ),
    _Kind.DEATH_OUT: ngettext_lazy(
        "%(count)s share passed on after the member's death",
        "%(count)s shares passed on after the member's death",
        "count",
    ),
    _Kind.DEATH_IN: ngettext_lazy(
        "%(count)s share passed to you on the death of %(other)s",
        "%(count)s shares passed to you on the death of %(other)s",
        "count",
    ),
}


def describe_entry(entry: ShareTransaction) -> str:
    """What a ledger entry means for the member, in plain words."""
    if entry.kind == _Kind.PAYMENT:
        if entry.paid_pence < 0:
            return _("Payment for your shares given back to you")
        return _("Payment for your shares received")
    if entry.kind == _Kind.CORRECTION and entry.reverses is not None:
        return _("Correction: the entry of %(day)s is reversed") % {
            "day": date_format(entry.reverses.effective_on, "j F Y")
        }
    words = _ENTRY_WORDS.get(entry.kind)  # type: ignore[call-overload]
    if words is None:
        return str(entry.get_kind_display())
    other = entry.counterparty.name if entry.counterparty else _("another member")
    return str(words % {"count": abs(entry.shares), "other": other})


def ledger_lines(entries: Sequence[ShareTransaction]) -> list[LedgerLine]:
    return [
        LedgerLine(
            effective_on=entry.effective_on,
            text=describe_entry(entry),
            share_class=entry.share_class.display_name,
            shares=entry.shares,
            paid_pence=entry.paid_pence,
            reason=entry.reason,
        )
        for entry in entries
    ]
