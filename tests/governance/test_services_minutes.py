"""Minutes built from the record, edited by the secretary, approved at a later meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import AuditEvent
from governance import services
from governance.models import Meeting, Minutes
from tests.factories import governance as gf
from tests.factories import membership as mf

pytestmark = pytest.mark.django_db

D = dt.date
NEXT_MEETING_AT = dt.datetime(2026, 4, 23, 18, 30, tzinfo=gf.LONDON)


def _held(organisation) -> tuple[Meeting, list]:
    people = [mf.member(organisation, name=name) for name in ("Alaw", "Bryn", "Cai", "Dewi")]
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    rejected = gf.motion(meeting, people[2], people[3], title="Buy a boat")
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        gf.check_in(meeting, people[3:], status="apologies")
        gf.start(meeting, people[:3])
        gf.poll(amendment, [(people[0], "for"), (people[1], "for"), (people[2], "against")])
        services.vote_take(item=amendment, actor=None)
        gf.poll(motion, [(p, "for") for p in people[:3]])
        services.vote_take(item=motion, actor=None)
        gf.poll(rejected, [(p, "against") for p in people[:3]])
        services.vote_take(item=rejected, actor=None)
        services.meeting_close(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    return meeting, people


@gf.at(gf.NOTICE_AT)
def test_the_minutes_are_built_from_the_record(organisation):
    meeting, _people = _held(organisation)
    body = Minutes.objects.get(meeting=meeting).body
    assert body.startswith("Minutes of the AGM 2026 of Dyfi Care Co-operative")
    assert "Held: Thursday 2 April 2026, 18:35, Y Plas, Machynlleth" in body
    assert "Chair: Ceri Chair" in body
    assert "3 members present: Alaw, Bryn, Cai." in body
    assert "Apologies: Dewi." in body
    assert "The quorum under the rules was 3." in body
    assert "Proposed by Alaw, seconded by Bryn." in body
    assert (
        "Amendment 1 (from April): Carried: 66.67% of the votes cast were for. It needed more "
        "than half of the votes cast (Ordinary resolution, Rules as registered)."
    ) in body
    assert f"The motion as put: “{gf.AMENDED_TEXT}”" in body
    assert (
        "Result: Carried: 100.00% of the votes cast were for. It needed more than half of the "
        "votes cast (Ordinary resolution, Rules as registered)."
    ) in body
    assert "Recorded as resolution 1." in body
    assert "Result: Not carried: 0.00% of the votes cast were for." in body
    welsh = Minutes.objects.get(meeting=meeting).body_cy
    assert "Cyfarfod Cyffredinol Blynyddol 2026" in welsh


@gf.at(gf.NOTICE_AT)
def test_minutes_are_written_only_once_the_meeting_is_held(organisation):
    meeting = gf.give_notice(gf.plan(organisation))
    with gf.refused("meeting", "Minutes are written once the meeting has been held."):
        services.minutes_generate(meeting=meeting, actor=None)


@gf.at(gf.NOTICE_AT)
def test_the_secretary_edits_the_draft(organisation, secretary):
    meeting, _people = _held(organisation)
    minutes = Minutes.objects.get(meeting=meeting)
    with gf.refused("body", "The minutes cannot be empty."):
        services.minutes_edit(minutes=minutes, body=" ", body_cy="", actor=secretary)
    edited = services.minutes_edit(
        minutes=minutes, body=minutes.body + "\nCorrected.", body_cy="Cywirwyd.", actor=secretary
    )
    assert (edited.body.endswith("Corrected."), edited.body_cy, edited.edited_by) == (
        True,
        "Cywirwyd.",
        secretary,
    )
    event = AuditEvent.objects.filter(action="minutes.edit").get()
    assert event.before["body_cy"] == minutes.body_cy
    assert event.after["body_cy"] == "Cywirwyd."


@gf.at(gf.NOTICE_AT)
def test_minutes_are_approved_at_a_later_meeting_under_way(organisation, secretary):
    later = gf.give_notice(gf.plan(organisation, kind="general", starts_at=NEXT_MEETING_AT))
    meeting, people = _held(organisation)
    minutes = Minutes.objects.get(meeting=meeting)
    with gf.refused("at_meeting", "Minutes are approved at a later meeting"):
        services.minutes_approve(minutes=minutes, at_meeting=meeting, actor=secretary)
    with gf.refused("at_meeting", "Minutes are approved while that meeting is under way."):
        services.minutes_approve(minutes=minutes, at_meeting=later, actor=secretary)
    with gf.at(NEXT_MEETING_AT):
        later = gf.start(later, people[:3])
        approved = services.minutes_approve(minutes=minutes, at_meeting=later, actor=secretary)
    assert (approved.status, approved.approved_at, approved.approved_on) == (
        "approved",
        later,
        D(2026, 4, 23),
    )
    with gf.refused("minutes", "These minutes have already been approved."):
        services.minutes_approve(minutes=minutes, at_meeting=later, actor=secretary)
    with gf.refused("body", "Approved minutes cannot be changed."):
        services.minutes_edit(minutes=minutes, body="Rewritten", body_cy="", actor=secretary)
    with gf.refused("meeting", "These minutes have been approved and cannot be rebuilt."):
        services.minutes_generate(meeting=meeting, actor=None)


@gf.at(gf.NOTICE_AT)
def test_minutes_of_another_organisation_are_not_approved_here(
    organisation, other_organisation, secretary
):
    elsewhere = gf.give_notice(gf.plan(other_organisation, starts_at=NEXT_MEETING_AT))
    meeting, _people = _held(organisation)
    minutes = Minutes.objects.get(meeting=meeting)
    with gf.refused("at_meeting", "of the same organisation"):
        services.minutes_approve(minutes=minutes, at_meeting=elsewhere, actor=secretary)
