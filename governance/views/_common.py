"""What the governance pages share: the signed-in person's member record, the addresses of
a meeting and a motion, and the context of the one form page.

Gates are `governance.permissions` getters and predicates; the form page, the action page and
the acting user are the kernel's (`coop.core.web`)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.urls import reverse

from governance.models import Meeting, Motion
from membership.models import Member, Organisation
from membership.selectors import member_for_user


def member_of(request: HttpRequest, organisation: Organisation) -> Member | None:
    """The signed-in user's member record in the organisation, if any."""
    return member_for_user(organisation, request.user)


def as_member(member: Member | None) -> Member:
    """The signed-in person's member record for a service that checks membership itself: a
    missing record (not a member) is refused by the service with its rule's message."""
    return cast(Member, member)


def meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting", args=[meeting.organisation.slug, meeting.pk])


def motion_url(motion: Motion) -> str:
    return reverse("governance:motion", args=[motion.organisation.slug, motion.pk])


def run_url(meeting: Meeting) -> str:
    return reverse("governance:run", args=[meeting.organisation.slug, meeting.pk])


def page_context(
    organisation: Organisation,
    *,
    title: str,
    caption: str,
    back_url: str,
    submit_label: str,
    **extra: Any,
) -> dict[str, Any]:
    """The context of the one form page (`core/form_page.html`)."""
    return {
        "organisation": organisation,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "submit_label": submit_label,
        **extra,
    }
