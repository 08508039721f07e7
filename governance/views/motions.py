"""Motions: a motion's page; a member submits, seconds or withdraws one; the board decides
admissibility; the secretary adds a board motion or puts a provisional special resolution
to a second meeting for confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, form_page
from governance import permissions, selectors, services
from governance.forms.meetings import ConfirmForm
from governance.forms.motions import AdmissibilityForm, MeetingChoiceForm, MotionForm
from governance.models import Motion
from governance.views._common import as_member, meeting_url, member_of, motion_url, page_context
from governance.views._display import motion_view, statement


def _motion_summary(motion: Motion) -> list[tuple[str, str]]:
    rows = [(_("Meeting"), motion.meeting.display_title), (_("The motion"), motion.display_text)]
    text = statement(motion)
    if text:
        rows.append((_("Supporting statement"), text))
    if motion.proposer_id and motion.proposer:
        rows.append((_("Proposed by"), motion.proposer.name))
    return rows


@login_required
@require_GET
def motion_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One motion: the text (as amended, changes marked), supporting statement, proposer and
    seconder, the board's decision, amendments, the way in to vote, and the result."""
    motion = permissions.motion_get_for_view(request.user, slug, pk)
    meeting = motion.meeting
    member = member_of(request, meeting.organisation)
    shown = selectors.motion_detail(meeting, motion.pk)
    view = motion_view(shown, user=request.user, member=member, meeting=meeting)
    return render(
        request,
        "governance/motion_detail.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "view": view,
            "motion": shown,
            "member": member,
            "may_run": permissions.can_run_meeting(request.user, meeting),
            "confirms": motion.confirms,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def motion_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member submits a motion, with a supporting statement, by the rules' deadline."""
    meeting = permissions.meeting_get_for(
        request.user, slug, pk, permissions.can_submit_motion, action=True
    )
    member = member_of(request, meeting.organisation)
    form = MotionForm(bound(request), resolution_types=selectors.resolution_types(meeting))
    facts = selectors.notice_facts_or_none(meeting)

    def perform(data: dict[str, Any]) -> HttpResponse:
        motion = services.motion_submit(
            meeting=meeting,
            proposer=as_member(member),
            title=data["title"],
            text=data["text"],
            supporting_statement=data["supporting_statement"],
            title_cy=data["title_cy"],
            text_cy=data["text_cy"],
            supporting_statement_cy=data["supporting_statement_cy"],
            resolution_type=data["resolution_type"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _(
                "Your motion is submitted. It needs a seconder: another member can second "
                "it from the list of motions waiting for a seconder."
            ),
        )
        return HttpResponseRedirect(motion_url(motion))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=page_context(
            meeting.organisation,
            title=_("Submit a motion"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Submit the motion"),
            intro=_(
                "Motions must be received by %(day)s. Another member must then second it, "
                "and the board decides whether it is admissible."
            )
            % {"day": date_format(facts.motion_deadline_on, "j F Y")}
            if facts
            else "",
            warning=""
            if member
            else _("Only members can submit motions: you are not a member of %(org)s.")
            % {"org": meeting.organisation.display_name},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_motion_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary puts the board's motion to the meeting (no seconder needed)."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    form = MotionForm(bound(request), resolution_types=selectors.resolution_types(meeting))

    def perform(data: dict[str, Any]) -> HttpResponse:
        motion = services.board_motion_add(
            meeting=meeting,
            title=data["title"],
            text=data["text"],
            supporting_statement=data["supporting_statement"],
            title_cy=data["title_cy"],
            text_cy=data["text_cy"],
            supporting_statement_cy=data["supporting_statement_cy"],
            resolution_type=data["resolution_type"],
            actor=acting_user(request),
        )
        messages.success(request, _("The board's motion is on the agenda."))
        return HttpResponseRedirect(motion_url(motion))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=page_context(
            meeting.organisation,
            title=_("Add a motion of the board"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Add the motion"),
        ),
    )


@login_required
@require_GET
def motions_to_second(request: HttpRequest, slug: str) -> HttpResponse:
    """Motions waiting for a seconder, each with a button to second it: at every meeting
    the person may see that still takes motions (planned ones too: members may second
    before notice is given)."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    waiting = selectors.motions_waiting_for_seconder(
        organisation,
        include_board=permissions.can_view_board_meetings(request.user, organisation),
    )
    return render(
        request,
        "governance/motions_to_second.html",
        {
            "organisation": organisation,
            "motions": list(waiting),
            "member": member_of(request, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def motion_second(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Second a motion: check it, then confirm. The seconder is the signed-in member."""
    motion = permissions.motion_get_for(
        request.user, slug, pk, permissions.can_second_motion, action=True
    )
    member = member_of(request, motion.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.motion_second(motion=motion, seconder=as_member(member), actor=actor)
        return _(
            "You have seconded the motion. The board will now decide whether it is admissible."
        )

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=motion_url(motion),
        context=page_context(
            motion.organisation,
            title=_("Second this motion"),
            caption=motion.display_title,
            back_url=motion_url(motion),
            submit_label=_("Yes, second this motion"),
            summary=_motion_summary(motion),
            intro=_(
                "By seconding you support the motion being put to the meeting. You can "
                "still vote as you wish."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def motion_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The proposer withdraws their motion (its ballot, if open, is cancelled); the
    secretary withdraws the board's."""
    motion = permissions.motion_get_for(
        request.user, slug, pk, permissions.can_withdraw_motion, action=True
    )
    member = member_of(request, motion.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.motion_withdraw(motion=motion, by=member, actor=actor)
        return (
            _("The motion is withdrawn.")
            if motion.is_board_motion
            else _("Your motion is withdrawn.")
        )

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=motion_url(motion),
        context=page_context(
            motion.organisation,
            title=_("Withdraw the motion") if motion.is_board_motion else _("Withdraw your motion"),
            caption=motion.display_title,
            back_url=motion_url(motion),
            submit_label=_("Withdraw the motion"),
            summary=_motion_summary(motion),
            danger=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def motion_admissibility(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The board records whether a seconded motion is admissible, and why."""
    motion = permissions.motion_get_for(
        request.user, slug, pk, permissions.can_decide_admissibility, action=True
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        decided = services.motion_decide_admissibility(
            motion=motion, admissible=data["admissible"], reason=data["reason"], actor=actor
        )
        return _("The board's decision is recorded: %(status)s.") % {
            "status": decided.get_status_display()
        }

    return action_page(
        request,
        form=AdmissibilityForm(bound(request)),
        perform=perform,
        done_url=motion_url(motion),
        context=page_context(
            motion.organisation,
            title=_("Decide whether the motion is admissible"),
            caption=motion.display_title,
            back_url=motion_url(motion),
            submit_label=_("Record the decision"),
            summary=_motion_summary(motion),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirmation_propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Put a provisional special resolution to a later meeting for confirmation (CCBS Act
    2014 s.111: 14 days to one month after the first)."""
    motion = permissions.motion_get_for(
        request.user, slug, pk, permissions.can_propose_confirmation, action=True
    )
    form = MeetingChoiceForm(
        bound(request),
        meetings=selectors.confirmation_meetings(motion),
        label=_("The meeting that confirms it"),
        help_text=_(
            "It must be held not less than 14 days nor more than one month after the "
            "meeting that passed it (CCBS Act 2014 s.111)."
        ),
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        second = services.confirmation_propose(
            first=motion, meeting=data["meeting"], actor=acting_user(request)
        )
        messages.success(
            request,
            _("The resolution is on the agenda of %(meeting)s for confirmation.")
            % {"meeting": data["meeting"].display_title},
        )
        return HttpResponseRedirect(motion_url(second))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"first": "meeting"},
        context=page_context(
            motion.organisation,
            title=_("Put the resolution for confirmation"),
            caption=motion.display_title,
            back_url=motion_url(motion),
            submit_label=_("Put it for confirmation"),
            summary=_motion_summary(motion),
        ),
    )
