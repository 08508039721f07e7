"""The withdrawals queue: notice running → the board decides (having considered solvency)
→ the secretary pays; or the withdrawal is cancelled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.permissions import Predicate
from coop.core.web import action_page, bound
from membership import permissions, selectors, services
from membership.forms.secretary import SecretaryForm
from membership.forms.secretary_board import (
    WithdrawalCancelForm,
    WithdrawalDecideForm,
    WithdrawalPayForm,
)
from membership.models import Withdrawal


@login_required
@require_GET
def withdrawal_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """Open withdrawals, the ones whose notice ends first at the top."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_withdrawals
    )
    today = timezone.localdate()
    rows = []
    for withdrawal in selectors.withdrawal_queue(organisation):
        if withdrawal.status == Withdrawal.Status.APPROVED:
            stage, ready = _("Approved: ready to pay"), True
        elif withdrawal.notice_ends_on > today:
            stage = _("Notice running until %(day)s") % {
                "day": date_format(withdrawal.notice_ends_on)
            }
            ready = False
        else:
            stage, ready = _("Ready for the board"), True
        rows.append({"withdrawal": withdrawal, "stage": stage, "ready": ready})
    return render(
        request,
        "membership/secretary/withdrawals.html",
        {
            "organisation": organisation,
            "rows": rows,
            "can_decide": permissions.can_decide_withdrawals(request.user, organisation),
            "can_pay": permissions.can_pay_withdrawals(request.user, organisation),
        },
    )


def _withdrawal_page(
    request: HttpRequest,
    slug: str,
    pk: int,
    *,
    may: Predicate,
    form_class: type[SecretaryForm],
    perform: Callable[[Withdrawal, dict[str, Any], User], str],
    title: str,
    submit_label: str,
    danger: bool = False,
    intro: str = "",
) -> HttpResponse:
    withdrawal = permissions.withdrawal_get_for(request.user, slug, pk, may)
    organisation = withdrawal.organisation
    form = form_class(bound(request), organisation=organisation, member=withdrawal.member)
    return action_page(
        request,
        form=form,
        perform=lambda data, actor: perform(withdrawal, data, actor),
        done_url=reverse("membership:withdrawals", args=[slug]),
        aliases={"approve": "decision"},
        context={
            "organisation": organisation,
            "caption": f"{withdrawal.member.number} {withdrawal.member.name}",
            "title": title,
            "intro": intro,
            "summary": [
                (_("Member"), f"{withdrawal.member.number} {withdrawal.member.name}"),
                (_("Share class"), withdrawal.share_class.display_name),
                (_("Shares to withdraw"), withdrawal.shares),
                (_("Notice given"), date_format(withdrawal.requested_on)),
                (_("Notice ends"), date_format(withdrawal.notice_ends_on)),
                (_("Status"), withdrawal.get_status_display()),
                *(
                    [(_("The member is leaving"), _("Yes: this withdraws every share."))]
                    if withdrawal.is_membership_ending
                    else []
                ),
            ],
            "submit_label": submit_label,
            "danger": danger,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdrawal_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(withdrawal: Withdrawal, data: dict[str, Any], actor: User) -> str:
        approve = data["decision"] == "approve"
        services.withdrawal_decide(
            withdrawal=withdrawal,
            approve=approve,
            decided_on=data["decided_on"],
            solvency_considered=data["solvency_considered"],
            board_minute_reference=data["board_minute_reference"],
            note=data["note"],
            actor=actor,
        )
        return _("The withdrawal is approved.") if approve else _("The withdrawal is refused.")

    return _withdrawal_page(
        request,
        slug,
        pk,
        may=permissions.can_decide_withdrawals,
        form_class=WithdrawalDecideForm,
        perform=perform,
        title=_("The board's decision on a withdrawal"),
        intro=_(
            "The board decides once the notice has run. Before approving, it must consider "
            "whether paying keeps the society solvent."
        ),
        submit_label=_("Record the decision"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdrawal_pay(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(withdrawal: Withdrawal, data: dict[str, Any], actor: User) -> str:
        services.withdrawal_pay(withdrawal=withdrawal, paid_on=data["paid_on"], actor=actor)
        member = withdrawal.member
        member.refresh_from_db(fields=["status"])
        if member.is_ceased:
            return _(
                "The withdrawal is paid. Member %(number)s withdrew every share and has "
                "ceased to be a member."
            ) % {"number": member.number}
        return _("The withdrawal is paid.")

    return _withdrawal_page(
        request,
        slug,
        pk,
        may=permissions.can_pay_withdrawals,
        form_class=WithdrawalPayForm,
        perform=perform,
        title=_("Pay a withdrawal"),
        intro=_("Paying takes the shares off the member's account in the ledger."),
        submit_label=_("Record the payment"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdrawal_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(withdrawal: Withdrawal, data: dict[str, Any], actor: User) -> str:
        services.withdrawal_cancel(withdrawal=withdrawal, reason=data["reason"], actor=actor)
        return _("The withdrawal is cancelled.")

    return _withdrawal_page(
        request,
        slug,
        pk,
        may=permissions.can_pay_withdrawals,
        form_class=WithdrawalCancelForm,
        perform=perform,
        title=_("Cancel a withdrawal"),
        intro=_("For example, when the member changes their mind before payment."),
        submit_label=_("Cancel the withdrawal"),
        danger=True,
    )
