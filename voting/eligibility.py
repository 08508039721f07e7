"""Why a member may not vote, in words: the reasons `voting.rules.ineligibility` gives, as the
sentences the roll, the ballot pages, the API and the casting service show."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from membership.models import Member
from voting import rules

INELIGIBLE_MESSAGES = {
    rules.NOT_A_MEMBER: gettext_noop("You were not a member on the record date of this ballot."),
    rules.CEASED: gettext_noop("Your membership has ceased."),
    rules.SUSPENDED: gettext_noop("Your membership is suspended."),
    rules.UNPAID: gettext_noop("Your qualifying share was not fully paid on the record date."),
    rules.UNDER_AGE: gettext_noop("You were under the minimum age on the record date."),
    rules.CLASS_EXCLUDED: gettext_noop("Your member class does not vote in this ballot."),
}


def ineligible_message(reason: str) -> str:
    """The sentence for a reason code of `voting.rules` (a generic one for an unknown code)."""
    if reason in INELIGIBLE_MESSAGES:
        return _(INELIGIBLE_MESSAGES[reason])
    return _("You may not vote in this ballot.")


def standing_reason(is_eligible: bool, frozen_reason: str, status_now: str) -> str:
    """Why a member on the roll may not vote now ('' if they may): the reason frozen when the
    ballot opened, or their standing since (a member ceased or suspended after the ballot
    opened votes no more)."""
    if not is_eligible:
        return ineligible_message(frozen_reason)
    if status_now == Member.Status.CEASED:
        return ineligible_message(rules.CEASED)
    if status_now != Member.Status.ACTIVE:
        return ineligible_message(rules.SUSPENDED)
    return ""
