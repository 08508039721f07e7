"""Meetings: the list, a meeting's page, planning one, changing it before notice, its notice
pack, cancelling it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, form_page
from governance import permissions, selectors, services
from governance.documents import render_notice_pack_pdf
from governance.forms.meetings import MeetingPlanForm, ReasonForm, override_reason_field
from governance.models import Meeting
from governance.views._common import meeting_url, member_of, page_context
from governance.views._display import motion_views
from membership.models import Organisation

PAGE_SIZE = 20


@login_required
@require_GET
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's meetings, newest first, planned ones included (members need the
    date and the deadline for motions before notice is given); board meetings for the board
    and scrutineers only."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    found = selectors.meetings(
        organisation,
        include_planned=True,
        include_board=permissions.can_view_board_meetings(request.user, organisation),
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/meeting_list.html",
        {
            "organisation": organisation,
            "page": page,
            "may_plan": permissions.can_plan_meeting(request.user, organisation),
        },
    )


def _takes_motions(meeting: Meeting, facts: selectors.NoticeFacts | None) -> bool:
    return (
        facts is not None
        and meeting.is_general
        and meeting.status in (Meeting.Status.PLANNED, Meeting.Status.CALLED)
        and timezone.localdate() <= facts.motion_deadline_on
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """When and where, how to join, the agenda, each motion with its amendments and the text
    as amended, the way in to vote, results, minutes; for the secretary the notice
    arithmetic and the way to run the meeting."""
    meeting = permissions.meeting_get_for_view(request.user, slug, pk)
    organisation = meeting.organisation
    may_run = permissions.can_run_meeting(request.user, meeting)
    member = member_of(request, organisation)
    facts = selectors.notice_facts_or_none(meeting)
    motions = motion_views(
        selectors.meeting_motions(meeting), user=request.user, member=member, meeting=meeting
    )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "organisation": organisation,
            "meeting": meeting,
            "agenda": selectors.meeting_agenda(meeting),
            "motions": motions,
            "facts": facts,
            "date_is_lawful": selectors.date_is_lawful(meeting, facts),
            "may_run": may_run,
            "member": member,
            "takes_motions": member is not None and _takes_motions(meeting, facts),
            "may_appoint_proxy": member is not None
            and meeting.is_general
            and meeting.status in (Meeting.Status.PLANNED, Meeting.Status.CALLED)
            and selectors.proxies_allowed(meeting),
            "minutes": selectors.minutes_of(meeting),
            "notice_run": selectors.notice_run(meeting) if may_run else None,
            "has_notice_pack": permissions.can_view_notice_pack(request.user, meeting),
        },
    )


@login_required
@require_GET
def notice_pack_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The notice pack (notice, agenda, motions, proxy form) in English and Welsh."""
    meeting = permissions.meeting_get_for(
        request.user, slug, pk, permissions.can_view_notice_pack, action=False
    )
    response = HttpResponse(render_notice_pack_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{meeting.pk}.pdf"'
    return response


def _earliest_dates(organisation: Organisation) -> dict[str, Any]:
    """The earliest lawful meeting date for notice given today, by email and by post."""
    found: dict[str, Any] = {}
    for channel in ("email", "post"):
        probe = Meeting(organisation=organisation, notice_channel=channel, starts_at=timezone.now())
        try:
            found[channel] = selectors.notice_facts(probe, timezone.localdate())
        except ValidationError:  # no rules recorded yet: the service will say so
            return {}
    return found


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretary plans a meeting. A general meeting dated inside the notice period (as
    if notice were given today) is refused with the rule."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_plan_meeting, action=True
    )
    form = MeetingPlanForm(bound(request), organisation=organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        meeting = services.meeting_plan(
            organisation=organisation,
            kind=data["kind"],
            title=data["title"],
            title_cy=data["title_cy"],
            starts_at=form.starts_at(),
            format=data["format"],
            place=data["place"],
            online_link=data["online_link"],
            notice_channel=data["notice_channel"],
            member_class=data["member_class"],
            advance_voting=data["advance_voting"],
            actor=acting_user(request),
        )
        messages.success(request, _("The meeting is planned. Add to its agenda, then give notice."))
        return HttpResponseRedirect(meeting_url(meeting))

    return form_page(
        request,
        form=form,
        perform=perform,
        template="governance/meeting_plan.html",
        aliases={"starts_at": "starts_on"},
        context=page_context(
            organisation,
            title=_("Plan a meeting"),
            caption=organisation.display_name,
            back_url=reverse("governance:meetings", args=[slug]),
            submit_label=_("Plan the meeting"),
            earliest=_earliest_dates(organisation),
        ),
    )


def _change_form(request: HttpRequest, meeting: Meeting) -> MeetingPlanForm:
    local = timezone.localtime(meeting.starts_at)
    form = MeetingPlanForm(
        bound(request),
        organisation=meeting.organisation,
        initial={
            "title": meeting.title,
            "title_cy": meeting.title_cy,
            "format": meeting.format,
            "starts_on": local.date(),
            "starts_time": local.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "notice_channel": meeting.notice_channel,
            "advance_voting": meeting.advance_voting,
        },
    )
    for fixed in ("kind", "member_class"):  # changing these means planning a new meeting
        del form.fields[fixed]
    if selectors.windows_overridable(meeting):
        form.fields["override_reason"] = override_reason_field()
    return form


@login_required
@require_http_methods(["GET", "POST"])
def meeting_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary changes a planned meeting (title, date, place, link, how notice goes).
    After notice, the service refuses: the meeting must be called again."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    form = _change_form(request, meeting)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_update(
            meeting=meeting,
            title=data["title"],
            title_cy=data["title_cy"],
            starts_at=form.starts_at(),
            format=data["format"],
            place=data["place"],
            online_link=data["online_link"],
            notice_channel=data["notice_channel"],
            advance_voting=data["advance_voting"],
            override_reason=data.get("override_reason", ""),
            actor=actor,
        )
        return _("The meeting is changed.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=meeting_url(meeting),
        template="governance/meeting_plan.html",
        aliases={"starts_at": "starts_on"},
        context=page_context(
            meeting.organisation,
            title=_("Change the meeting"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Save the changes"),
            earliest=_earliest_dates(meeting.organisation),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    form = ReasonForm(bound(request))
    form.fields["reason"].label = _("Why is the meeting cancelled?")

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_cancel(meeting=meeting, reason=data["reason"], actor=actor)
        return _("The meeting is cancelled; its open ballots are cancelled.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=meeting_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Cancel the meeting"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Cancel the meeting"),
            danger=True,
        ),
    )
