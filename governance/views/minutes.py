"""Minutes: the draft written from the record at close, in English and Welsh; edited by the
secretary; approved at a later meeting under way; as a bilingual PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from governance import permissions, selectors, services
from governance.documents import render_minutes_pdf
from governance.forms.motions import MeetingChoiceForm
from governance.forms.running import MinutesForm
from governance.models import Meeting, Minutes
from governance.views._common import page_context


def _minutes(meeting: Meeting) -> Minutes:
    minutes = selectors.minutes_of(meeting)
    if minutes is None:
        raise Http404
    return minutes


def _minutes_url(meeting: Meeting) -> str:
    return reverse("governance:minutes", args=[meeting.organisation.slug, meeting.pk])


@login_required
@require_GET
def minutes_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The minutes in English and Welsh, with their status; for the secretary the ways to
    edit and approve them."""
    meeting = permissions.meeting_get_for(
        request.user, slug, pk, permissions.can_view_minutes, action=False
    )
    minutes = _minutes(meeting)
    may_run = permissions.can_run_meeting(request.user, meeting)
    return render(
        request,
        "governance/minutes.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "minutes": minutes,
            "may_run": may_run,
            "may_approve": may_run
            and minutes.status == Minutes.Status.DRAFT
            and selectors.approval_meetings(meeting).exists(),
        },
    )


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.meeting_get_for(
        request.user, slug, pk, permissions.can_view_minutes, action=False
    )
    minutes = _minutes(meeting)
    response = HttpResponse(render_minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    minutes = _minutes(meeting)
    form = MinutesForm(bound(request), initial={"body": minutes.body, "body_cy": minutes.body_cy})

    def perform(data: dict[str, Any], actor: User) -> str:
        services.minutes_edit(
            minutes=minutes, body=data["body"], body_cy=data["body_cy"], actor=actor
        )
        return _("The minutes are saved.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=_minutes_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Edit the minutes"),
            caption=meeting.display_title,
            back_url=_minutes_url(meeting),
            submit_label=_("Save the minutes"),
            wide=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record that a later meeting, now under way, approved the minutes as a true record."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    minutes = _minutes(meeting)
    form = MeetingChoiceForm(
        bound(request),
        meetings=selectors.approval_meetings(meeting),
        label=_("The meeting approving them"),
        help_text=_("Minutes are approved at a later meeting, while it is under way."),
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        services.minutes_approve(minutes=minutes, at_meeting=data["meeting"], actor=actor)
        return _("The minutes are approved as a true record.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=_minutes_url(meeting),
        aliases={"at_meeting": "meeting"},
        context=page_context(
            meeting.organisation,
            title=_("Approve the minutes"),
            caption=meeting.display_title,
            back_url=_minutes_url(meeting),
            submit_label=_("Approve the minutes"),
        ),
    )
