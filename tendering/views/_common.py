"""What the tendering pages share: the gates, service errors on forms, the form page.

Gates (`tendering.permissions`): the consortium's bid managers and secretary run its bids;
a member co-op's people see their own co-op's part; anyone else gets 404. A member co-op's
people who try one of the lead's actions get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from coop.core.models import User
from tendering.models import JointBid, Opportunity

FORM_PAGE = "core/form_page.html"


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (`login_required` and the gates have made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


def make_form(form_class: type[forms.Form], request: HttpRequest, **kwargs: Any) -> Any:
    """A form bound to the POST (and its files) on a POST, unbound on a GET."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """A service's ValidationError on the form: each message on the field it names (through
    `aliases` where the form calls it something else), the rest above the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = aliases.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], HttpResponse],
    context: dict[str, Any],
    template: str = FORM_PAGE,
    aliases: Mapping[str, str] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST calls `perform` (one service call) and returns its
    response. An invalid or refused POST shows the page again with the errors, status 400:
    the service's transaction has written nothing."""
    if request.method == "POST":
        if form.is_valid():
            try:
                return perform(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error, aliases)
        return render(request, template, {**context, "form": form}, status=400)
    return render(request, template, {**context, "form": form})


def error_messages(error: ValidationError) -> list[str]:
    """Every message of a service's refusal, in order."""
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def bid_context(bid: JointBid, **extra: Any) -> dict[str, Any]:
    """The context every page of a bid starts from (caption, back to the dashboard)."""
    return {
        "organisation": bid.consortium,
        "bid": bid,
        "caption": f"{bid.opportunity.reference}: {bid.opportunity.display_title}",
        "back_url": bid_url(bid),
        **extra,
    }


def bid_url(bid: JointBid, name: str = "bid", *args: Any) -> str:
    return reverse(f"tendering:{name}", args=[bid.consortium.slug, bid.pk, *args])


def opportunity_url(opportunity: Opportunity) -> str:
    return reverse("tendering:opportunity", args=[opportunity.organisation.slug, opportunity.pk])
