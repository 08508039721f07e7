"""An AGM run end to end through the API: planned, notice given, a member's motion submitted,
seconded and admitted (online voting on it opens), an amendment, an advance vote online,
check-in, the quorum, votes on the amendment then the motion, the meeting closed, the minutes
and the register."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from coop.core.models import AuditEvent, User
from governance.models import Meeting, Motion, Resolution
from membership.models import Member, Organisation
from tests.api.governance.conftest import AMENDED_TEXT, MOTION_TEXT, client_for, on_the_day, url
from tests.factories import membership as mf


def _member_user(organisation: Organisation, name: str, email: str) -> tuple[User, Member]:
    user = User.objects.create_user(email=email, password="x", full_name=name)
    return user, mf.member(organisation, name=name, user=user)


def _plan_and_give_notice(as_secretary: APIClient) -> int:
    planned = as_secretary.post(
        url("meetings"),
        {
            "kind": "agm",
            "title": "AGM 2026",
            "title_cy": "CCB 2026",
            "starts_at": (timezone.now() + dt.timedelta(days=40)).isoformat(),
            "place": "Y Plas, Machynlleth",
        },
        format="json",
    )
    assert planned.status_code == 201, planned.json()
    meeting_id = planned.json()["id"]
    assert [i["kind"] for i in planned.json()["agenda"]] == ["minutes"]
    assert planned.json()["notice"]["date_is_lawful"] is True

    notice = as_secretary.post(url("meeting-notice", pk=meeting_id), {}, format="json")
    assert notice.status_code == 200, notice.json()
    assert notice.json()["status"] == "called"
    progress = as_secretary.get(url("meeting-notice", pk=meeting_id)).json()
    assert (progress["given"], progress["status"]) == (True, "queued")
    return meeting_id


def _motion_amended(
    meeting_id: int, member: User, member_record: Member, seconder: User, board: User, amender: User
) -> tuple[int, int]:
    """The member submits a motion, another seconds it, the board admits it, a third member
    proposes an amendment and the first seconds that."""
    submitted = client_for(member).post(
        url("meeting-motions", pk=meeting_id),
        {
            "title": "Living wage",
            "text": MOTION_TEXT,
            "supporting_statement": "Fair pay keeps good carers.",
        },
        format="json",
    )
    assert submitted.status_code == 201, submitted.json()
    motion_id = submitted.json()["id"]
    assert (submitted.json()["proposer"], submitted.json()["status"]) == (
        member_record.number,
        "submitted",
    )
    seconded = client_for(seconder).post(url("motion-second", pk=motion_id), {}, format="json")
    assert (seconded.status_code, seconded.json()["seconder"]) == (
        200,
        Member.objects.get(user=seconder).number,
    )
    admitted = client_for(board).post(
        url("motion-admissibility", pk=motion_id),
        {"admissible": True, "reason": "Within the co-op's objects"},
        format="json",
    )
    assert admitted.json()["status"] == "admissible"
    amendment = client_for(amender).post(
        url("motion-amendments", pk=motion_id),
        {"text": AMENDED_TEXT, "summary": "from April"},
        format="json",
    )
    assert amendment.status_code == 201, amendment.json()
    amendment_id = amendment.json()["id"]
    assert amendment.json()["changes"] == [
        {"kind": "same", "text": "That the co-operative pays every worker the real living "},
        {"kind": "del", "text": "wage."},
        {"kind": "ins", "text": "wage from April."},
    ]
    second = client_for(member).post(url("amendment-second", pk=amendment_id), {}, format="json")
    assert second.json()["status"] == "seconded"
    return motion_id, amendment_id


def _start(as_secretary: APIClient, meeting_id: int, present: list[Member]) -> None:
    on_the_day(Meeting.objects.get(pk=meeting_id))
    for person in present:
        checked = as_secretary.post(
            url("meeting-attendance", pk=meeting_id), {"member": person.number}, format="json"
        )
        assert checked.status_code == 200, checked.json()
    quorum = as_secretary.get(url("meeting-quorum", pk=meeting_id)).json()
    assert quorum == {"present": 3, "required": 3, "is_quorate": True}
    started = as_secretary.post(
        url("meeting-start", pk=meeting_id), {"chair_name": "Ceri Chair"}, format="json"
    )
    assert started.json()["status"] == "in_progress"


def _read_the_record(member: User, meeting_id: int, rule_applied: str) -> None:
    minutes = client_for(member).get(url("meeting-minutes", pk=meeting_id)).json()
    assert minutes["status"] == "draft"
    assert "Living wage" in minutes["body"]
    assert minutes["body_cy"] != minutes["body"]
    assert "Living wage" in minutes["body_cy"]
    register = client_for(member).get(url("resolutions")).json()["results"]
    resolution = Resolution.objects.get()
    assert [(r["number"], r["text"], r["status"]) for r in register] == [
        (resolution.number, AMENDED_TEXT, "passed")
    ]
    assert register[0]["rule_applied"] == rule_applied


def test_an_agm_from_planning_to_minutes(
    organisation, secretary, board_member, member, member_record
):
    seconder_user, seconder = _member_user(organisation, "Siôn Seconder", "sion@example.org")
    amender_user, amender = _member_user(organisation, "Anwen Amender", "anwen@example.org")
    others = [mf.member(organisation) for _ in range(3)]
    as_secretary = client_for(secretary)

    meeting_id = _plan_and_give_notice(as_secretary)
    motion_id, amendment_id = _motion_amended(
        meeting_id, member, member_record, seconder_user, board_member, amender_user
    )
    motion = Motion.objects.get(pk=motion_id)
    assert motion.ballot is not None
    assert motion.seconder == seconder
    advance = client_for(seconder_user).post(
        url("ballot-cast", pk=motion.ballot.pk),
        {"selections": {str(motion.ballot.questions.get().pk): [_option(motion.ballot, "for")]}},
        format="json",
    )
    assert advance.status_code == 201
    _start(as_secretary, meeting_id, [member_record, amender, others[0]])

    amendment_ballot = Motion.objects.get(pk=motion_id).amendments.get().ballot
    for voter in (member_record, amender):
        _room_vote(as_secretary, amendment_ballot, voter, "for")
    decided_amendment = as_secretary.post(url("amendment-vote", pk=amendment_id), {}, format="json")
    assert decided_amendment.status_code == 200, decided_amendment.json()
    assert decided_amendment.json()["status"] == "carried"
    for voter in (member_record, amender, others[0]):
        _room_vote(as_secretary, motion.ballot, voter, "for")
    decided = as_secretary.post(url("motion-vote", pk=motion_id), {}, format="json")
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "carried"
    assert decided.json()["text_as_amended"] == AMENDED_TEXT
    assert {"kind": "ins", "text": "wage from April."} in decided.json()["changes"]
    assert "Carried" in decided.json()["result_summary"]

    closed = as_secretary.post(url("meeting-close", pk=meeting_id), {}, format="json")
    assert closed.json()["status"] == "closed"
    _read_the_record(member, meeting_id, decided.json()["result_summary"])
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "meeting.plan",
        "motion.submit",
        "motion.second",
        "motion.admissibility",
        "amendment.submit",
        "amendment.second",
        "meeting.give_notice",
        "meeting.attendance_present",
        "meeting.start",
        "meeting.vote",
        "meeting.close",
        "minutes.generate",
    } <= actions


def _option(ballot, code: str) -> int:
    return ballot.questions.get().options.get(code=code).pk


def _room_vote(client, ballot, member: Member, code: str) -> None:
    response = client.post(
        url("ballot-cast", pk=ballot.pk),
        {
            "member": member.number,
            "channel": "room",
            "selections": {str(ballot.questions.get().pk): [_option(ballot, code)]},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
