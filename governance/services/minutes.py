"""Minutes built from the record, edited by the secretary, approved at the next meeting."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_model_lengths
from coop.core.models import User
from coop.core.validation import fail
from governance.models import Meeting, Minutes
from governance.selectors import minutes_context, today


def render_minutes_text(meeting: Meeting, language: str) -> str:
    """The minutes as text, from the record: attendance, quorum, each item, motions as
    amended, results with the rule applied, elections."""
    with translation.override(language):
        return render_to_string("governance/minutes.txt", minutes_context(meeting)).strip()


@transaction.atomic
def minutes_generate(*, meeting: Meeting, actor: User | None) -> Minutes:
    """(Re)build the draft minutes of a held meeting in English and Welsh."""
    if meeting.status != Meeting.Status.CLOSED:
        raise fail("meeting", _("Minutes are written once the meeting has been held."))
    existing = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if existing is not None and existing.status == Minutes.Status.APPROVED:
        raise fail("meeting", _("These minutes have been approved and cannot be rebuilt."))
    minutes = existing or Minutes(meeting=meeting)
    minutes.body = render_minutes_text(meeting, "en-gb")
    minutes.body_cy = render_minutes_text(meeting, "cy")
    minutes.save()
    audit(actor=actor, action="minutes.generate", obj=meeting, after={"minutes": minutes.pk})
    return minutes


@transaction.atomic
def minutes_edit(*, minutes: Minutes, body: str, body_cy: str, actor: User | None) -> Minutes:
    """The secretary corrects the draft minutes, in English and Welsh; approved minutes are
    the record and never change."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status == Minutes.Status.APPROVED:
        raise fail("body", _("Approved minutes cannot be changed."))
    if not body.strip():
        raise fail("body", _("The minutes cannot be empty."))
    before = snapshot(minutes, ["body", "body_cy"])
    minutes.body, minutes.body_cy = body.strip(), body_cy.strip()
    check_model_lengths(minutes, "body", "body_cy")
    minutes.edited_by = actor
    minutes.save()
    audit(
        actor=actor,
        action="minutes.edit",
        obj=minutes.meeting,
        before=before,
        after=snapshot(minutes, ["body", "body_cy"]),
    )
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, actor: User | None) -> Minutes:
    """Approve the minutes at a later meeting of the same organisation, under way."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    )
    if minutes.status == Minutes.Status.APPROVED:
        raise fail("minutes", _("These minutes have already been approved."))
    if (
        at_meeting.organisation_id != minutes.meeting.organisation_id
        or at_meeting.starts_at <= minutes.meeting.starts_at
    ):
        raise fail(
            "at_meeting", _("Minutes are approved at a later meeting of the same organisation.")
        )
    if at_meeting.status != Meeting.Status.IN_PROGRESS:
        raise fail("at_meeting", _("Minutes are approved while that meeting is under way."))
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = at_meeting
    minutes.approved_on = today()
    minutes.save()
    audit(
        actor=actor,
        action="minutes.approve",
        obj=minutes.meeting,
        after={"approved_at": at_meeting.pk},
    )
    return minutes
