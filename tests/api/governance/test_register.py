"""Requisitions (start, sign, the threshold, the meeting called), the register of resolutions,
and minutes (read in English and Welsh, edited, approved at a later meeting)."""

from __future__ import annotations

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import Minutes, Requisition
from tests.api.governance.conftest import (
    client_for,
    counts,
    give_notice,
    on_the_day,
    plan,
    start,
    url,
)
from tests.factories import membership as mf


def test_members_requisition_a_meeting_until_the_threshold_is_reached(
    organisation, secretary, member, member_record
):
    signer_user = User.objects.create_user(email="sig@example.org", password="x", full_name="S")
    signer = mf.member(organisation, user=signer_user)
    for _ in range(9):  # 11 active members: 10% rounded up is 2 signatures
        mf.member(organisation)
    meeting = plan(organisation, title="Requisitioned meeting")

    started = client_for(member).post(
        url("requisitions"), {"purpose": "Discuss the merger with Gofal Gwynedd"}, format="json"
    )
    requisition_id = started.json()["id"]
    signed = client_for(signer_user).post(
        url("requisition-sign", pk=requisition_id), {}, format="json"
    )
    before = counts()
    twice = client_for(member).post(url("requisition-sign", pk=requisition_id), {}, format="json")
    assert counts() == before
    called = client_for(secretary).post(
        url("requisition-called", pk=requisition_id), {"meeting": meeting.pk}, format="json"
    )
    listed = client_for(signer_user).get(url("requisitions")).json()

    assert started.status_code == 201, started.json()
    assert started.json() | {"id": 0} == {
        "id": 0,
        "purpose": "Discuss the merger with Gofal Gwynedd",
        "purpose_cy": "",
        "started_by": member_record.number,
        "started_by_name": "Meinir Member",
        "threshold": 2,
        "signature_count": 1,
        "status": "collecting",
        "reached_on": None,
        "call_by": None,
        "meeting": None,
        "signed_by_you": True,
    }
    assert signed.status_code == 201, signed.json()
    assert (signed.json()["signature_count"], signed.json()["status"]) == (2, "reached")
    assert signed.json()["call_by"] is not None
    assert twice.status_code == 400
    assert twice.json() == {"requisition": ["This requisition is no longer collecting signatures."]}
    assert (called.json()["status"], called.json()["meeting"]) == ("called", meeting.pk)
    assert [(r["id"], r["signed_by_you"]) for r in listed["results"]] == [(requisition_id, True)]
    assert Requisition.objects.get().signatures.filter(member=signer).count() == 1
    assert [
        a
        for a in AuditEvent.objects.order_by("id").values_list("action", flat=True)
        if a.startswith("requisition.")
    ] == [
        "requisition.start",
        "requisition.sign",
        "requisition.sign",
        "requisition.reached",
        "requisition.called",
    ]


def test_a_member_signs_once(organisation, member, member_record):
    for _ in range(10):  # 11 active members: 10% rounded up is 2 signatures
        mf.member(organisation)
    requisition = services.requisition_start(
        organisation=organisation, member=member_record, purpose="Merger", actor=None
    )
    before = counts()

    response = client_for(member).post(
        url("requisition-sign", pk=requisition.pk), {}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"member": [f"Member {member_record.number} has already signed this requisition."]},
    )
    assert counts() == before
    assert Requisition.objects.get().status == "collecting"


def test_minutes_are_read_in_both_languages_edited_and_approved_later(
    organisation, secretary, member
):
    members = [mf.member(organisation) for _ in range(3)]
    held = start(give_notice(plan(organisation, title="AGM 2025", days=30)), members)
    services.meeting_close(meeting=held, actor=None)
    later = on_the_day(give_notice(plan(organisation, title="AGM 2026", days=40)))
    client = client_for(secretary)

    read = client_for(member).get(url("meeting-minutes", pk=held.pk)).json()
    edited = client.patch(
        url("meeting-minutes", pk=held.pk),
        {"body": read["body"] + "\nThe chair thanked the volunteers."},
        format="json",
    )
    before = counts()
    not_yet = client.post(
        url("meeting-minutes-approve", pk=held.pk), {"at_meeting": later.pk}, format="json"
    )
    assert counts() == before
    later = start(later, members)
    approved = client.post(
        url("meeting-minutes-approve", pk=held.pk), {"at_meeting": later.pk}, format="json"
    )
    before = counts()
    after_approval = client.patch(
        url("meeting-minutes", pk=held.pk), {"body": "Rewritten"}, format="json"
    )

    assert read["status"] == "draft"
    assert "AGM 2025" in read["body"]
    assert read["body_cy"] != read["body"]
    assert edited.status_code == 200, edited.json()
    assert edited.json()["body"].endswith("The chair thanked the volunteers.")
    assert edited.json()["body_cy"] == read["body_cy"]  # left out: unchanged
    assert (not_yet.status_code, not_yet.json()) == (
        400,
        {"at_meeting": ["Minutes are approved while that meeting is under way."]},
    )
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["approved_at"]) == ("approved", later.pk)
    assert (after_approval.status_code, after_approval.json()) == (
        400,
        {"body": ["Approved minutes cannot be changed."]},
    )
    assert counts() == before
    assert Minutes.objects.get(meeting=held).edited_by == secretary
    assert [
        a
        for a in AuditEvent.objects.order_by("id").values_list("action", flat=True)
        if a.startswith("minutes.")
    ] == ["minutes.generate", "minutes.edit", "minutes.approve"]
