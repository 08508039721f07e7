"""The public join page of a co-operative: what membership means, then the application.

No sign-in. The application goes to `services.application_submit`; the board decides it.
A honeypot field catches form-filling robots: they see the same "done" page, and nothing is
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coop.core.forms import add_service_errors
from coop.core.i18n import is_welsh
from membership import selectors, services
from membership.forms.member import JoinForm
from membership.models import MemberClass, Organisation, RulesVersion, ShareClass


@dataclass(frozen=True)
class JoinTerms:
    """What the page says about joining, from the rules in force and the share classes."""

    rules: RulesVersion
    share_class: ShareClass
    member_classes: list[tuple[MemberClass, str]]

    @property
    def minimum_cost_pence(self) -> int:
        return self.rules.minimum_shares * self.share_class.nominal_value_pence


def _organisation(slug: str) -> Organisation:
    """The organisation of the public join page (no role needed to apply), or Http404."""
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    return organisation


def _terms(organisation: Organisation) -> JoinTerms | None:
    """The terms of joining, or None if the organisation cannot take applications now (not
    accepting, or no rules or qualifying share recorded)."""
    if not organisation.is_accepting_applications:
        return None
    rules = selectors.rules_in_force_on(organisation, timezone.localdate())
    qualifying = [c for c in selectors.share_classes(organisation) if c.qualifies_for_membership]
    if rules is None or not qualifying:
        return None
    welsh = is_welsh()
    classes = [
        (cls, (cls.eligibility_cy or cls.eligibility) if welsh else cls.eligibility)
        for cls in selectors.member_class_list(organisation)
    ]
    if not classes:
        return None
    return JoinTerms(rules=rules, share_class=qualifying[0], member_classes=classes)


def _share_class_for(member_class: MemberClass, terms: JoinTerms) -> ShareClass:
    """The qualifying share class the member class holds (the organisation's, by default)."""
    for cls, _eligibility in terms.member_classes:
        if cls.pk == member_class.pk:
            for share_class in cls.share_classes.all():
                if share_class.qualifies_for_membership:
                    return share_class
    return terms.share_class


def _form(organisation: Organisation, terms: JoinTerms, data: Any = None) -> JoinForm:
    return JoinForm(
        data,
        member_classes=selectors.member_class_list(organisation).prefetch_related(None),
        organisation_name=organisation.display_name,
        minimum_shares=terms.rules.minimum_shares,
        minimum_age=terms.rules.minimum_age,
        initial={
            "shares_requested": terms.rules.minimum_shares,
            "preferred_language": "cy" if is_welsh() else "en-gb",
        },
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply to join: the member classes and their eligibility, the qualifying share and the
    rules' minimum holding (rules version: minimum_shares, minimum_age), then the form."""
    organisation = _organisation(slug)
    terms = _terms(organisation)
    intro = (
        (organisation.join_intro_cy or organisation.join_intro)
        if is_welsh()
        else (organisation.join_intro)
    )
    context: dict[str, Any] = {"organisation": organisation, "terms": terms, "intro": intro}
    if terms is None:
        return render(
            request,
            "membership/join/join.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
    form = _form(organisation, terms, request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST":
        if form.is_robot:
            return redirect("membership:join_done", slug=organisation.slug)
        if form.is_valid():
            fields = form.application_fields()
            try:
                services.application_submit(
                    organisation=organisation,
                    share_class=_share_class_for(fields["member_class"], terms),
                    amount_paid_pence=0,
                    actor=None,
                    **fields,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("membership:join_done", slug=organisation.slug)
    return render(request, "membership/join/join.html", context, status=400 if form.errors else 200)


def join_done(request: HttpRequest, slug: str) -> HttpResponse:
    """What happens after applying."""
    organisation = _organisation(slug)
    return render(request, "membership/join/done.html", {"organisation": organisation})
