"""What the secretary's pages share: role gates, service errors on forms, the form page.

Gates: anything of an organisation the user holds no role in answers 404. With a role but not
the one needed, reads answer 404 and actions (their form pages included) answer 403.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from coop.core.models import User
from coop.core.permissions import Role, has_role
from membership import permissions
from membership.models import Member, Organisation

SECRETARY = (Role.SECRETARY,)
READERS = permissions.REGISTER_READERS
#: The board decides applications and withdrawals and may suspend withdrawals.
DECIDERS = (Role.SECRETARY, Role.BOARD_MEMBER)
#: Who may take the register away in a file.
EXPORTERS = (Role.SECRETARY, Role.SCRUTINEER)

FORM_PAGE = "membership/secretary/form_page.html"


def organisation_for_read(request: HttpRequest, slug: str, roles: tuple[Role, ...]) -> Organisation:
    """The organisation, or 404 unless the user holds one of `roles` in it."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    if not has_role(request.user, organisation, *roles):
        raise Http404
    return organisation


def organisation_for_action(
    request: HttpRequest, slug: str, roles: tuple[Role, ...]
) -> Organisation:
    """The organisation; 404 without any role in it, 403 without one of `roles`."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    if not has_role(request.user, organisation, *roles):
        raise PermissionDenied
    return organisation


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (the gates above have made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


def member_get(organisation: Organisation, number: int) -> Member:
    """A member of `organisation` by number; 404 for a number of any other organisation."""
    return get_object_or_404(
        Member.objects.select_related("organisation", "member_class", "user"),
        organisation=organisation,
        number=number,
    )


def url_or_none(name: str, *args: Any) -> str | None:
    """The URL of a page another part of Cyd may not provide yet (then the link is hidden)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message on the field it names
    (through `aliases` where the form calls it something else), the rest above the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        name = aliases.get(field, field)
        target = name if name in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


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
    response. A refused POST re-renders the page with the errors, status 400."""
    if request.method == "POST":
        if form.is_valid():
            try:
                return perform(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error, aliases)
        return render(request, template, {**context, "form": form}, status=400)
    return render(request, template, {**context, "form": form})


def bound(request: HttpRequest) -> Any:
    """The data to bind a form to: the POST data on a POST (even if empty), else None."""
    return request.POST if request.method == "POST" else None


MemberPerform = Callable[[Member, dict[str, Any], User], "str | HttpResponse"]


def member_action_page(
    request: HttpRequest,
    slug: str,
    number: int,
    *,
    form_class: type[forms.Form],
    perform: MemberPerform,
    title: str,
    submit_label: str,
    intro: str = "",
    warning: str = "",
    danger: bool = False,
    summary: list[tuple[str, Any]] | None = None,
    aliases: Mapping[str, str] | None = None,
    roles: tuple[Role, ...] = SECRETARY,
    member: Member | None = None,
) -> HttpResponse:
    """A secretary's action on one member: a small form page whose valid POST calls one
    service, then returns to the member page with a success message."""
    organisation = organisation_for_action(request, slug, roles)
    member = member or member_get(organisation, number)
    member_url = reverse("membership:member", args=[organisation.slug, member.number])
    form = form_class(bound(request), organisation=organisation, member=member)  # type: ignore[call-arg]

    def done(data: dict[str, Any]) -> HttpResponse:
        outcome = perform(member, data, acting_user(request))
        if isinstance(outcome, HttpResponse):
            return outcome
        messages.success(request, outcome)
        return HttpResponseRedirect(member_url)

    return form_page(
        request,
        form=form,
        perform=done,
        aliases=aliases,
        context={
            "organisation": organisation,
            "member": member,
            "caption": f"{member.number} {member.name}",
            "title": title,
            "intro": intro,
            "warning": warning,
            "danger": danger,
            "summary": summary,
            "submit_label": submit_label,
            "back_url": member_url,
        },
    )
