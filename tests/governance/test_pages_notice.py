"""The secretary gives notice and follows the mail-out, and cancels a meeting; members read
the list and the meeting's page; the pages' query counts are pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import AgendaItem, Meeting, NoticeDispatch, NoticeRun
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    AMENDED_TEXT,
    amend,
    called_agm,
    counts,
    member_motion,
    plan_agm,
    text,
    url,
)

#: Queries of the pages for a signed-in member, whatever the number of meetings or motions.
MEETING_LIST_QUERIES = 6
MEETING_PAGE_QUERIES = 13


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


# --- Notice ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_gives_notice_and_follows_the_mail_out(
    secretary_client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    members = [mf.member(organisation) for _ in range(3)]
    meeting = plan_agm(organisation)
    member_motion(meeting, members[0], members[1])
    slug = organisation.slug
    page = secretary_client.get(url("notice_give", slug, meeting.pk))
    html = text(page)
    given = timezone.localdate()
    assert f"Today, {given:%A} {given.day} {given:%B %Y}, by email" in html
    assert 'id="lawful"' in html
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = secretary_client.post(url("notice_give", slug, meeting.pk))
    assert response.status_code == 302
    assert response["Location"] == url("notice_progress", slug, meeting.pk)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.notice_given_on) == ("called", given)
    # Queued: the page reloads itself until the notices are out.
    queued = secretary_client.get(response["Location"])
    assert '<meta http-equiv="refresh" content="3">' in text(queued)
    assert "Waiting to start" in text(queued)
    for callback in callbacks:
        callback()
    run = NoticeRun.objects.get(meeting=meeting)
    assert (run.status, run.sent, run.total) == ("done", 3, 3)
    assert NoticeDispatch.objects.filter(meeting=meeting, channel="email").count() == 3
    assert len([m for m in mailoutbox if m.subject.startswith("Notice:")]) == 3
    done = text(secretary_client.get(response["Location"]))
    assert "http-equiv" not in done
    assert "3 of 3" in done
    for member in members:
        assert f"{member.number} {member.name}" in done


@pytest.mark.django_db
def test_the_notice_is_sent_again_to_members_it_has_not_reached(
    secretary_client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    members = [mf.member(organisation) for _ in range(2)]
    meeting = plan_agm(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_give_notice(meeting=meeting, actor=None)
    assert NoticeRun.objects.get(meeting=meeting).status == "done"
    late = mf.member(organisation, name="Lowri Late")
    progress = text(secretary_client.get(url("notice_progress", organisation.slug, meeting.pk)))
    assert 'id="resend-notice"' in progress
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(url("notice_resend", organisation.slug, meeting.pk))
    assert response.status_code == 302
    assert NoticeDispatch.objects.filter(meeting=meeting).count() == 3
    notices = [m.to for m in mailoutbox if m.subject.startswith("Notice:")]
    assert notices == [[members[0].email], [members[1].email], [late.email]]
    assert AuditEvent.objects.filter(action="meeting.notice_resend").count() == 1


@pytest.mark.django_db
def test_notice_waits_for_the_boards_decisions(secretary_client, organisation):
    meeting = plan_agm(organisation)
    member_motion(meeting, mf.member(organisation), mf.member(organisation), admit=False)
    before = counts()
    response = secretary_client.post(url("notice_give", organisation.slug, meeting.pk))
    assert response.status_code == 400
    assert "The board has still to decide whether 1 motion is admissible." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_notice_for_a_meeting_too_soon_is_refused(secretary_client, organisation):
    meeting = plan_agm(organisation)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + dt.timedelta(days=10))
    page = secretary_client.get(url("notice_give", organisation.slug, meeting.pk))
    assert 'id="too-early"' in text(page)
    before = counts()
    response = secretary_client.post(url("notice_give", organisation.slug, meeting.pk))
    assert response.status_code == 400
    assert "clear days" in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_the_secretary_cancels_a_meeting(secretary_client, organisation):
    agm = called_agm(organisation)
    response = secretary_client.post(
        url("meeting_cancel", organisation.slug, agm.meeting.pk), {"reason": "Venue flooded"}
    )
    assert response.status_code == 302
    agm.meeting.refresh_from_db()
    assert agm.meeting.status == "cancelled"
    assert agm.motion.ballot is not None
    agm.motion.ballot.refresh_from_db()
    assert agm.motion.ballot.status == "cancelled"


# --- The list and the meeting's page -----------------------------------------------------------


@pytest.mark.django_db
def test_a_member_reads_the_meeting_page(client, member, member_record, organisation):
    agm = called_agm(organisation)
    amendment = amend(agm.motion, agm.members[2], agm.members[3])
    client.force_login(member)
    html = text(client.get(url("meeting", organisation.slug, agm.meeting.pk)))
    assert "Y Plas, Machynlleth" in html
    assert agm.motion.text in html
    assert "Fair pay keeps good carers." in html
    assert agm.members[0].name in html
    assert agm.members[1].name in html
    assert "On the agenda" in html
    # The amendment's changes are marked, with words for screen readers.
    assert amendment.summary in html
    assert (
        'real living <del class="cyd-deleted"><span class="govuk-visually-hidden">deleted: '
        '</span>wage.</del><ins class="cyd-inserted"><span class="govuk-visually-hidden">'
        "added: </span>wage from April.</ins>"
    ) in html
    # Voting is open online: the way in is the motion's ballot page.
    ballot_url = f"/o/{organisation.slug}/ballots/{agm.motion.ballot_id}/"
    assert f'href="{ballot_url}" role="button"' in html
    assert "Vote on this motion" in html
    # No secretary's tools for a member.
    assert 'id="notice-facts"' not in html
    assert 'id="run-meeting"' not in html
    assert url("notice_pack_pdf", organisation.slug, agm.meeting.pk) in html


@pytest.mark.django_db
def test_the_secretary_sees_the_notice_arithmetic(secretary_client, organisation):
    meeting = plan_agm(organisation)
    html = text(secretary_client.get(url("meeting", organisation.slug, meeting.pk)))
    assert 'id="notice-facts"' in html
    assert "With 14 clear days (rule 30)" in html
    assert "The meeting's date leaves enough notice." in html
    deadline = timezone.localtime(meeting.starts_at).date() - dt.timedelta(days=21)
    assert f"must be received by {deadline.day} {deadline:%B %Y}" in html
    assert 'id="give-notice"' in html
    assert 'id="submit-motion"' not in html  # the secretary is not a member


@pytest.mark.django_db
def test_a_meeting_in_welsh_shows_the_welsh_content(client, member, member_record, organisation):
    agm = called_agm(organisation)
    User.objects.filter(pk=member.pk).update(preferred_language="cy")
    client.force_login(member)
    client.cookies["cyd_language"] = "cy"
    html = text(client.get(url("meeting", organisation.slug, agm.meeting.pk)))
    assert '<html lang="cy"' in html
    assert "Cyfarfod Cyffredinol Blynyddol 2026" in html
    assert "Cyflog byw" in html


def _meetings(organisation: Organisation, n: int, members: list[Member]) -> None:
    for i in range(n):
        meeting = plan_agm(organisation, title=f"Meeting {i}", days=40 + i)
        member_motion(meeting, members[0], members[1], title=f"Motion {i}")
        services.meeting_give_notice(meeting=meeting, actor=None)


@pytest.mark.django_db
def test_the_meetings_list_makes_a_fixed_number_of_queries(
    client, member, member_record, organisation, django_assert_max_num_queries
):
    members = [mf.member(organisation) for _ in range(2)]
    client.force_login(member)
    _meetings(organisation, 2, members)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("meetings", organisation.slug)).status_code == 200
    _meetings(organisation, 4, members)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("meetings", organisation.slug))
    assert text(page).count('id="meeting-') == 6
    assert len(few.captured_queries) <= MEETING_LIST_QUERIES


@pytest.mark.django_db
def test_the_meeting_page_makes_a_fixed_number_of_queries(
    client, member, member_record, organisation, django_assert_max_num_queries
):
    members = [mf.member(organisation) for _ in range(4)]
    meeting = plan_agm(organisation)

    def add_motions(n: int) -> None:
        for i in range(n):
            motion = member_motion(meeting, members[0], members[1], title=f"M{i}", admit=False)
            amend(motion, members[2], members[3])
            services.motion_decide_admissibility(
                motion=motion, admissible=True, reason="In order", actor=None
            )

    add_motions(1)
    services.meeting_give_notice(meeting=meeting, actor=None)
    client.force_login(member)
    target = url("meeting", organisation.slug, meeting.pk)
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    add_motions(3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = text(client.get(target))
    assert html.count("Vote on this motion") == 4
    assert html.count(AMENDED_TEXT.split()[-2]) >= 4
    assert len(few.captured_queries) <= MEETING_PAGE_QUERIES
    assert AgendaItem.objects.filter(meeting=meeting, kind="motion").count() == 4
