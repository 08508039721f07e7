"""The meeting on the day: the secretary's running page, check-in at the door or online,
the quorum (live), starting, adjourning, resuming and closing the meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.forms import add_service_errors
from coop.core.models import User
from coop.core.web import acting_user, action_page, bound
from governance import permissions, selectors, services
from governance.forms.meetings import ConfirmForm
from governance.forms.running import CHECK_IN_ACTIONS, AdjournForm, CheckInForm, StartForm
from governance.models import Attendance, Meeting
from governance.views._common import page_context, run_url
from governance.views._display import motion_views
from membership.models import Member
from membership.selectors import member_list

CHECK_IN_LIST_SIZE = 50


@login_required
@require_GET
def run(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary's page for the day: quorum, start, each agenda item, each motion and
    amendment with the ways to take its vote, adjourn, resume, close."""
    meeting = permissions.meeting_get_for_oversight(request.user, slug, pk)
    organisation = meeting.organisation
    motions = motion_views(
        selectors.meeting_motions(meeting),
        user=request.user,
        member=None,
        meeting=meeting,
        voting_links=False,
    )
    return render(
        request,
        "governance/run.html",
        {
            "organisation": organisation,
            "meeting": meeting,
            "quorum": selectors.quorum(meeting),
            "agenda": selectors.meeting_agenda(meeting),
            "motions": motions,
            "waiting_minutes": selectors.minutes_waiting(meeting),
            "start_form": StartForm() if meeting.status == Meeting.Status.CALLED else None,
        },
    )


def _check_in_page(
    request: HttpRequest, meeting: Meeting, form: CheckInForm, *, status: int = 200
) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    attendance = list(selectors.attendance(meeting))
    by_member = {a.member_id: a for a in attendance}
    found: list[Member] = []
    if query:
        found = list(
            member_list(meeting.organisation, search=query, status=Member.Status.ACTIVE)[
                :CHECK_IN_LIST_SIZE
            ]
        )
    return render(
        request,
        "governance/check_in.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "form": form,
            "query": query,
            "found": [(m, by_member.get(m.pk)) for m in found],
            "attendance": attendance,
            "present_count": sum(1 for a in attendance if a.status == Attendance.Status.PRESENT),
            "quorum": selectors.quorum(meeting),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check members in at the door or online, or record apologies: by member number, or
    from a search by name or number. A number that is not a member's is refused."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    form = CheckInForm(bound(request))
    if request.method != "POST":
        return _check_in_page(request, meeting, form)
    action = request.POST.get("action", "door")
    if form.is_valid():
        number = form.cleaned_data["member_number"]
        member = selectors.member_numbered(meeting.organisation, number)
        if action not in CHECK_IN_ACTIONS:
            form.add_error(None, _("Choose present at the door, online or apologies."))
        elif member is None:
            form.add_error(
                "member_number",
                _("%(number)s is not a member of %(org)s: check the number.")
                % {"number": number, "org": meeting.organisation.display_name},
            )
        else:
            status, channel = CHECK_IN_ACTIONS[action]
            try:
                services.attendance_record(
                    meeting=meeting,
                    member=member,
                    status=status,
                    channel=channel or Attendance.Channel.DOOR,
                    actor=acting_user(request),
                )
            except ValidationError as error:
                add_service_errors(form, error, {"member": "member_number"})
            else:
                messages.success(
                    request,
                    _("Member %(number)s, %(name)s: %(status)s.")
                    % {
                        "number": member.number,
                        "name": member.name,
                        "status": _label(status, channel),
                    },
                )
                target = reverse("governance:check_in", args=[slug, meeting.pk])
                query = request.GET.get("q", "")
                return HttpResponseRedirect(
                    f"{target}?{urlencode({'q': query})}" if query else target
                )
    return _check_in_page(request, meeting, form, status=400)


def _label(status: str, channel: str) -> str:
    if status == Attendance.Status.PRESENT:
        return str(
            Attendance.Channel(channel).label if channel else Attendance.Status.PRESENT.label
        )
    return str(Attendance.Status(status).label)


@login_required
@require_GET
def quorum_display(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The quorum in large type for a screen in the room; it reloads itself every 10 seconds
    once someone asks it to (`?updates=on`), never unasked."""
    meeting = permissions.meeting_get_for_oversight(request.user, slug, pk)
    return render(
        request,
        "governance/quorum.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "quorum": selectors.quorum(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Open the meeting: the quorum is fixed and checked, online voting on the motions of a
    meeting held only in person stops."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_start(meeting=meeting, chair_name=data["chair_name"], actor=actor)
        return _("The meeting has started.")

    quorum = selectors.quorum(meeting)
    return action_page(
        request,
        form=StartForm(bound(request)),
        perform=perform,
        done_url=run_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Start the meeting"),
            caption=meeting.display_title,
            back_url=run_url(meeting),
            submit_label=_("Start the meeting"),
            summary=[
                (_("Members present"), str(quorum.present)),
                (_("Quorum"), str(quorum.required)),
            ],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_adjourn(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    form = AdjournForm(bound(request))

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_adjourn(
            meeting=meeting, reason=data["reason"], to=form.adjourned_to(), actor=actor
        )
        return _("The meeting is adjourned.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=run_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Adjourn the meeting"),
            caption=meeting.display_title,
            back_url=run_url(meeting),
            submit_label=_("Adjourn the meeting"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_resume(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_resume(meeting=meeting, actor=actor)
        return _("The meeting has resumed.")

    quorum = selectors.quorum(meeting)
    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=run_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Resume the meeting"),
            caption=meeting.display_title,
            back_url=run_url(meeting),
            submit_label=_("Resume the meeting"),
            summary=[
                (_("Members present"), str(quorum.present)),
                (_("Quorum"), str(quorum.required)),
            ],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Close the meeting; the draft minutes are written from the record."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_close(meeting=meeting, actor=actor)
        return _("The meeting is closed. Check the draft minutes.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=reverse("governance:minutes", args=[slug, meeting.pk]),
        context=page_context(
            meeting.organisation,
            title=_("Close the meeting"),
            caption=meeting.display_title,
            back_url=run_url(meeting),
            submit_label=_("Close the meeting"),
            intro=_(
                "Motions not yet voted on stay undecided. The draft minutes are written "
                "from the record, in English and Welsh, for you to check."
            ),
            warning=_("A closed meeting cannot be reopened."),
        ),
    )
