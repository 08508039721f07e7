"""Dates that carry legal windows (issue 15, case 3): changing a meeting, or adjourning it
(deferring its items) to another day, re-checks every window that depends on its date — the
s.111 confirmation of a resolution on its agenda, the notice period, members' motion
deadlines, a requisition's deadline. A change that breaks one is refused, naming the window
and the lawful dates, and writes nothing; the board may go ahead with a recorded reason
only where the rules version allows it, and never outside the s.111 window."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from governance import rules, services
from governance.models import Meeting, Motion
from membership.models import Organisation, RulesVersion
from tests.factories import governance as gf

pytestmark = pytest.mark.django_db

D = dt.date
#: The day after the first meeting (2 April 2026): the s.111 window is 16 April – 2 May.
PROPOSE_AT = dt.datetime(2026, 4, 3, 10, 0, tzinfo=gf.LONDON)
S111 = (
    "The s.111 confirmation window of “Living wage”: the confirming meeting must be held "
    "between 16 April 2026 and 2 May 2026, not less than 14 days nor more than one month "
    "after the first (CCBS Act 2014 s.111)."
)


def _at(day: D, hour: int = 18) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 30, tzinfo=gf.LONDON)


def _confirming(org: Organisation) -> tuple[Meeting, Motion]:
    """A special resolution carried provisionally on 2 April 2026 and put for confirmation
    to a second general meeting planned (notice not yet given) for 20 April."""
    people = gf.members(org, 6)
    with gf.at(gf.NOTICE_AT):
        first_meeting = gf.plan(org)
        first = gf.motion(first_meeting, people[0], people[1], code="s111_special")
        gf.give_notice(first_meeting)
    with gf.at(gf.DURING):
        gf.start(first_meeting, people)
        gf.poll(first, [(p, "for") for p in people[:5]] + [(people[5], "against")])
        services.vote_take(item=first, actor=None)
    first.refresh_from_db()
    assert first.status == "provisional"
    with gf.at(PROPOSE_AT):
        second = gf.plan(
            org, kind="general", title="Special meeting", starts_at=_at(D(2026, 4, 20))
        )
        confirming = services.confirmation_propose(first=first, meeting=second, actor=None)
    return second, confirming


def test_the_window_arithmetic_is_pure():
    window = rules.confirmation_window_of(D(2027, 2, 5), "Rule change")
    assert (window.earliest, window.latest) == (D(2027, 2, 19), D(2027, 3, 5))
    assert rules.broken_windows([window], D(2027, 3, 6)) == [window]
    deadline = rules.motion_deadline_window_of(D(2027, 1, 10), 21)
    assert deadline.earliest == D(2027, 1, 31)
    assert deadline.holds(D(2027, 1, 31))
    assert not deadline.holds(D(2027, 1, 30))
    notice = rules.notice_window_of(
        D(2027, 1, 1), "email", clear_days=14, email_days=1, post_days=2
    )
    assert notice.earliest == D(2027, 1, 17)
    requisition = rules.requisition_window_of(
        D(2027, 1, 28), "post", clear_days=14, email_days=1, post_days=2
    )
    assert requisition.latest == D(2027, 2, 14)  # delivered 30 Jan, 14 clear days
    assert rules.lawful_days([window, notice, deadline]) == (D(2027, 2, 19), D(2027, 3, 5))


def test_moving_a_confirming_meeting_out_of_its_s111_window_is_refused():
    org = gf.plain_coop()
    second, _confirming_motion = _confirming(org)
    with gf.at(PROPOSE_AT):
        with gf.refused("starts_at", S111, "Lawful dates: 19 April 2026 to 2 May 2026."):
            services.meeting_update(meeting=second, starts_at=_at(D(2026, 5, 5)), actor=None)
        # Inside the window, and the notice period, it moves.
        moved = services.meeting_update(meeting=second, starts_at=_at(D(2026, 4, 30)), actor=None)
    moved.refresh_from_db()
    assert moved.starts_at == _at(D(2026, 4, 30))


def test_no_rule_overrides_the_s111_window():
    org = gf.plain_coop(date_windows_overridable=True)
    second, _confirming_motion = _confirming(org)
    with gf.at(PROPOSE_AT), gf.refused("starts_at", S111, "The s.111 window is set by the Act"):
        services.meeting_update(
            meeting=second,
            starts_at=_at(D(2026, 5, 5)),
            override_reason="The hall is booked.",
            actor=None,
        )


def test_a_members_motion_deadline_is_rechecked_and_overridden_only_where_the_rules_allow():
    for overridable in (False, True):
        org = gf.plain_coop(date_windows_overridable=overridable)
        people = gf.members(org, 3)
        with gf.at(gf.NOTICE_AT):  # 2 March; the meeting is on 2 April
            meeting = gf.plan(org)
            gf.motion(meeting, people[0], people[1])  # received 2 March
            # 21 days' deadline: on 20 March the motion would be late.
            message = (
                "The motion deadline of “Living wage”: received 21 days or fewer before a "
                "meeting on a day before 23 March 2026, it would be late; the meeting must be "
                "on 23 March 2026 or later (rule 31)."
            )
            with gf.refused("starts_at", message, "Lawful dates: 23 March 2026 or later."):
                services.meeting_update(meeting=meeting, starts_at=_at(D(2026, 3, 20)), actor=None)
            if not overridable:
                with gf.refused("override_reason", "The rules do not allow a meeting to be moved"):
                    services.meeting_update(
                        meeting=meeting,
                        starts_at=_at(D(2026, 3, 20)),
                        override_reason="The council's visit.",
                        actor=None,
                    )
                continue
            moved = services.meeting_update(
                meeting=meeting,
                starts_at=_at(D(2026, 3, 20)),
                override_reason="The council's visit.",
                actor=None,
            )
        assert moved.starts_at == _at(D(2026, 3, 20))
        event = AuditEvent.objects.filter(action="meeting.update").latest("id")
        assert event.reason == "The council's visit."
        assert event.after["windows_overridden"] == ["motion_deadline"]


def test_adjourning_a_confirming_meeting_past_its_window_is_refused():
    org = gf.plain_coop()
    second, _confirming_motion = _confirming(org)
    with gf.at(PROPOSE_AT):
        gf.give_notice(second)
    people = list(org.members.order_by("number"))
    with gf.at(_at(D(2026, 4, 20), 18) + dt.timedelta(minutes=5)):
        gf.start(Meeting.objects.get(pk=second.pk), people[:4])
        with gf.refused("to", S111):
            services.meeting_adjourn(
                meeting=Meeting.objects.get(pk=second.pk),
                reason="Out of time",
                to=_at(D(2026, 5, 7)),
                actor=None,
            )
        services.meeting_adjourn(
            meeting=Meeting.objects.get(pk=second.pk),
            reason="Out of time",
            to=_at(D(2026, 4, 27)),
            actor=None,
        )


def test_the_change_page_names_the_window_and_writes_nothing(client: Client):
    org = gf.plain_coop()
    second, _confirming_motion = _confirming(org)
    secretary = User.objects.create_user(
        email="sec@example.org", password="correct horse battery", full_name="Sec"
    )
    role_grant(organisation=org, user=secretary, role=Role.SECRETARY, actor=None)
    client.force_login(secretary)
    address = reverse("governance:meeting_change", args=[org.slug, second.pk])
    with gf.at(PROPOSE_AT):
        response = client.post(
            address,
            {
                "title": second.title,
                "title_cy": "",
                "format": "in_person",
                "starts_on": "2026-05-05",
                "starts_time": "18:30",
                "place": second.place,
                "online_link": "",
                "notice_channel": "email",
                "advance_voting": "on",
            },
        )
    assert response.status_code == 400
    assert S111 in html.unescape(response.content.decode())
    second.refresh_from_db()
    assert second.starts_at == _at(D(2026, 4, 20))
    assert not RulesVersion.objects.get(organisation=org).date_windows_overridable
