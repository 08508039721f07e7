"""The secretary's share ledger actions on one member: allot, record a payment, transfer,
cancel, credit interest, transfer on death, correct an entry, issue a certificate, and give
notice of a withdrawal on the member's behalf. Each is a small form page calling one service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from membership import documents, permissions, selectors, services
from membership.forms.secretary import pounds_to_pence
from membership.forms.secretary_ledger import (
    AllotForm,
    CancelForm,
    CertificateForm,
    CorrectionForm,
    InterestForm,
    PaymentForm,
    TransferForm,
    WithdrawalRequestForm,
)
from membership.models import Member
from membership.rules import format_pounds
from membership.views._common import member_action_page

#: The services name the receiving member `to_member`; the transfer form asks for a number.
TRANSFER_ALIASES = {"to_member": "to_member_number"}


@login_required
@require_http_methods(["GET", "POST"])
def member_allot(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        paid = data["paid"]
        services.shares_allot(
            member=member,
            share_class=data["share_class"],
            shares=data["shares"],
            effective_on=data["effective_on"],
            paid_pence=pounds_to_pence(paid) if paid is not None else 0,
            reason=data["reason"],
            actor=actor,
        )
        return _("%(shares)s %(cls)s allotted.") % {
            "shares": data["shares"],
            "cls": data["share_class"].display_name,
        }

    return member_action_page(
        request,
        slug,
        number,
        form_class=AllotForm,
        perform=perform,
        title=_("Allot shares"),
        submit_label=_("Allot the shares"),
        aliases={"paid_pence": "paid"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_payment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        amount = pounds_to_pence(data["amount"])
        services.payment_record(
            member=member,
            share_class=data["share_class"],
            amount_pence=amount,
            effective_on=data["effective_on"],
            reason=data["reason"],
            actor=actor,
        )
        return _("A payment of %(amount)s is recorded.") % {"amount": format_pounds(amount)}

    return member_action_page(
        request,
        slug,
        number,
        form_class=PaymentForm,
        perform=perform,
        title=_("Record a payment for shares"),
        submit_label=_("Record the payment"),
        aliases={"amount_pence": "amount"},
    )


def _transfer_page(request: HttpRequest, slug: str, number: int, *, on_death: bool) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        service = services.shares_transfer_on_death if on_death else services.shares_transfer
        service(
            from_member=member,
            to_member=data["to_member_number"],
            share_class=data["share_class"],
            shares=data["shares"],
            effective_on=data["effective_on"],
            reason=data["reason"],
            actor=actor,
        )
        return _("%(shares)s shares transferred to member %(number)s.") % {
            "shares": data["shares"],
            "number": data["to_member_number"].number,
        }

    return member_action_page(
        request,
        slug,
        number,
        form_class=TransferForm,
        perform=perform,
        title=_("Transfer shares on death") if on_death else _("Transfer shares"),
        intro=_(
            "The shares of a member who has died pass to a member: their nominee, or the "
            "person their personal representatives choose (CCBS Act 2014 ss.37–40)."
        )
        if on_death
        else _("Only shares of a transferable class can be transferred, to an active member."),
        submit_label=_("Transfer the shares"),
        aliases=TRANSFER_ALIASES,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _transfer_page(request, slug, number, on_death=False)


@login_required
@require_http_methods(["GET", "POST"])
def member_death_transfer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _transfer_page(request, slug, number, on_death=True)


@login_required
@require_http_methods(["GET", "POST"])
def member_cancel(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.shares_cancel(member=member, actor=actor, **data)
        return _("%(shares)s shares cancelled.") % {"shares": data["shares"]}

    return member_action_page(
        request,
        slug,
        number,
        form_class=CancelForm,
        perform=perform,
        title=_("Cancel shares"),
        intro=_("The amount paid on cancelled shares passes to the society."),
        submit_label=_("Cancel the shares"),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_interest(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.shares_interest_credit(member=member, actor=actor, **data)
        return _("%(shares)s shares credited as interest.") % {"shares": data["shares"]}

    return member_action_page(
        request,
        slug,
        number,
        form_class=InterestForm,
        perform=perform,
        title=_("Credit interest as shares"),
        intro=_("Interest is credited as new, fully paid shares, within the caps."),
        submit_label=_("Credit the shares"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_ledger_correct(
    request: HttpRequest, slug: str, number: int, entry_id: int
) -> HttpResponse:
    entry = permissions.ledger_entry_get_for_correct(request.user, slug, number, entry_id)
    member = entry.member

    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        services.ledger_correct(entry=entry, reason=data["reason"], actor=actor)
        return _("The entry is corrected by a reversing entry.")

    return member_action_page(
        request,
        slug,
        number,
        form_class=CorrectionForm,
        perform=perform,
        title=_("Correct a ledger entry"),
        summary=[
            (_("Entry"), entry.get_kind_display()),
            (_("Date"), date_format(entry.effective_on)),
            (_("Share class"), entry.share_class.display_name),
            (_("Shares"), f"{entry.shares:+d}"),
            (_("Amount paid"), format_pounds(entry.paid_pence)),
        ],
        submit_label=_("Correct the entry"),
        danger=True,
        aliases={"entry": "reason"},
        member=member,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_certificate_issue(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        certificate = services.certificate_issue(
            member=member, share_class=data["share_class"], actor=actor
        )
        return _("Share certificate number %(number)s is issued; download it below.") % {
            "number": certificate.number
        }

    return member_action_page(
        request,
        slug,
        number,
        form_class=CertificateForm,
        perform=perform,
        title=_("Issue a share certificate"),
        intro=_("The certificate states the member's current holding of the class."),
        submit_label=_("Issue the certificate"),
        aliases={"member": "share_class"},
    )


@login_required
@require_GET
def member_certificate_pdf(
    request: HttpRequest, slug: str, number: int, certificate_number: int
) -> HttpResponse:
    """A share certificate as PDF, in the member's language unless `?language=` says."""
    member = permissions.member_get_for_view(request.user, slug, number)
    organisation = member.organisation
    certificate = selectors.certificate_by_number(member, certificate_number)
    if certificate is None:
        raise Http404
    language = request.GET.get("language", member.preferred_language)
    if language not in ("en-gb", "cy"):
        language = "en-gb"
    with translation.override(language):
        pdf = documents.render_certificate_pdf(certificate, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{organisation.slug}-{certificate.number}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def member_withdrawal_request(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def perform(member: Member, data: dict[str, Any], actor: User) -> str:
        withdrawal = services.withdrawal_request(member=member, actor=actor, **data)
        return _("The notice to withdraw is recorded; it runs until %(day)s.") % {
            "day": date_format(withdrawal.notice_ends_on)
        }

    return member_action_page(
        request,
        slug,
        number,
        form_class=WithdrawalRequestForm,
        perform=perform,
        title=_("Request a withdrawal of shares"),
        intro=_(
            "Record the member's notice to withdraw shares. The notice period starts on the "
            "date they gave notice; the board decides once it has run."
        ),
        submit_label=_("Record the notice"),
    )
