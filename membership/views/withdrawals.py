"""The withdrawals queue: notice running → the board decides (having considered solvency)
→ the secretary pays; or the withdrawal is cancelled."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.permissions import Role, has_role
from membership import selectors, services
from membership.forms.secretary import SecretaryForm
from membership.forms.secretary_board import (
    WithdrawalCancelForm,
    WithdrawalDecideForm,
    WithdrawalPayForm,
)
from membership.models import Organisation, Withdrawal
from membership.views._common import (
    DECIDERS,
    READERS,
    SECRETARY,
    acting_user,
    bound,
    form_page,
    organisation_for_action,
    organisation_for_read,
)


@login_required
@require_GET
def withdrawal_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """Open withdrawals, the ones whose notice ends first at the top."""
    organisation = organisation_for_read(request, slug, READERS)
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
            "can_decide": has_role(request.user, organisation, *DECIDERS),
            "can_pay": has_role(request.user, organisation, Role.SECRETARY),
        },
    )


def _withdrawal_page(
    request: HttpRequest,
    slug: str,
    pk: int,
    *,
    roles: tuple[Role, ...],
    form_class: type[SecretaryForm],
    perform: Any,
    title: str,
    submit_label: str,
    danger: bool = False,
    intro: str = "",
) -> HttpResponse:
    organisation: Organisation = organisation_for_action(request, slug, roles)
    withdrawal = get_object_or_404(
        Withdrawal.objects.select_related("member", "share_class"),
        pk=pk,
        organisation=organisation,
    )
    queue_url = reverse("membership:withdrawals", args=[slug])
    form = form_class(bound(request), organisation=organisation, member=withdrawal.member)

    def done(data: dict[str, Any]) -> HttpResponse:
        messages.success(request, perform(withdrawal, data))
        return HttpResponseRedirect(queue_url)

    return form_page(
        request,
        form=form,
        perform=done,
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
            "back_url": queue_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdrawal_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(withdrawal: Withdrawal, data: dict[str, Any]) -> str:
        approve = data["decision"] == "approve"
        services.withdrawal_decide(
            withdrawal=withdrawal,
            approve=approve,
            decided_on=data["decided_on"],
            solvency_considered=data["solvency_considered"],
            board_minute_reference=data["board_minute_reference"],
            note=data["note"],
            actor=acting_user(request),
        )
        return _("The withdrawal is approved.") if approve else _("The withdrawal is refused.")

    return _withdrawal_page(
        request,
        slug,
        pk,
        roles=DECIDERS,
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
    def perform(withdrawal: Withdrawal, data: dict[str, Any]) -> str:
        services.withdrawal_pay(
            withdrawal=withdrawal, paid_on=data["paid_on"], actor=acting_user(request)
        )
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
        roles=SECRETARY,
        form_class=WithdrawalPayForm,
        perform=perform,
        title=_("Pay a withdrawal"),
        intro=_("Paying takes the shares off the member's account in the ledger."),
        submit_label=_("Record the payment"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdrawal_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(withdrawal: Withdrawal, data: dict[str, Any]) -> str:
        services.withdrawal_cancel(
            withdrawal=withdrawal, reason=data["reason"], actor=acting_user(request)
        )
        return _("The withdrawal is cancelled.")

    return _withdrawal_page(
        request,
        slug,
        pk,
        roles=SECRETARY,
        form_class=WithdrawalCancelForm,
        perform=perform,
        title=_("Cancel a withdrawal"),
        intro=_("For example, when the member changes their mind before payment."),
        submit_label=_("Cancel the withdrawal"),
        danger=True,
    )
