"""Planning a meeting and giving notice (and the notices going out): the services, with every
refusal citing its rule and writing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from coop.core.models import AuditEvent
from governance import services
from governance.models import Meeting, NoticeDispatch, NoticeRun
from governance.selectors import notice_facts
from tests.factories import governance as gf
from tests.factories import membership as mf

pytestmark = pytest.mark.django_db

D = dt.date


# --- Planning: the notice period --------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_a_meeting_inside_the_notice_period_is_refused_at_planning(organisation):
    gf.members(organisation, 3)
    # Notice today (2 March) by email: delivered 3 March; 14 clear days; 18 March earliest.
    too_soon = dt.datetime(2026, 3, 17, 18, 30, tzinfo=gf.LONDON)
    with gf.refused(
        "starts_at",
        "Notice given on 2 Mar 2026 by email is deemed delivered on 3 Mar 2026",
        "14 clear days' notice (rule 30)",
        "held on 18 Mar 2026 at the earliest",
    ):
        gf.plan(organisation, starts_at=too_soon)
    meeting = gf.plan(organisation, starts_at=too_soon + dt.timedelta(days=1))
    assert meeting.status == Meeting.Status.PLANNED
    assert list(meeting.agenda.values_list("position", "kind")) == [(1, "minutes")]


@gf.at(gf.NOTICE_AT)
def test_a_planned_meeting_can_be_changed_within_the_rules_until_notice_is_given(organisation):
    gf.members(organisation, 3)
    meeting = gf.plan(organisation)
    later = gf.MEETING_AT + dt.timedelta(days=7)
    changed = services.meeting_update(
        meeting=meeting, starts_at=later, place="Neuadd y Dref, Machynlleth", actor=None
    )
    assert (changed.starts_at, changed.place) == (later, "Neuadd y Dref, Machynlleth")
    event = AuditEvent.objects.filter(action="meeting.update").get()
    assert event.after["place"] == "Neuadd y Dref, Machynlleth"
    assert event.before["place"] != event.after["place"]

    with gf.refused("starts_at", "14 clear days' notice (rule 30)", "18 Mar 2026 at the earliest"):
        services.meeting_update(
            meeting=meeting,
            starts_at=dt.datetime(2026, 3, 10, 18, 30, tzinfo=gf.LONDON),
            actor=None,
        )
    with gf.refused("place", "Say where the meeting is held."):
        services.meeting_update(meeting=meeting, place="  ", actor=None)
    meeting.refresh_from_db()
    assert meeting.place == "Neuadd y Dref, Machynlleth"

    gf.give_notice(meeting)
    with gf.refused("meeting", "Notice of this meeting has been given"):
        services.meeting_update(meeting=meeting, title="AGM (moved)", actor=None)
    meeting.refresh_from_db()
    assert meeting.title != "AGM (moved)"


@gf.at(gf.NOTICE_AT)
def test_members_who_get_notice_by_post_are_given_the_post_days(organisation):
    gf.members(organisation, 2)
    gf.member_by_post(organisation)
    # By post: delivered 4 March; 14 clear days; 19 March earliest.
    with gf.refused(
        "starts_at",
        "Some members gave no email address for notices, so their notice is posted.",
        "by post is deemed delivered on 4 Mar 2026",
        "held on 19 Mar 2026 at the earliest",
    ):
        gf.plan(organisation, starts_at=dt.datetime(2026, 3, 18, 18, 30, tzinfo=gf.LONDON))
    meeting = gf.plan(organisation, starts_at=dt.datetime(2026, 3, 19, 9, 0, tzinfo=gf.LONDON))
    facts = notice_facts(meeting)
    assert (facts.channel, facts.deemed_delivered_on, facts.earliest_meeting_on) == (
        "post",
        D(2026, 3, 4),
        D(2026, 3, 19),
    )


@gf.at(gf.NOTICE_AT)
def test_notice_by_post_for_everyone_counts_the_post_days(organisation):
    gf.members(organisation, 2)
    with gf.refused("starts_at", "by post is deemed delivered on 4 Mar 2026"):
        gf.plan(
            organisation,
            starts_at=dt.datetime(2026, 3, 18, 18, 30, tzinfo=gf.LONDON),
            notice_channel="post",
        )


@gf.at(dt.datetime(2026, 3, 14, 9, 0, tzinfo=gf.LONDON))
def test_a_meeting_just_after_midnight_after_the_clock_change_is_on_its_local_day(organisation):
    """Notice on 14 March by email: delivered the 15th; 14 clear days (16-29 March); the
    meeting may be held on Monday 30 March, the day after the clocks go forward. 00:30 BST
    on the 30th is 23:30 UTC on the 29th: the local date decides."""
    mf.member(organisation)
    late_sunday = dt.datetime(2026, 3, 29, 23, 30, tzinfo=gf.LONDON)
    with gf.refused("starts_at", "held on 30 Mar 2026 at the earliest"):
        gf.plan(organisation, starts_at=late_sunday)
    meeting = gf.plan(organisation, starts_at=dt.datetime(2026, 3, 30, 0, 30, tzinfo=gf.LONDON))
    assert meeting.starts_at == dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC)
    meeting = gf.give_notice(meeting)
    assert meeting.notice_given_on == D(2026, 3, 14)


@gf.at(dt.datetime(2026, 10, 9, 9, 0, tzinfo=gf.LONDON))
def test_the_autumn_clock_change(organisation):
    """Notice on 9 October: delivered the 10th; clear days 11-24 October; the meeting may be
    held on Sunday 25 October (the clocks go back at 02:00) from 00:00 local time."""
    mf.member(organisation)
    with gf.refused("starts_at", "held on 25 Oct 2026 at the earliest"):
        gf.plan(organisation, starts_at=dt.datetime(2026, 10, 24, 23, 59, tzinfo=gf.LONDON))
    meeting = gf.plan(organisation, starts_at=dt.datetime(2026, 10, 25, 0, 30, tzinfo=gf.LONDON))
    assert meeting.starts_at == dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)
    later = gf.plan(organisation, starts_at=dt.datetime(2026, 10, 26, 0, 30, tzinfo=gf.LONDON))
    assert later.starts_at == dt.datetime(2026, 10, 26, 0, 30, tzinfo=dt.UTC)


@gf.at(gf.NOTICE_AT)
def test_bad_plans_are_refused(organisation, other_organisation):
    with gf.refused("title", "Give the meeting a title."):
        gf.plan(organisation, title=" ")
    with gf.refused("starts_at", "The meeting must be in the future."):
        gf.plan(organisation, starts_at=gf.NOTICE_AT - dt.timedelta(hours=1))
    with gf.refused("place", "Say where the meeting is held."):
        gf.plan(organisation, place="")
    with gf.refused("online_link", "Give the link to join the meeting online."):
        gf.plan(organisation, format="hybrid", online_link="")
    with gf.refused("member_class", "Choose the member class whose meeting this is."):
        gf.plan(organisation, kind="class")
    with gf.refused("member_class", "Choose a member class of this organisation."):
        gf.plan(organisation, kind="class", member_class=mf.member_class(other_organisation))


@gf.at(gf.NOTICE_AT)
def test_a_board_meeting_needs_no_clear_days(organisation):
    meeting = gf.plan(organisation, kind="board", starts_at=gf.NOTICE_AT + dt.timedelta(days=2))
    assert meeting.advance_voting is False


# --- Giving notice ---------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_notice_given_too_late_for_the_date_is_refused(organisation):
    gf.members(organisation, 3)
    meeting = gf.plan(organisation, starts_at=dt.datetime(2026, 3, 20, 18, 30, tzinfo=gf.LONDON))
    # Given on 2 March the 20th would do; but notice only goes on the 6th.
    with (
        gf.at(dt.datetime(2026, 3, 6, 9, 0, tzinfo=gf.LONDON)),
        gf.refused(
            "starts_at",
            "Notice given on 6 Mar 2026 by email is deemed delivered on 7 Mar 2026",
            "(rule 30)",
            "held on 22 Mar 2026 at the earliest",
        ),
    ):
        services.meeting_give_notice(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.notice_given_on) == ("planned", None)


@gf.at(gf.NOTICE_AT)
def test_notice_cannot_be_dated_in_the_future(organisation):
    meeting = gf.plan(organisation)
    with gf.refused("given_on", "Notice cannot be dated in the future."):
        services.meeting_give_notice(meeting=meeting, given_on=D(2026, 3, 3), actor=None)


@gf.at(gf.NOTICE_AT)
def test_notice_waits_for_the_board_but_not_for_seconders(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    gf.motion(meeting, people[0])  # waiting for a seconder: does not hold notice up
    waiting = gf.motion(meeting, people[1], people[2], admit=False)
    with gf.refused("motions", "The board has still to decide whether 1 motion is admissible."):
        services.meeting_give_notice(meeting=meeting, actor=None)
    services.motion_decide_admissibility(
        motion=waiting, admissible=False, reason="Not the business of a general meeting", actor=None
    )
    assert gf.give_notice(meeting).status == Meeting.Status.CALLED


@gf.at(gf.NOTICE_AT)
def test_notice_opens_online_voting_on_each_item_from_the_register_at_notice(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    meeting = gf.give_notice(meeting)
    assert meeting.rules_version is not None
    for item in (motion, amendment):
        ballot = gf.ballot_of(item)
        assert (ballot.status, ballot.allow_online, ballot.allow_in_room) == ("open", True, False)
        assert ballot.record_date == D(2026, 3, 2)
        assert ballot.electorate_count == 4
    rtype = gf.ballot_of(motion).questions.get().resolution_type
    assert rtype is not None
    assert rtype.code == "ordinary"
    assert NoticeRun.objects.get(meeting=meeting).status == NoticeRun.Status.QUEUED


@gf.at(gf.NOTICE_AT)
def test_without_advance_voting_no_ballot_opens_with_the_notice(organisation):
    people = gf.members(organisation, 2)
    meeting = gf.plan(organisation, advance_voting=False)
    motion = gf.motion(meeting, people[0], people[1])
    gf.give_notice(meeting)
    motion.refresh_from_db()
    assert motion.ballot_id is None


@gf.at(gf.NOTICE_AT)
def test_the_notices_go_to_each_member_in_their_language(
    organisation, django_capture_on_commit_callbacks
):
    english = mf.member(organisation, name="Eira English")
    welsh = mf.member(organisation, name="Gwyn Cymraeg", preferred_language="cy")
    gf.member_by_post(organisation)
    gf.cease(mf.member(organisation, name="Ffion Former"))
    worker = mf.member(organisation, name="Wyn Worker", cls="workers")
    meeting = gf.plan(organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_give_notice(meeting=meeting, actor=None)
    dispatches = list(
        NoticeDispatch.objects.filter(meeting=meeting).values_list(
            "member__name", "channel", "language", "error"
        )
    )
    assert sorted(dispatches) == [
        ("Eira English", "email", "en-gb", ""),
        ("Gwyn Cymraeg", "email", "cy", ""),
        ("Pat Post", "post", "en-gb", ""),
        ("Wyn Worker", "email", "en-gb", ""),
    ]
    assert not NoticeDispatch.objects.filter(sent_at__isnull=True).exists()
    notices = {m.to[0]: m for m in mail.outbox if m.attachments}
    assert sorted(notices) == sorted([english.email, welsh.email, worker.email])
    assert notices[english.email].subject == "Notice: AGM 2026 of Dyfi Care Co-operative"
    assert "Cyfarfod Cyffredinol Blynyddol 2026" in notices[welsh.email].subject
    assert "Dyfi Care Co-operative (cy)" in notices[welsh.email].subject
    name, content, mimetype = notices[welsh.email].attachments[0]
    assert (name, mimetype) == (f"notice-{meeting.pk}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    run = NoticeRun.objects.get(meeting=meeting)
    assert (run.status, run.total, run.sent, run.error) == ("done", 4, 4, "")


@gf.at(gf.NOTICE_AT)
def test_a_class_meeting_gives_notice_to_its_class_only(
    organisation, django_capture_on_commit_callbacks
):
    users = gf.members(organisation, 2)
    worker = mf.member(organisation, cls="workers")
    meeting = gf.plan(organisation, kind="class", member_class=mf.member_class(organisation))
    with django_capture_on_commit_callbacks(execute=True):
        gf.give_notice(meeting)
    assert sorted(NoticeDispatch.objects.values_list("member_id", flat=True)) == sorted(
        m.pk for m in users
    )
    assert worker.pk not in NoticeDispatch.objects.values_list("member_id", flat=True)


@gf.at(gf.NOTICE_AT)
def test_failed_emails_are_sent_again_and_no_one_gets_two(
    organisation, django_capture_on_commit_callbacks, monkeypatch
):
    """Mail is the one thing mocked: the server refuses one address the first time."""
    from django.core.mail import EmailMessage

    people = gf.members(organisation, 3)
    refused_address = people[1].email
    real_send = EmailMessage.send

    def flaky_send(message, fail_silently=False):
        if refused_address in message.to:
            raise OSError("Mailbox unavailable")
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky_send)
    meeting = gf.plan(organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_give_notice(meeting=meeting, actor=None)
    run = NoticeRun.objects.get(meeting=meeting)
    assert (run.status, run.total, run.sent) == ("failed", 3, 2)
    assert run.error == "1 email could not be sent: send the notice again."
    failed = NoticeDispatch.objects.get(member=people[1])
    assert (failed.sent_at, failed.error) == (None, "Mailbox unavailable")
    monkeypatch.setattr(EmailMessage, "send", real_send)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_notice_resend(meeting=meeting, actor=None)
    run.refresh_from_db()
    assert (run.status, run.total, run.sent, run.error) == ("done", 3, 3, "")
    assert NoticeDispatch.objects.filter(meeting=meeting).count() == 3
    assert sorted(m.to[0] for m in mail.outbox if m.attachments) == sorted(p.email for p in people)


@gf.at(gf.NOTICE_AT)
def test_a_notice_run_for_a_meeting_cancelled_before_it_ran_sends_nothing(organisation):
    from governance.tasks import send_notices

    gf.members(organisation, 2)
    meeting = gf.plan(organisation)
    services.meeting_give_notice(meeting=meeting, actor=None)  # queued, not yet run
    NoticeDispatch.objects.filter(meeting=meeting).delete()
    services.meeting_cancel(meeting=meeting, reason="Venue lost", actor=None)
    mail.outbox.clear()
    assert send_notices.call(meeting.pk) == 0
    run = NoticeRun.objects.get(meeting=meeting)
    assert (run.status, run.error) == (
        "failed",
        "The meeting is no longer called, so no notice was sent.",
    )
    assert mail.outbox == []
    assert not NoticeDispatch.objects.filter(meeting=meeting).exists()
