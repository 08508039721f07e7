"""What the secretary's pages share: role gates, service errors on forms, the form page.

Gates: anything of an organisation the user holds no role in answers 404. With a role but not
the one needed, reads answer 404 and actions (their form pages included) answer 403.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from coop.core.forms import add_service_errors  # noqa: F401 - re-exported
from coop.core.models import User
from coop.core.permissions import Role, has_role
from coop.core.web import bound
from coop.core.web import form_page as core_form_page
from membership import permissions
from membership.models import Member, Organisation

SECRETARY = (Role.SECRETARY,)
READERS = permissions.REGISTER_READERS
#: The board decides applications and withdrawals and may suspend withdrawals.
DECIDERS = (Role.SECRETARY, Role.BOARD_MEMBER)
#: Who may take the register away in a file.
EXPORTERS = (Role.SECRETARY, Role.SCRUTINEER)

FORM_PAGE = "core/form_page.html"


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


def form_page(request: HttpRequest, *, template: str = FORM_PAGE, **kwargs: Any) -> HttpResponse:
    """`coop.core.views.form_page` with this app's form page template by default."""
    return core_form_page(request, template=template, **kwargs)


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
