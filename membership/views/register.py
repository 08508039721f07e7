"""The register of members (now, or as at a past date), the share classes with the board's
suspension of withdrawals, and the book of nominations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.i18n import is_welsh
from coop.core.models import User
from coop.core.web import action_page, bound
from membership import permissions, selectors, services
from membership.forms.secretary_board import (
    RegisterFilterForm,
    ResumeWithdrawalsForm,
    SuspendWithdrawalsForm,
)
from membership.models import Member, Organisation
from membership.selectors import RegisterRow

PER_PAGE = 50


@dataclass(frozen=True)
class ListRow:
    """One line of the register list, whichever way it was read."""

    number: int
    name: str
    member_class: str
    status: str
    status_label: str
    entered_on: dt.date
    ceased_on: dt.date | None
    total_shares: int


def _rows_now(
    organisation: Organisation, data: dict[str, Any], page_number: str | None
) -> tuple[Page, list[ListRow]]:
    """The register as it stands: members filtered in the database, holdings of one page."""
    members = selectors.member_list(
        organisation,
        search=data.get("q") or "",
        status=data.get("status") or "",
        member_class=data.get("member_class") or "",
    )
    page = Paginator(members, PER_PAGE).get_page(page_number)
    holdings = selectors.holdings_for_members(organisation, [m.pk for m in page.object_list])
    rows = [
        ListRow(
            number=m.number,
            name=m.name,
            member_class=m.member_class.display_name,
            status=m.status,
            status_label=m.get_status_display(),
            entered_on=m.entered_on,
            ceased_on=m.ceased_on,
            total_shares=sum(h.shares for h in holdings.get(m.pk, {}).values()),
        )
        for m in page.object_list
    ]
    return page, rows


def _matches(row: RegisterRow, data: dict[str, Any], class_name: str | None) -> bool:
    term = (data.get("q") or "").strip().lower()
    if term and not (
        term in row.name.lower()
        or term in row.email.lower()
        or term in row.postcode.lower()
        or (term.isdigit() and int(term) == row.number)
    ):
        return False
    if data.get("status") and row.status != data["status"]:
        return False
    return class_name is None or row.member_class == class_name


def _rows_as_of(
    organisation: Organisation, day: dt.date, data: dict[str, Any], page_number: str | None
) -> tuple[Page, list[ListRow]]:
    """The register as at `day`, derived from the ledger (former members included)."""
    welsh = is_welsh()
    class_name = None
    chosen = (
        selectors.member_class_by_code(organisation, data["member_class"])
        if data.get("member_class")
        else None
    )
    if chosen is not None:
        # The register rows carry the class name in the page's language.
        class_name = (chosen.name_cy or chosen.name) if welsh else chosen.name
    register = selectors.register_as_of(organisation, day, welsh=welsh)
    statuses = dict(Member.Status.choices)
    rows = [
        ListRow(
            number=row.number,
            name=row.name,
            member_class=row.member_class,
            status=row.status,
            status_label=str(statuses.get(row.status, row.status)),
            entered_on=row.entered_on,
            ceased_on=row.ceased_on,
            total_shares=row.total_shares,
        )
        for row in register.rows
        if _matches(row, data, class_name)
    ]
    page = Paginator(rows, PER_PAGE).get_page(page_number)
    return page, list(page.object_list)


@login_required
@require_GET
def register_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The register of members with search, filters and an "as at" date; 50 a page."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_register
    )
    form = RegisterFilterForm(request.GET or None, organisation=organisation)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    as_of = data.get("as_of")
    page_number = request.GET.get("page")
    page, rows = (
        _rows_as_of(organisation, as_of, data, page_number)
        if as_of
        else _rows_now(organisation, data, page_number)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "membership/secretary/register.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "rows": rows,
            "as_of": as_of,
            "query": query.urlencode(),
            "is_filtered": bool(data and any(data.values())),
            "can_manage": permissions.can_manage_register(request.user, organisation),
        },
        status=200 if valid else 400,
    )


@login_required
@require_GET
def share_class_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The share classes and their terms, with the board's suspension of withdrawals."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_organisation
    )
    return render(
        request,
        "membership/secretary/share_classes.html",
        {
            "organisation": organisation,
            "share_classes": selectors.share_classes(organisation),
            "can_suspend": permissions.can_suspend_withdrawals(request.user, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def share_class_suspend(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    return _set_suspended(request, slug, code, suspended=True)


@login_required
@require_http_methods(["GET", "POST"])
def share_class_resume(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    return _set_suspended(request, slug, code, suspended=False)


def _set_suspended(request: HttpRequest, slug: str, code: str, *, suspended: bool) -> HttpResponse:
    share_class = permissions.share_class_get_for_suspend(request.user, slug, code)
    form_class = SuspendWithdrawalsForm if suspended else ResumeWithdrawalsForm
    form = form_class(bound(request), organisation=share_class.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.share_class_set_withdrawals_suspended(
            share_class=share_class, suspended=suspended, reason=data["reason"], actor=actor
        )
        if suspended:
            return _("Withdrawals of %(cls)s are suspended.") % {"cls": share_class.display_name}
        return _("Withdrawals of %(cls)s are open again.") % {"cls": share_class.display_name}

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=reverse("membership:share_classes", args=[slug]),
        context={
            "organisation": share_class.organisation,
            "caption": share_class.display_name,
            "title": _("Suspend withdrawals") if suspended else _("Resume withdrawals"),
            "intro": _(
                "While withdrawals are suspended, members cannot give notice to withdraw "
                "these shares and the board cannot approve withdrawals of them."
            )
            if suspended
            else "",
            "submit_label": _("Suspend withdrawals") if suspended else _("Resume withdrawals"),
            "danger": suspended,
        },
    )


@login_required
@require_GET
def nomination_book(request: HttpRequest, slug: str) -> HttpResponse:
    """The book of nominations (CCBS Act 2014 s.37), revoked nominations included."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_register
    )
    nominations = selectors.nomination_list(organisation)
    return render(
        request,
        "membership/secretary/nominations.html",
        {"organisation": organisation, "nominations": nominations},
    )
