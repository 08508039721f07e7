"""What the secretary's member pages share: an action on one member, a small form page whose
valid POST calls one service and returns to the member's page (`coop.core.web.action_page`).

The gate is `membership.permissions`: anything of an organisation the user holds no role in
answers 404; an action by someone with a role who may not take it answers 403.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from coop.core.models import User
from coop.core.web import action_page, bound
from membership import permissions
from membership.models import Member

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
    member: Member | None = None,
) -> HttpResponse:
    """A secretary's action on one member (`permissions.can_manage_register`)."""
    member = member or permissions.member_get_for_manage(request.user, slug, number)
    organisation = member.organisation
    form = form_class(bound(request), organisation=organisation, member=member)  # type: ignore[call-arg]
    return action_page(
        request,
        form=form,
        perform=lambda data, actor: perform(member, data, actor),
        done_url=reverse("membership:member", args=[organisation.slug, member.number]),
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
        },
    )
