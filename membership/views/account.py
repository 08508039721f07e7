"""The member's own pages (CCBS Act 2014 s.103(1)(a)): my account (with its PDF), my contact
details, notice to withdraw shares, and my share certificate.

The gate is the member's own record (`permissions.own_member_get_for_view`): anyone without
one in the organisation gets "not found"; a former member still sees their account, but may
not change it (403).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coop.core.forms import add_service_errors
from coop.core.web import acting_user, bound
from membership import documents, permissions, selectors, services
from membership.forms.member import (
    EMAIL_PURPOSES,
    ContactDetailsForm,
    WithdrawalNoticeForm,
    purposes_of,
)
from membership.models import (
    Member,
    Organisation,
    RegisterInspection,
    ShareCertificate,
    ShareClass,
)
from membership.rules import Holding, notice_ends_on
from membership.views.account_words import ledger_lines, signed_pounds

# --- my account ---------------------------------------------------------------------------


def _can_withdraw(share_class: ShareClass) -> bool:
    return share_class.is_withdrawable and not share_class.withdrawals_suspended


@login_required
def my_account(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's own account as the register holds it (CCBS Act 2014 s.103(1))."""
    member = permissions.own_member_get_for_view(request.user, slug)
    organisation = member.organisation
    today = timezone.localdate()
    holdings = selectors.member_holdings(member)
    services.inspection_log(
        organisation=organisation,
        user=acting_user(request),
        kind=RegisterInspection.Kind.OWN_ACCOUNT,
        as_of=today,
        member=member,
    )
    purposes = dict(EMAIL_PURPOSES)
    return render(
        request,
        "membership/member/account.html",
        {
            "organisation": organisation,
            "member": member,
            "today": today,
            "holdings": [
                {
                    "share_class": share_class,
                    "holding": holding,
                    "value_pence": holding.shares * share_class.nominal_value_pence,
                    "can_withdraw": _can_withdraw(share_class) and holding.shares > 0,
                }
                for share_class, holding in holdings
            ],
            "can_withdraw": not member.is_ceased
            and any(_can_withdraw(c) and h.shares > 0 for c, h in holdings),
            "email_purposes": [purposes[code] for code in purposes_of(member)],
            "ledger": [
                (line, signed_pounds(line.paid_pence))
                for line in ledger_lines(list(selectors.member_ledger(member)))
            ],
            "nominations": selectors.nominations_of(member),
            "can_see_register": permissions.can_inspect_duplicate_register(
                request.user, organisation
            ),
            "withdrawals": selectors.withdrawals_open_of(member),
        },
    )


@login_required
def my_account_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's own account as a PDF, in the language of the page."""
    member = permissions.own_member_get_for_view(request.user, slug)
    organisation = member.organisation
    services.inspection_log(
        organisation=organisation,
        user=acting_user(request),
        kind=RegisterInspection.Kind.OWN_ACCOUNT,
        as_of=timezone.localdate(),
        member=member,
    )
    pdf = documents.render_member_account_pdf(
        member,
        list(selectors.member_ledger(member)),
        list(selectors.member_holdings(member)),
        language=translation.get_language() or "en-gb",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="account-{organisation.slug}-{member.number}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_details(request: HttpRequest, slug: str) -> HttpResponse:
    """The member changes their own contact details."""
    member = permissions.own_member_get_for_change(request.user, slug)
    organisation = member.organisation
    form = ContactDetailsForm.for_member(member, bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                member=member, changes=form.changes(), actor=acting_user(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your details have been updated."))
            return redirect("membership:my_account", slug=organisation.slug)
    return render(
        request,
        "membership/member/details.html",
        {"organisation": organisation, "member": member, "form": form},
        status=400 if form.errors else 200,
    )


# --- notice to withdraw shares ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_withdrawal(request: HttpRequest, slug: str) -> HttpResponse:
    """The member gives notice to withdraw shares: choose, confirm, done.

    The first POST shows what the notice means; only the second, with `confirm`, records it.
    """
    member = permissions.own_member_get_for_change(request.user, slug)
    organisation = member.organisation
    holdings = selectors.member_holdings(member)
    form = WithdrawalNoticeForm(
        bound(request),
        holdings=[(c, h) for c, h in holdings if h.shares > 0],
    )
    context: dict[str, Any] = {"organisation": organisation, "member": member, "form": form}
    if request.method == "POST" and form.is_valid():
        share_class: ShareClass = form.cleaned_data["share_class"]
        shares: int = form.cleaned_data["shares"]
        held = next(h.shares for c, h in holdings if c.pk == share_class.pk)
        today = timezone.localdate()
        if request.POST.get("confirm") != "yes":
            return render(
                request,
                "membership/member/withdraw_confirm.html",
                {
                    **context,
                    **_withdrawal_terms(organisation, share_class, shares, held, today),
                },
            )
        try:
            withdrawal = services.withdrawal_request(
                member=member,
                share_class=share_class,
                shares=shares,
                requested_on=today,
                actor=acting_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your notice to withdraw %(count)s %(cls)s has been recorded. The board "
                    "can decide on it from %(day)s."
                )
                % {
                    "count": withdrawal.shares,
                    "cls": share_class.display_name,
                    "day": date_format(withdrawal.notice_ends_on, "j F Y"),
                },
            )
            return redirect("membership:my_account", slug=organisation.slug)
    return render(
        request,
        "membership/member/withdraw.html",
        context,
        status=400 if form.errors else 200,
    )


def _withdrawal_terms(
    organisation: Organisation, share_class: ShareClass, shares: int, held: int, day: dt.date
) -> dict[str, Any]:
    """What giving this notice means: the notice period, the value, whether it ends
    membership (rules version: withdrawal_notice_days; share class terms)."""
    rules = selectors.rules_in_force_on(organisation, day)
    notice_days = share_class.withdrawal_notice_days
    if notice_days is None:
        notice_days = rules.withdrawal_notice_days if rules is not None else 0
    return {
        "share_class": share_class,
        "shares": shares,
        "value_pence": shares * share_class.nominal_value_pence,
        "notice_days": notice_days,
        "notice_ends_on": notice_ends_on(day, notice_days),
        "ends_membership": share_class.qualifies_for_membership and shares >= held,
    }


# --- my share certificate -----------------------------------------------------------------


def _current_certificate(
    member: Member, share_class: ShareClass, holding: Holding
) -> ShareCertificate | None:
    """The latest certificate of the class, if it states the member's holding today."""
    latest = selectors.certificate_latest(member, share_class)
    if latest is None or (latest.shares, latest.paid_pence) != (
        holding.shares,
        holding.paid_pence,
    ):
        return None
    return latest


@login_required
def my_certificate(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The member's share certificate for one class, as PDF: the latest one if it still states
    the holding, else a newly issued one."""
    member = permissions.own_member_get_for_view(request.user, slug)
    organisation = member.organisation
    holding = next(
        (
            (share_class, h)
            for share_class, h in selectors.member_holdings(member)
            if share_class.code == code
        ),
        None,
    )
    if holding is None or holding[1].shares <= 0:
        raise Http404
    share_class, current = holding
    certificate = _current_certificate(member, share_class, current)
    if certificate is None:
        try:
            certificate = services.certificate_issue(
                member=member, share_class=share_class, actor=acting_user(request)
            )
        except ValidationError as error:
            raise Http404 from error
    pdf = documents.render_certificate_pdf(
        certificate, language=translation.get_language() or "en-gb"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{organisation.slug}-{certificate.number}.pdf"'
    )
    return response
