"""Giving notice of a meeting: the arithmetic to confirm, then the progress of the mail-out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from governance import permissions, selectors, services
from governance.forms.meetings import ConfirmForm
from governance.models import Meeting, Motion, NoticeRun
from governance.views._common import meeting_url, page_context


def _progress_url(meeting: Meeting) -> str:
    return reverse("governance:notice_progress", args=[meeting.organisation.slug, meeting.pk])


@login_required
@require_http_methods(["GET", "POST"])
def notice_give(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show the notice arithmetic for notice given today, then give notice: the service
    checks the clear days again, opens online voting and queues the mail-out."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    facts = selectors.notice_facts_or_none(meeting, timezone.localdate())
    waiting = [
        m
        for m in selectors.meeting_motions(meeting)
        if m.status in (Motion.Status.SUBMITTED, Motion.Status.SECONDED)
    ]

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_give_notice(meeting=meeting, actor=actor)
        return _("Notice is given. The notices are being sent.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=_progress_url(meeting),
        template="governance/notice_give.html",
        context=page_context(
            meeting.organisation,
            title=_("Give notice of the meeting"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Give notice and send it"),
            meeting=meeting,
            facts=facts,
            meeting_on=selectors.meeting_day(meeting),
            date_is_lawful=selectors.date_is_lawful(meeting, facts),
            waiting=waiting,
        ),
    )


@login_required
@require_GET
def notice_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """How far the mail-out has gone, and each notice sent: to whom, how, in which
    language, when. The page reloads itself while the notices are going out."""
    meeting = permissions.meeting_get_for_oversight(request.user, slug, pk)
    run = selectors.notice_run(meeting)
    running = run is not None and run.status in (NoticeRun.Status.QUEUED, NoticeRun.Status.RUNNING)
    return render(
        request,
        "governance/notice_progress.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "run": run,
            "running": running,
            "dispatches": selectors.notice_dispatches(meeting),
            "given": meeting.status != Meeting.Status.PLANNED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send the notice again to the members it has not reached (failed emails, members
    admitted since notice was given)."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_notice_resend(meeting=meeting, actor=actor)
        return _("The notice is being sent to the members it had not reached.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=_progress_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Send the notice again"),
            caption=meeting.display_title,
            back_url=_progress_url(meeting),
            submit_label=_("Send the notice again"),
            intro=_(
                "The notice goes to each member it has not reached yet: those whose email "
                "failed and those admitted since notice was given. Nobody gets it twice."
            ),
        ),
    )
