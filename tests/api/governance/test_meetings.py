"""Meetings through the API: planning, notice and its progress, the day itself (attendance,
quorum, start, adjourn, resume, close), cancelling, the agenda, and proxies for a meeting."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import AgendaItem, Meeting, MeetingProxy, Minutes
from tests.api.governance.conftest import (
    client_for,
    counts,
    give_notice,
    motion,
    on_the_day,
    plan,
    url,
)
from tests.factories import membership as mf
from tests.factories import voting as vf


def _actions(prefix: str = "meeting.") -> list[str]:
    return [
        a
        for a in AuditEvent.objects.order_by("id").values_list("action", flat=True)
        if a.startswith(prefix)
    ]


def test_the_secretary_plans_a_class_meeting(organisation, secretary):
    response = client_for(secretary).post(
        url("meetings"),
        {
            "kind": "class",
            "title": "Workers' meeting",
            "starts_at": (timezone.now() + dt.timedelta(days=30)).isoformat(),
            "format": "online",
            "online_link": "https://meet.example.org/workers",
            "member_class": "workers",
            "notice_channel": "email",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["status"], body["member_class"], body["format"]) == (
        "class",
        "planned",
        "workers",
        "online",
    )
    assert [(i["position"], i["kind"]) for i in body["agenda"]] == [(1, "minutes")]
    assert body["notice"]["clear_days"] == 14
    assert body["notice"]["date_is_lawful"] is True
    assert Meeting.objects.get(pk=body["id"]).created_by == secretary
    assert _actions() == ["meeting.plan"]


def test_the_secretary_changes_a_planned_meeting_and_a_member_may_not(
    organisation, secretary, member, member_record
):
    meeting = plan(organisation)
    later = (meeting.starts_at + dt.timedelta(days=7)).isoformat()
    before = counts()
    refused = client_for(member).patch(
        url("meeting", pk=meeting.pk), {"place": "Elsewhere"}, format="json"
    )
    assert refused.status_code == 403
    assert counts() == before

    response = client_for(secretary).patch(
        url("meeting", pk=meeting.pk), {"starts_at": later, "place": "Neuadd y Dref"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["place"], body["status"]) == ("Neuadd y Dref", "planned")
    meeting.refresh_from_db()
    assert meeting.starts_at.isoformat() == later
    assert _actions() == ["meeting.plan", "meeting.update"]


def test_notice_goes_out_and_its_progress_shows(
    organisation, secretary, member_record, django_capture_on_commit_callbacks
):
    others = [mf.member(organisation) for _ in range(2)]
    meeting = plan(organisation)
    client = client_for(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        given = client.post(url("meeting-notice", pk=meeting.pk), {}, format="json")
    progress = client.get(url("meeting-notice", pk=meeting.pk)).json()
    dispatches = client.get(url("meeting-notice-dispatches", pk=meeting.pk)).json()

    assert given.status_code == 200, given.json()
    assert (given.json()["status"], given.json()["notice_given_on"]) == (
        "called",
        timezone.localdate().isoformat(),
    )
    assert progress == {"given": True, "status": "done", "total": 3, "sent": 3, "error": ""}
    assert [(d["member"], d["channel"]) for d in dispatches["results"]] == [
        (m.number, "email") for m in [member_record, *others]
    ]
    assert all(d["sent_at"] for d in dispatches["results"])
    assert len(mail.outbox) == 3


def test_the_meeting_is_run_on_the_day(organisation, secretary):
    members = [mf.member(organisation) for _ in range(4)]
    meeting = on_the_day(give_notice(plan(organisation)))
    client = client_for(secretary)

    for member, channel in zip(members[:3], ["door", "online", "door"], strict=True):
        checked = client.post(
            url("meeting-attendance", pk=meeting.pk),
            {"member": member.number, "channel": channel},
            format="json",
        )
        assert checked.status_code == 200, checked.json()
    apologies = client.post(
        url("meeting-attendance", pk=meeting.pk),
        {"member": members[3].number, "status": "apologies"},
        format="json",
    )
    attendance = client.get(url("meeting-attendance", pk=meeting.pk)).json()
    quorum = client.get(url("meeting-quorum", pk=meeting.pk)).json()
    started = client.post(url("meeting-start", pk=meeting.pk), {"chair_name": "Ceri Chair"})
    adjourned = client.post(
        url("meeting-adjourn", pk=meeting.pk),
        {"reason": "Fire alarm", "to": (timezone.now() + dt.timedelta(hours=1)).isoformat()},
        format="json",
    )
    resumed = client.post(url("meeting-resume", pk=meeting.pk), {}, format="json")
    closed = client.post(url("meeting-close", pk=meeting.pk), {}, format="json")

    assert apologies.json()["status"] == "apologies"
    assert [(a["member"], a["status"], a["channel"]) for a in attendance["results"]] == [
        (members[0].number, "present", "door"),
        (members[1].number, "present", "online"),
        (members[2].number, "present", "door"),
        (members[3].number, "apologies", ""),
    ]
    assert quorum == {"present": 3, "required": 3, "is_quorate": True}
    assert (started.json()["status"], started.json()["quorum_required"]) == ("in_progress", 3)
    assert started.json()["chair_name"] == "Ceri Chair"
    assert adjourned.json()["status"] == "adjourned"
    assert adjourned.json()["adjourned_to"] is not None
    assert resumed.json()["status"] == "in_progress"
    assert closed.json()["status"] == "closed"
    assert Minutes.objects.filter(meeting=meeting).count() == 1
    assert _actions() == [
        "meeting.plan",
        "meeting.give_notice",
        "meeting.attendance_present",
        "meeting.attendance_present",
        "meeting.attendance_present",
        "meeting.attendance_apologies",
        "meeting.start",
        "meeting.adjourn",
        "meeting.resume",
        "meeting.close",
    ]


def test_a_meeting_cannot_start_while_inquorate(organisation, secretary):
    members = [mf.member(organisation) for _ in range(3)]
    meeting = on_the_day(give_notice(plan(organisation)))
    client_for(secretary).post(
        url("meeting-attendance", pk=meeting.pk), {"member": members[0].number}, format="json"
    )
    before = counts()

    response = client_for(secretary).post(
        url("meeting-start", pk=meeting.pk), {"chair_name": "Ceri Chair"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["quorum"]
    assert response.json()["quorum"][0].startswith(
        "The meeting is not quorate: 1 members present, 3 needed"
    )
    assert counts() == before


def test_the_secretary_cancels_a_meeting_and_its_ballots(organisation, secretary):
    members = [mf.member(organisation) for _ in range(2)]
    meeting = plan(organisation)
    voted_on = motion(meeting, members[0], members[1])
    meeting = give_notice(meeting)

    response = client_for(secretary).post(
        url("meeting-cancel", pk=meeting.pk), {"reason": "Venue flooded"}, format="json"
    )

    assert response.json()["status"] == "cancelled"
    voted_on.refresh_from_db()
    assert voted_on.ballot is not None
    assert voted_on.ballot.status == "cancelled"
    assert AuditEvent.objects.get(action="meeting.cancel").reason == "Venue flooded"


def test_the_agenda_takes_items_and_they_move(organisation, secretary, member):
    meeting = give_notice(plan(organisation))
    election = vf.ballot(organisation, title="Board election")
    client = client_for(secretary)

    report = client.post(
        url("meeting-agenda", pk=meeting.pk),
        {"kind": "report", "title": "Treasurer's report", "body": "The accounts."},
        format="json",
    )
    elect = client.post(
        url("meeting-agenda", pk=meeting.pk),
        {"kind": "election", "title": "Board election", "ballot": election.pk},
        format="json",
    )
    moved = client.post(
        url("meeting-agenda-move", pk=meeting.pk, item_id=elect.json()["id"]),
        {"position": 1},
        format="json",
    )
    seen = client_for(member).get(url("meeting-agenda", pk=meeting.pk)).json()

    assert (report.status_code, elect.status_code, moved.status_code) == (201, 201, 200)
    assert elect.json()["ballot"] == election.pk
    assert [(i["position"], i["title"]) for i in moved.json()] == [
        (1, "Board election"),
        (2, "Minutes of the last meeting"),
        (3, "Treasurer's report"),
    ]
    assert [i["title"] for i in seen["results"]] == [i["title"] for i in moved.json()]
    assert list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("kind", flat=True)
    ) == ["election", "minutes", "report"]


def test_a_member_appoints_a_proxy_and_revokes_it(organisation, secretary, member, member_record):
    holder = mf.member(organisation, name="Huw Holder")
    other_user = User.objects.create_user(email="other@example.org", password="x", full_name="O")
    mf.member(organisation, user=other_user)
    meeting = give_notice(plan(organisation))

    appointed = client_for(member).post(
        url("meeting-proxies", pk=meeting.pk),
        {"kind": "discretionary", "holder": holder.number},
        format="json",
    )
    proxy_id = appointed.json()["id"]
    listed = client_for(secretary).get(url("meeting-proxies", pk=meeting.pk)).json()
    before = counts()
    by_another = client_for(other_user).post(
        url("meeting-proxy-revoke", pk=meeting.pk, proxy_id=proxy_id), {}, format="json"
    )
    assert counts() == before
    revoked = client_for(member).post(
        url("meeting-proxy-revoke", pk=meeting.pk, proxy_id=proxy_id), {}, format="json"
    )

    assert appointed.status_code == 201, appointed.json()
    assert appointed.json() | {"id": 0, "received_on": ""} == {
        "id": 0,
        "member": member_record.number,
        "member_name": "Meinir Member",
        "holder": holder.number,
        "holder_name": "Huw Holder",
        "kind": "discretionary",
        "directions": {},
        "received_on": "",
        "is_revoked": False,
    }
    assert [p["id"] for p in listed["results"]] == [proxy_id]
    assert (by_another.status_code, by_another.json()) == (
        403,
        {"detail": "Only the member who appointed the proxy revokes it."},
    )
    assert (revoked.status_code, revoked.json()["is_revoked"]) == (200, True)
    before = counts()
    again = client_for(member).post(
        url("meeting-proxy-revoke", pk=meeting.pk, proxy_id=proxy_id), {}, format="json"
    )
    assert (again.status_code, again.json()) == (
        400,
        {"proxy": ["This proxy has already been revoked."]},
    )
    assert counts() == before
    assert MeetingProxy.objects.get(pk=proxy_id).is_revoked is True
    assert _actions() == [
        "meeting.plan",
        "meeting.give_notice",
        "meeting.proxy_appoint",
        "meeting.proxy_revoke",
    ]


def test_the_secretary_records_a_directed_proxy_received_on_paper(organisation, secretary, member):
    members = [mf.member(organisation) for _ in range(3)]
    meeting = plan(organisation)
    on_agenda = motion(meeting, members[0], members[1])
    meeting = give_notice(meeting)

    recorded = client_for(secretary).post(
        url("meeting-proxies", pk=meeting.pk),
        {
            "member": members[2].number,
            "kind": "directed",
            "holder_name": "The chair of the meeting",
            "directions": {str(on_agenda.pk): "against"},
        },
        format="json",
    )
    before = counts()
    for_another = client_for(member).post(
        url("meeting-proxies", pk=meeting.pk),
        {"member": members[0].number, "kind": "discretionary", "holder_name": "The chair"},
        format="json",
    )

    assert recorded.status_code == 201, recorded.json()
    assert (recorded.json()["member"], recorded.json()["directions"]) == (
        members[2].number,
        {str(on_agenda.pk): "against"},
    )
    assert (for_another.status_code, for_another.json()) == (
        403,
        {"detail": "Only the secretary can act for another member."},
    )
    assert counts() == before


def test_an_empty_online_link_is_null_as_its_uri_format_says(world, member):
    """A meeting in person has no link: the schema declares a `uri`, so an empty string
    broke it; the answer is null, and a link where there is one."""
    client = client_for(member)
    detail = client.get(url("meeting", pk=world.called.pk)).json()
    listed = client.get(url("meetings")).json()["results"]
    services.meeting_update(
        meeting=world.planned,
        format="hybrid",
        online_link="https://meet.example.org/special",
        actor=None,
    )
    linked = client.get(url("meeting", pk=world.planned.pk)).json()

    assert detail["online_link"] is None
    assert {m["online_link"] for m in listed} == {None}
    assert linked["online_link"] == "https://meet.example.org/special"
