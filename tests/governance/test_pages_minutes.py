"""After the votes: adjourning, resuming and closing the meeting, the minutes (edited by the
secretary, approved at a later meeting under way), and confirmation of a special resolution
at a second meeting (CCBS Act 2014 s.111)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import Meeting, Minutes, Motion
from membership.models import Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    called_agm,
    counts,
    member_motion,
    plan_agm,
    start,
    text,
    url,
    vote,
)


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


# --- Adjourning, closing, minutes --------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_adjourns_resumes_and_closes_then_edits_the_minutes(
    secretary_client, organisation
):
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:4])
    assert agm.motion.ballot is not None
    for m in agm.members[:3]:
        vote(agm.motion.ballot, m, "for")
    slug = organisation.slug
    adjourned = secretary_client.post(
        url("meeting_adjourn", slug, meeting.pk), {"reason": "Fire alarm"}
    )
    assert adjourned.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "adjourned"
    assert secretary_client.post(url("meeting_resume", slug, meeting.pk)).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "in_progress"
    assert secretary_client.post(url("motion_vote", slug, agm.motion.pk)).status_code == 302
    closed = secretary_client.post(url("meeting_close", slug, meeting.pk))
    assert closed.status_code == 302
    assert closed["Location"] == url("minutes", slug, meeting.pk)
    minutes = Minutes.objects.get(meeting=meeting)
    page = text(secretary_client.get(closed["Location"]))
    assert "Living wage" in page
    assert "more than half of the votes cast" in page
    assert 'id="minutes-cy"' in page
    assert 'lang="cy"' in page
    edited = secretary_client.post(
        url("minutes_edit", slug, meeting.pk),
        {
            "body": minutes.body + "\nCorrection: the chair thanked the staff.",
            "body_cy": "Cofnodion",
        },
    )
    assert edited.status_code == 302
    minutes.refresh_from_db()
    assert minutes.body.endswith("Correction: the chair thanked the staff.")
    assert minutes.body_cy == "Cofnodion"
    assert AuditEvent.objects.filter(action="minutes.edit").count() == 1


@pytest.mark.django_db
def test_minutes_are_approved_at_a_later_meeting_under_way(secretary_client, organisation):
    agm = called_agm(organisation)
    first = start(agm.meeting, agm.members[:3])
    services.meeting_close(meeting=first, actor=None)
    later = plan_agm(organisation, title="General meeting", days=30)
    services.meeting_give_notice(meeting=later, actor=None)
    Meeting.objects.filter(pk=later.pk).update(starts_at=timezone.now() + dt.timedelta(hours=1))
    slug = organisation.slug
    before = counts()
    not_yet = secretary_client.post(url("minutes_approve", slug, first.pk), {"meeting": later.pk})
    assert not_yet.status_code == 400
    assert "Select a valid choice" in text(not_yet)
    assert counts() == before
    later.refresh_from_db()
    start(later, agm.members[:3])
    Meeting.objects.filter(pk=later.pk).update(starts_at=timezone.now() + dt.timedelta(hours=1))
    response = secretary_client.post(url("minutes_approve", slug, first.pk), {"meeting": later.pk})
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=first)
    assert (minutes.status, minutes.approved_at_id) == ("approved", later.pk)
    assert "Approved as a true record on" in text(
        secretary_client.get(url("minutes", slug, first.pk))
    )


# --- Confirmation at a second meeting (s.111) --------------------------------------------------


def _provisional(organisation: Organisation) -> Motion:
    members = [mf.member(organisation) for _ in range(4)]
    meeting = plan_agm(organisation)
    motion = member_motion(meeting, members[0], members[1], code="s111_special", title="Convert")
    services.meeting_give_notice(meeting=meeting, actor=None)
    start(meeting, members[:3])
    motion.refresh_from_db()
    assert motion.ballot is not None
    for m in members[:3]:
        vote(motion.ballot, m, "for")
    services.vote_take(item=motion, actor=None)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.PROVISIONAL
    return motion


@pytest.mark.django_db
def test_the_secretary_puts_a_special_resolution_for_confirmation(secretary_client, organisation):
    first = _provisional(organisation)
    second = plan_agm(organisation, title="Confirming meeting", days=20)
    page = text(secretary_client.get(url("motion", organisation.slug, first.pk)))
    assert "Put for confirmation at a second meeting" in page
    response = secretary_client.post(
        url("confirmation_propose", organisation.slug, first.pk), {"meeting": second.pk}
    )
    assert response.status_code == 302
    confirming = Motion.objects.get(confirms=first)
    assert (confirming.meeting, confirming.is_board_motion) == (second, True)
    html = text(secretary_client.get(response["Location"]))
    assert "This motion confirms the special resolution" in html
    register = text(secretary_client.get(url("resolutions", organisation.slug)))
    assert "Passed, awaiting confirmation" in register


@pytest.mark.django_db
def test_confirmation_outside_the_window_is_refused(secretary_client, organisation):
    first = _provisional(organisation)
    too_late = plan_agm(organisation, title="Too late", days=40)
    before = counts()
    response = secretary_client.post(
        url("confirmation_propose", organisation.slug, first.pk), {"meeting": too_late.pk}
    )
    assert response.status_code == 400
    html = text(response)
    assert "The confirming meeting must be held between" in html
    assert "(CCBS Act 2014 s.111)." in html
    assert counts() == before
