"""The kernel's adapter kit for pages: what every app's views share.

A view is a gate (a predicate of its app's `permissions.py`), a form, one service or selector
call, and a render. This module holds the parts that are the same everywhere: the signed-in
user, binding a form, the one form page (`templates/core/form_page.html`) with a service's
refusal shown by the field it names, and the action page (a small form whose valid POST calls
one service and returns with a message). The reader's language is `coop.core.i18n.is_welsh`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from coop.core.forms import add_service_errors
from coop.core.models import User

#: The one form page: caption, title, intro, summary list, warning, the form, submit/cancel.
FORM_PAGE = "core/form_page.html"


def acting_user(request: HttpRequest) -> User:
    """The signed-in user. Every page that acts is behind `login_required` and a gate, so a
    missing user here is a wiring mistake, not a visitor: it raises rather than returning None."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise TypeError("an acting page was reached without a signed-in user")
    return user


def bound(request: HttpRequest) -> Any:
    """The data to bind a form to: the POST data on a POST (even if empty), else None."""
    return request.POST if request.method == "POST" else None


def bound_files(request: HttpRequest) -> Any:
    """The uploaded files to bind a form to on a POST, else None."""
    return request.FILES if request.method == "POST" else None


def error_messages(error: ValidationError) -> list[str]:
    """Every message of a service's refusal, in order."""
    if hasattr(error, "error_dict"):
        return [m for texts in error.message_dict.values() for m in texts]
    return list(error.messages)


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


#: What an action does with the form's data and the acting user: a success message (the page
#: then returns to `done_url`), or a response of its own (a download, another page).
Perform = Callable[[dict[str, Any], User], "str | HttpResponse"]


def action_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    perform: Perform,
    done_url: str,
    context: dict[str, Any],
    template: str = FORM_PAGE,
    aliases: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A small form whose valid POST calls one service: on success, a message and back to
    `done_url`; on a refusal, the page again with the service's messages by field (400).

    The caller has already passed the gate (a predicate of its app's `permissions.py`)."""

    def done(data: dict[str, Any]) -> HttpResponse:
        outcome = perform(data, acting_user(request))
        if isinstance(outcome, HttpResponse):
            return outcome
        messages.success(request, outcome)
        return HttpResponseRedirect(done_url)

    context = {"back_url": done_url, **context}
    return form_page(
        request, form=form, perform=done, context=context, template=template, aliases=aliases
    )
