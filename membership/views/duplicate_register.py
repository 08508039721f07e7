"""The duplicate register (CCBS Act 2014 s.103): the register without anyone's holdings or
contact details, for members to inspect a page at a time; each inspection is logged."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coop.core.forms import GovukForm
from coop.core.web import acting_user
from membership import permissions, selectors, services
from membership.models import Member, RegisterInspection
from membership.selectors import DuplicateRegisterRow


class RegisterSearchForm(GovukForm, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search by name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )


@login_required
@require_GET
def duplicate_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The duplicate register (CCBS Act 2014 s.103; `selectors.duplicate_register` says which
    particulars it shows and why), a page at a time, searched by name; each inspection is
    logged. There is no download: those who may export the register do that instead."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_inspect_duplicate_register
    )
    today = timezone.localdate()
    form = RegisterSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    register = selectors.duplicate_register(organisation, today, search=search)
    page: Page[DuplicateRegisterRow] = Paginator(
        register, selectors.DUPLICATE_REGISTER_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    user = acting_user(request)
    services.inspection_log(
        organisation=organisation,
        user=user,
        kind=RegisterInspection.Kind.DUPLICATE,
        as_of=today,
        member=permissions.own_member(user, organisation),
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
        },
        status=400 if form.errors else 200,
    )
