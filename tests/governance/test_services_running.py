"""Attendance, the quorum, starting, adjourning, closing and cancelling a meeting: the
services, with every refusal citing its rule and writing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import AuditEvent
from governance import services
from governance.models import Attendance, Minutes
from governance.selectors import quorum
from membership import services as membership_services
from tests.factories import governance as gf
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting.models import Ballot

pytestmark = pytest.mark.django_db

D = dt.date


# --- Attendance --------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_attendance_only_for_current_members_of_the_organisation(organisation, other_organisation):
    meeting = gf.give_notice(gf.plan(organisation))
    stranger = mf.member(other_organisation, name="Sioned Stranger")
    former = gf.cease(mf.member(organisation, name="Ffion Former"))
    suspended = gf.suspend(mf.member(organisation, name="Sam Suspended"))
    with gf.refused("member", "Only a member of Dyfi Care Co-operative can do this."):
        services.attendance_record(meeting=meeting, member=stranger, actor=None)
    with gf.refused("member", f"Member {former.number} has ceased to be a member."):
        services.attendance_record(meeting=meeting, member=former, actor=None)
    with gf.refused("member", f"Member {suspended.number} is suspended."):
        services.attendance_record(meeting=meeting, member=suspended, actor=None)


@gf.at(gf.NOTICE_AT)
def test_attendance_at_a_class_meeting_only_for_its_class(organisation):
    meeting = gf.give_notice(
        gf.plan(organisation, kind="class", member_class=mf.member_class(organisation))
    )
    worker = mf.member(organisation, cls="workers")
    with gf.refused("member", "This is a meeting of the Service users and carers class only."):
        services.attendance_record(meeting=meeting, member=worker, actor=None)
    user = mf.member(organisation, cls="users")
    assert services.attendance_record(meeting=meeting, member=user, actor=None).status == "present"


@gf.at(gf.NOTICE_AT)
def test_attendance_is_recorded_and_changed_with_an_audit_event(organisation):
    person = mf.member(organisation)
    meeting = gf.give_notice(gf.plan(organisation))
    services.attendance_record(meeting=meeting, member=person, status="apologies", actor=None)
    with gf.at(gf.DURING):
        record = services.attendance_record(
            meeting=meeting, member=person, channel="online", actor=None
        )
        assert (record.status, record.channel, record.representative_name) == (
            "present",
            "online",
            "",
        )
        assert record.checked_in_at == gf.DURING
        services.attendance_record(meeting=meeting, member=person, status="left", actor=None)
    record.refresh_from_db()
    assert (record.status, record.channel) == ("left", "")
    event = AuditEvent.objects.filter(action="meeting.attendance_left").get()
    assert event.before == {"status": "present", "channel": "online"}
    assert Attendance.objects.count() == 1
    with gf.refused("status", "Choose present, apologies or left."):
        services.attendance_record(meeting=meeting, member=person, status="maybe", actor=None)
    with gf.refused("channel", "Say whether they are at the door or online."):
        services.attendance_record(meeting=meeting, member=person, channel="phone", actor=None)


@gf.at(gf.NOTICE_AT)
def test_a_member_organisation_attends_through_its_representative(organisation):
    meeting = gf.give_notice(gf.plan(organisation))
    coop = vf.organisation_member(organisation, name="Cwmni Gofal")
    with gf.refused("representative_name", "Cwmni Gofal is an organisation"):
        services.attendance_record(meeting=meeting, member=coop, actor=None)
    membership_services.representative_add(
        member=coop, name="Rhys Rep", started_on=D(2024, 1, 1), actor=None
    )
    record = services.attendance_record(meeting=meeting, member=coop, actor=None)
    assert record.representative_name == "Rhys Rep"
    record = services.attendance_record(
        meeting=meeting, member=coop, representative_name="Alys Alternate", actor=None
    )
    assert record.representative_name == "Alys Alternate"
    person = mf.member(organisation)
    record = services.attendance_record(
        meeting=meeting, member=person, representative_name="Nobody", actor=None
    )
    assert record.representative_name == ""
    # The organisation counts once, whoever attends for it.
    assert quorum(meeting).present == 2


@gf.at(gf.NOTICE_AT)
def test_no_attendance_after_the_meeting_has_ended(organisation):
    person = mf.member(organisation)
    meeting = gf.give_notice(gf.plan(organisation))
    services.meeting_cancel(meeting=meeting, reason="Venue flooded", actor=None)
    with gf.refused("meeting", "The meeting has ended."):
        services.attendance_record(meeting=meeting, member=person, actor=None)


# --- Quorum and starting -------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_an_inquorate_meeting_cannot_start(organisation):
    people = gf.members(organisation, 5)
    meeting = gf.give_notice(gf.plan(organisation))
    with gf.at(gf.DURING):
        gf.check_in(meeting, people[:2])
        gf.check_in(meeting, people[2:3], status="apologies")
        with gf.refused(
            "quorum", "The meeting is not quorate: 2 members present, 3 needed (rule 33)."
        ):
            services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
        gf.check_in(meeting, people[2:3])
        meeting = gf.start(meeting, [])
    assert (meeting.status, meeting.quorum_required, meeting.member_count_at_start) == (
        "in_progress",
        3,
        5,
    )
    assert meeting.started_at == gf.DURING
    assert meeting.chair_name == "Ceri Chair"


@gf.at(gf.NOTICE_AT)
def test_the_quorum_is_a_percentage_when_that_is_greater(db):
    org = gf.plain_coop(quorum_members=2, quorum_percent=25)
    people = gf.members(org, 9)  # 25% of 9 = 2.25 → 3
    meeting = gf.give_notice(gf.plan(org))
    with gf.at(gf.DURING):
        gf.check_in(meeting, people[:2])
        assert (quorum(meeting).present, quorum(meeting).required) == (2, 3)
        with gf.refused("quorum", "2 members present, 3 needed (rule 33)"):
            services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)


@gf.at(gf.NOTICE_AT)
def test_a_meeting_cannot_open_before_its_day(organisation):
    people = gf.members(organisation, 3)
    meeting = gf.give_notice(gf.plan(organisation))
    with gf.at(dt.datetime(2026, 4, 1, 18, 30, tzinfo=gf.LONDON)):
        gf.check_in(meeting, people)
        with gf.refused(
            "starts_at",
            "The notice called the meeting for 2 Apr 2026: it cannot open before then",
            "(14 clear days' notice, rule 30)",
        ):
            services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
    with gf.at(dt.datetime(2026, 4, 2, 0, 5, tzinfo=gf.LONDON)):
        assert gf.start(meeting, []).status == "in_progress"


@gf.at(gf.NOTICE_AT)
def test_a_meeting_is_started_once_and_only_after_notice(organisation):
    people = gf.members(organisation, 3)
    meeting = gf.plan(organisation)
    with gf.refused("status", "A meeting that is “Being planned” cannot become “Under way”."):
        services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        with gf.refused("chair_name", "Name the chair of the meeting."):
            services.meeting_start(meeting=meeting, chair_name=" ", actor=None)
        gf.start(meeting, people)
        with gf.refused("status", "cannot become “Under way”"):
            services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)


@gf.at(gf.NOTICE_AT)
def test_proxies_count_towards_the_quorum_where_the_rules_allow_them(db):
    org = gf.plain_coop(proxies_allowed=True, proxy_limit=2)
    people = gf.members(org, 6)
    meeting = gf.plan(org)
    meeting = gf.give_notice(meeting)
    services.meeting_proxy_appoint(
        meeting=meeting, member=people[3], kind="discretionary", holder=people[0], actor=None
    )
    services.meeting_proxy_appoint(
        meeting=meeting, member=people[4], kind="discretionary", holder_name="The chair", actor=None
    )
    # The member present in person counts once, whether or not they also gave a proxy.
    services.meeting_proxy_appoint(
        meeting=meeting, member=people[1], kind="discretionary", holder=people[0], actor=None
    )
    with gf.at(gf.DURING):
        gf.check_in(meeting, people[:2])
        # Present: 0 and 1; 3 by proxy held by 0; the chair's proxy counts once there is one.
        assert quorum(meeting).present == 3
        meeting = gf.start(meeting, [])
        assert quorum(meeting).present == 4
        # The holder leaves: the member they held a proxy for no longer counts.
        gf.check_in(meeting, people[:1], status="left")
        assert quorum(meeting).present == 2


@gf.at(gf.NOTICE_AT)
def test_proxies_do_not_count_where_the_rules_do_not_allow_them(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.give_notice(gf.plan(organisation))
    with gf.refused("meeting", "The rules do not allow proxy voting"):
        services.meeting_proxy_appoint(
            meeting=meeting, member=people[1], kind="discretionary", holder=people[0], actor=None
        )
    gf.check_in(meeting, people[:1])
    assert quorum(meeting).present == 1


@gf.at(gf.NOTICE_AT)
def test_a_member_who_ceases_no_longer_counts_as_present(organisation):
    people = gf.members(organisation, 3)
    meeting = gf.give_notice(gf.plan(organisation))
    gf.check_in(meeting, people)
    assert quorum(meeting).present == 3
    gf.cease(people[2])
    assert quorum(meeting).present == 2


# --- Adjournment -------------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_a_meeting_inquorate_on_its_day_is_adjourned_and_started_later(organisation):
    people = gf.members(organisation, 5)
    meeting = gf.give_notice(gf.plan(organisation))
    with (
        gf.at(dt.datetime(2026, 3, 30, 12, 0, tzinfo=gf.LONDON)),
        gf.refused("status", "A meeting is adjourned on its day"),
    ):
        services.meeting_adjourn(meeting=meeting, reason="No quorum", actor=None)
    week_later = dt.datetime(2026, 4, 9, 18, 30, tzinfo=gf.LONDON)
    with gf.at(gf.DURING):
        gf.check_in(meeting, people[:1])
        with gf.refused("to", "Adjourn the meeting to a time in the future."):
            services.meeting_adjourn(
                meeting=meeting, reason="No quorum", to=gf.NOTICE_AT, actor=None
            )
        meeting = services.meeting_adjourn(
            meeting=meeting, reason="No quorum", to=week_later, actor=None
        )
        assert (meeting.status, meeting.adjourned_to, meeting.started_at) == (
            "adjourned",
            week_later,
            None,
        )
    with gf.at(week_later):
        with gf.refused("status", "The meeting was adjourned before it opened: start it"):
            services.meeting_resume(meeting=meeting, actor=None)
        meeting = gf.start(meeting, people[1:3])
    assert (meeting.status, meeting.quorum_required, meeting.started_at) == (
        "in_progress",
        3,
        week_later,
    )


@gf.at(gf.NOTICE_AT)
def test_a_meeting_that_never_opened_is_cancelled_not_closed(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        services.meeting_adjourn(meeting=meeting, reason="No quorum", actor=None)
        with gf.refused("status", "The meeting never opened: start it, or cancel it"):
            services.meeting_close(meeting=meeting, actor=None)
        services.meeting_cancel(meeting=meeting, reason="Still no quorum", actor=None)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert gf.ballot_of(motion).status == Ballot.Status.CANCELLED


@gf.at(gf.NOTICE_AT)
def test_a_meeting_that_opened_is_closed_not_cancelled(organisation):
    people = gf.members(organisation, 3)
    meeting = gf.give_notice(gf.plan(organisation))
    with gf.at(gf.DURING):
        meeting = gf.start(meeting, people)
        services.meeting_adjourn(meeting=meeting, reason="Fire alarm", actor=None)
        with gf.refused("status", "The meeting has opened: close it instead."):
            services.meeting_cancel(meeting=meeting, reason="Give up", actor=None)
        assert services.meeting_close(meeting=meeting, actor=None).status == "closed"


@gf.at(gf.NOTICE_AT)
def test_an_adjourned_meeting_resumes_only_when_quorate(organisation):
    people = gf.members(organisation, 5)
    meeting = gf.give_notice(gf.plan(organisation))
    with gf.at(gf.DURING):
        meeting = gf.start(meeting, people[:3])
        with gf.refused("reason", "Give the reason for adjourning."):
            services.meeting_adjourn(meeting=meeting, reason="", actor=None)
        gf.check_in(meeting, people[:1], status="left")
        services.meeting_adjourn(meeting=meeting, reason="Quorum lost", actor=None)
        with gf.refused("quorum", "2 members present, 3 needed (rule 33)"):
            services.meeting_resume(meeting=meeting, actor=None)
        with gf.refused("status", "The meeting has already opened: resume it."):
            services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
        gf.check_in(meeting, people[3:4])
        meeting = services.meeting_resume(meeting=meeting, actor=None)
    assert meeting.status == "in_progress"
    assert meeting.quorum_required == 3  # fixed when the meeting opened


# --- Advance voting, closing and cancelling -----------------------------------------------------


@gf.at(gf.NOTICE_AT)
@pytest.mark.parametrize(
    ("fmt", "online_after_start"), [("in_person", False), ("hybrid", True), ("online", True)]
)
def test_online_voting_stops_when_an_in_person_meeting_starts(
    organisation, fmt, online_after_start
):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation, format=fmt)
    motion = gf.motion(meeting, people[0], people[1])
    meeting = gf.give_notice(meeting)
    ballot = gf.ballot_of(motion)
    assert (ballot.allow_online, ballot.allow_in_room) == (True, False)
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
    ballot = gf.ballot_of(motion)
    assert (ballot.status, ballot.allow_online, ballot.allow_in_room) == (
        "open",
        online_after_start,
        True,
    )


@gf.at(gf.NOTICE_AT)
def test_cancelling_a_meeting_cancels_its_open_ballots(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    amendment = gf.amendment(motion, people[2], people[3])
    meeting = gf.give_notice(meeting)
    with gf.refused("reason", "Give the reason for cancelling."):
        services.meeting_cancel(meeting=meeting, reason=" ", actor=None)
    meeting = services.meeting_cancel(meeting=meeting, reason="Venue flooded", actor=None)
    assert meeting.status == "cancelled"
    assert gf.ballot_of(motion).status == Ballot.Status.CANCELLED
    assert gf.ballot_of(amendment).status == Ballot.Status.CANCELLED
    with gf.refused("status", "cannot become"):
        services.meeting_give_notice(meeting=meeting, actor=None)


@gf.at(gf.NOTICE_AT)
def test_closing_cancels_voting_on_items_not_reached_and_drafts_the_minutes(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    motion = gf.motion(meeting, people[0], people[1])
    meeting = gf.give_notice(meeting)
    with gf.at(gf.DURING):
        meeting = gf.start(meeting, people[:3])
        services.meeting_close(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.ended_at) == ("closed", gf.DURING)
    motion.refresh_from_db()
    assert motion.status == "admissible"  # not reached: undecided
    assert gf.ballot_of(motion).status == Ballot.Status.CANCELLED
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.DRAFT
    assert "Not put to a vote." in minutes.body


@gf.at(gf.NOTICE_AT)
def test_agenda_items_are_added_and_moved(organisation):
    meeting = gf.plan(organisation)
    report = services.agenda_item_add(
        meeting=meeting, kind="report", title="Treasurer's report", actor=None
    )
    election = services.agenda_item_add(
        meeting=meeting, kind="election", title="Board election", actor=None
    )
    services.agenda_item_move(item=election, position=1, actor=None)
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "Board election",
        "Minutes of the last meeting",
        "Treasurer's report",
    ]
    assert report.position == 2
    with gf.refused("position", "Choose a place between 1 and 3."):
        services.agenda_item_move(item=report, position=4, actor=None)
    with gf.refused("kind", "Choose the kind of item."):
        services.agenda_item_add(meeting=meeting, kind="party", title="x", actor=None)
