"""Minutes: the draft written from the record at close, in English and Welsh; edited by the
secretary; approved at a later meeting under way; as a bilingual PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from governance import permissions, selectors, services
from governance.documents import render_minutes_pdf
from governance.forms.motions import MeetingChoiceForm
from governance.forms.running import MinutesForm
from governance.models import Meeting, Minutes
from governance.views._common import (
    acting_user,
    bound,
    form_page,
    meeting_for_action,
    meeting_for_view,
    page_context,
)


def _minutes(meeting: Meeting) -> Minutes:
    try:
        return meeting.minutes
    except ObjectDoesNotExist:
        raise Http404 from None


def _minutes_url(meeting: Meeting) -> str:
    return reverse("governance:minutes", args=[meeting.organisation.slug, meeting.pk])


def _approval_meetings(meeting: Meeting) -> Any:
    """Later meetings of the organisation now under way (where minutes are approved)."""
    return selectors.meetings(meeting.organisation, include_planned=False).filter(
        status=Meeting.Status.IN_PROGRESS, starts_at__gt=meeting.starts_at
    )


@login_required
@require_GET
def minutes_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The minutes in English and Welsh, with their status; for the secretary the ways to
    edit and approve them."""
    meeting = meeting_for_view(request, slug, pk)
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
            and _approval_meetings(meeting).exists(),
        },
    )


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for_view(request, slug, pk)
    minutes = _minutes(meeting)
    response = HttpResponse(render_minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for_action(request, slug, pk)
    minutes = _minutes(meeting)
    form = MinutesForm(bound(request), initial={"body": minutes.body, "body_cy": minutes.body_cy})

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.minutes_edit(
            minutes=minutes, body=data["body"], body_cy=data["body_cy"], actor=acting_user(request)
        )
        messages.success(request, _("The minutes are saved."))
        return HttpResponseRedirect(_minutes_url(meeting))

    return form_page(
        request,
        form=form,
        perform=perform,
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
    meeting = meeting_for_action(request, slug, pk)
    minutes = _minutes(meeting)
    form = MeetingChoiceForm(
        bound(request),
        meetings=_approval_meetings(meeting),
        label=_("The meeting approving them"),
        help_text=_("Minutes are approved at a later meeting, while it is under way."),
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.minutes_approve(
            minutes=minutes, at_meeting=data["meeting"], actor=acting_user(request)
        )
        messages.success(request, _("The minutes are approved as a true record."))
        return HttpResponseRedirect(_minutes_url(meeting))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"at_meeting": "meeting"},
        context=page_context(
            meeting.organisation,
            title=_("Approve the minutes"),
            caption=meeting.display_title,
            back_url=_minutes_url(meeting),
            submit_label=_("Approve the minutes"),
        ),
    )
