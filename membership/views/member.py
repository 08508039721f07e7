"""The member's own pages: my account (with its PDF), my contact details, notice to withdraw
shares, my share certificate, and the duplicate register (CCBS Act 2014 s.103).

A member's pages are gated on their own member record (`selectors.member_for_user`): anyone
without one in the organisation gets "not found".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods

from coop.core.forms import GovukForm
from coop.core.models import User
from coop.core.permissions import Role, has_role
from coop.core.templatetags.cyd import pounds
from membership import documents, permissions, selectors, services
from membership.forms.member import (
    EMAIL_PURPOSES,
    ContactDetailsForm,
    WithdrawalNoticeForm,
    add_service_errors,
    purposes_of,
)
from membership.models import (
    Member,
    Nomination,
    Organisation,
    RegisterInspection,
    ShareCertificate,
    ShareClass,
    ShareTransaction,
    Withdrawal,
)
from membership.rules import Holding, notice_ends_on
from membership.selectors import RegisterRow

DUPLICATE_REGISTER_PAGE_SIZE = 100


def _own_member(request: HttpRequest, slug: str) -> tuple[Organisation, Member]:
    """The organisation and the signed-in user's own member record in it, else Http404."""
    organisation = get_object_or_404(Organisation, slug=slug)
    member = selectors.member_for_user(organisation, request.user)
    if member is None:
        raise Http404
    member.organisation = organisation
    return organisation, member


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _is_welsh() -> bool:
    return (translation.get_language() or "").startswith("cy")


# --- my account ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerLine:
    """One ledger entry said in plain words, for the member's own account."""

    effective_on: dt.date
    text: str
    share_class: str
    shares: int
    paid_pence: int
    reason: str


def _signed_pounds(pence: int) -> str:
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


def _ledger_lines(entries: Sequence[ShareTransaction]) -> list[LedgerLine]:
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


def _nominations(member: Member) -> list[Nomination]:
    return list(member.nominations.order_by("revoked_on", "-received_on", "-id"))


def _open_withdrawals(member: Member) -> list[Withdrawal]:
    return list(
        member.withdrawals.filter(status__in=Withdrawal.OPEN)
        .select_related("share_class")
        .order_by("notice_ends_on", "id")
    )


def _can_withdraw(share_class: ShareClass) -> bool:
    return share_class.is_withdrawable and not share_class.withdrawals_suspended


@login_required
def my_account(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's own account as the register holds it (CCBS Act 2014 s.103(1))."""
    organisation, member = _own_member(request, slug)
    today = timezone.localdate()
    holdings = selectors.member_holdings(member)
    services.inspection_log(
        organisation=organisation,
        user=_user(request),
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
                (line, _signed_pounds(line.paid_pence))
                for line in _ledger_lines(list(selectors.member_ledger(member)))
            ],
            "nominations": _nominations(member),
            "can_see_register": has_role(
                request.user, organisation, Role.MEMBER, *permissions.REGISTER_READERS
            ),
            "withdrawals": _open_withdrawals(member),
        },
    )


@login_required
def my_account_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's own account as a PDF, in the language of the page."""
    organisation, member = _own_member(request, slug)
    services.inspection_log(
        organisation=organisation,
        user=_user(request),
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
    organisation, member = _own_member(request, slug)
    if member.is_ceased:
        raise Http404
    form = ContactDetailsForm.for_member(member, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, changes=form.changes(), actor=_user(request))
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
    organisation, member = _own_member(request, slug)
    if member.is_ceased:
        raise Http404
    holdings = selectors.member_holdings(member)
    form = WithdrawalNoticeForm(
        request.POST if request.method == "POST" else None,
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
                actor=_user(request),
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
    latest = (
        ShareCertificate.objects.filter(member=member, share_class=share_class)
        .select_related("organisation", "member", "share_class")
        .order_by("-number")
        .first()
    )
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
    organisation, member = _own_member(request, slug)
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
                member=member, share_class=share_class, actor=_user(request)
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


# --- the duplicate register (s.103) -------------------------------------------------------


class RegisterSearchForm(GovukForm, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search by name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )


class _Window(Sequence[RegisterRow]):
    """The rows of one page of a longer list, for `Paginator`: knows the full length, holds
    only the page (the register streams; a page never keeps the whole of it in memory)."""

    def __init__(self, length: int, offset: int, rows: list[RegisterRow]) -> None:
        self.length = length
        self.offset = offset
        self.rows = rows

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> RegisterRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[RegisterRow]: ...
    def __getitem__(self, index: int | slice) -> RegisterRow | list[RegisterRow]:
        if isinstance(index, slice):
            start = (index.start or 0) - self.offset
            stop = (index.stop if index.stop is not None else self.length) - self.offset
            return self.rows[max(start, 0) : max(stop, 0)]
        return self.rows[index - self.offset]


def _matching(rows: Iterator[RegisterRow], search: str) -> Iterator[RegisterRow]:
    term = search.strip().casefold()
    return (row for row in rows if term in row.name.casefold()) if term else rows


def _register_page(
    organisation: Organisation, day: dt.date, search: str, page_number: str | None
) -> Page:
    """One page of the duplicate register, `DUPLICATE_REGISTER_PAGE_SIZE` rows a page."""
    per_page = DUPLICATE_REGISTER_PAGE_SIZE
    try:
        wanted = max(int(page_number or 1), 1)
    except ValueError:
        wanted = 1
    for _attempt in range(2):
        start = (wanted - 1) * per_page
        kept: list[RegisterRow] = []
        count = 0
        register = selectors.duplicate_register(organisation, day, welsh=_is_welsh())
        for row in _matching(register.rows, search):
            if start <= count < start + per_page:
                kept.append(row)
            count += 1
        last_page = max((count + per_page - 1) // per_page, 1)
        if wanted <= last_page:
            break
        wanted = last_page  # past the end: show the last page, as Paginator.get_page does
    return Paginator(_Window(count, start, kept), per_page).get_page(wanted)


@login_required
def duplicate_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The duplicate register (CCBS Act 2014 s.103): the register without anyone's holdings,
    for members and register readers; each viewing is logged."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    if not has_role(request.user, organisation, Role.MEMBER, *permissions.REGISTER_READERS):
        raise Http404
    today = timezone.localdate()
    form = RegisterSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = _register_page(organisation, today, search, request.GET.get("page"))
    services.inspection_log(
        organisation=organisation,
        user=_user(request),
        kind=RegisterInspection.Kind.DUPLICATE,
        as_of=today,
    )
    return render(
        request,
        "membership/member/duplicate_register.html",
        {
            "organisation": organisation,
            "today": today,
            "form": form,
            "search": search,
            "page": page,
            "query": urlencode({"q": search}) if search else "",
            "kind_labels": dict(Member.Kind.choices),
            "purpose_labels": dict(EMAIL_PURPOSES),
        },
        status=400 if form.errors else 200,
    )
