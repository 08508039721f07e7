"""What the governance pages share: the gates, service errors on forms, the form page.

Gates: anything of an organisation the user holds no role in answers 404, as does a meeting
or motion of another organisation than the one in the address, and a board meeting for
members. A planned general meeting shows to members (the date and the deadline for motions);
its agenda and notice are the secretary's. With a role but not the one needed,
reads answer 404 and actions (their form pages included) answer 403.

Member actions (submit, second, amend, withdraw, sign, appoint a proxy) are open to anyone
with a role in the organisation: the service decides, with the rule's message, whether the
signed-in person's member record may do it (a non-member or a ceased member is refused with
status 400).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from coop.core.forms import add_service_errors  # noqa: F401 - re-exported
from coop.core.models import User
from coop.core.permissions import AnyUser
from coop.core.web import bound  # noqa: F401 - re-exported for the views
from coop.core.web import form_page as core_form_page
from governance import permissions, selectors
from governance.models import Amendment, Meeting, Motion
from membership.models import Member, Organisation
from membership.permissions import organisation_get_for_view
from membership.selectors import member_for_user

FORM_PAGE = "core/form_page.html"

Check = Callable[[AnyUser | None, Meeting], bool]


def organisation_for(request: HttpRequest, slug: str) -> Organisation:
    """The organisation in the address; 404 unless the user holds a role in it."""
    return organisation_get_for_view(request.user, slug)


def _same_organisation(meeting: Meeting, slug: str) -> Meeting:
    if meeting.organisation.slug != slug:
        raise Http404
    return meeting


def meeting_for_view(request: HttpRequest, slug: str, pk: int) -> Meeting:
    """A meeting the user may see."""
    return _same_organisation(permissions.meeting_get_for_view(request.user, pk), slug)


def meeting_for_secretary_read(request: HttpRequest, slug: str, pk: int) -> Meeting:
    """A secretary's page about a meeting (a read): 404 for everyone else."""
    meeting = meeting_for_view(request, slug, pk)
    if not permissions.can_run_meeting(request.user, meeting):
        raise Http404
    return meeting


def meeting_for_action(
    request: HttpRequest, slug: str, pk: int, check: Check = permissions.can_run_meeting
) -> Meeting:
    """A meeting to act on: 404 if the user may not see it, 403 if they may see it but
    `check` (by default: runs meetings) says no."""
    meeting = meeting_for_view(request, slug, pk)
    if not check(request.user, meeting):
        raise PermissionDenied
    return meeting


def motion_for_view(request: HttpRequest, slug: str, pk: int) -> Motion:
    """A motion the user may see (its meeting visible to them, in the organisation of the
    address)."""
    motion = permissions.motion_get_for_view(request.user, pk)
    if motion.organisation.slug != slug:
        raise Http404
    return motion


def motion_for_action(
    request: HttpRequest, slug: str, pk: int, check: Check = permissions.can_run_meeting
) -> Motion:
    motion = motion_for_view(request, slug, pk)
    if not check(request.user, motion.meeting):
        raise PermissionDenied
    return motion


def amendment_for_view(request: HttpRequest, slug: str, pk: int) -> Amendment:
    """An amendment whose motion the user may see."""
    amendment = (
        Amendment.objects.select_related("proposer", "seconder", "ballot").filter(pk=pk).first()
    )
    if amendment is None:
        raise Http404
    amendment.motion = motion_for_view(request, slug, amendment.motion_id)
    return amendment


def amendment_for_action(
    request: HttpRequest, slug: str, pk: int, check: Check = permissions.can_run_meeting
) -> Amendment:
    amendment = amendment_for_view(request, slug, pk)
    if not check(request.user, amendment.motion.meeting):
        raise PermissionDenied
    return amendment


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (`login_required` and the gates have made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


def member_of(request: HttpRequest, organisation: Organisation) -> Member | None:
    """The signed-in user's member record in the organisation, if any."""
    return member_for_user(organisation, request.user)


def form_page(request: HttpRequest, *, template: str = FORM_PAGE, **kwargs: Any) -> HttpResponse:
    """`coop.core.views.form_page` with this app's form page template by default."""
    return core_form_page(request, template=template, **kwargs)


def notice_facts_or_none(
    meeting: Meeting, given_on: dt.date | None = None
) -> selectors.NoticeFacts | None:
    """The notice arithmetic, or None where no rules are recorded for the organisation (the
    services then refuse with their message)."""
    try:
        return selectors.notice_facts(meeting, given_on)
    except ValidationError:
        return None


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
    """The context of `governance/form_page.html`."""
    return {
        "organisation": organisation,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "submit_label": submit_label,
        **extra,
    }
