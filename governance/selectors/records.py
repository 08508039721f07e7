"""Reads of the records of governance: requisitions with their signatures, the register of
resolutions, and what the minutes say."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from governance.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Requisition,
    RequisitionSignature,
    Resolution,
)
from governance.selectors.meetings import attendance, meeting_agenda, meeting_proxies
from governance.selectors.motions import meeting_motions
from membership.models import Member, Organisation


def requisitions(organisation: Organisation) -> QuerySet[Requisition]:
    """The organisation's requisitions, newest first, with their signatures counted."""
    return (
        Requisition.objects.filter(organisation=organisation)
        .annotate(signature_count=Count("signatures"))
        .select_related("organisation", "started_by", "meeting")
        .order_by("-created_at", "-id")
    )


def requisition_get(organisation: Organisation, pk: int) -> Requisition | None:
    return requisitions(organisation).filter(pk=pk).first()


def requisition_addressed(slug: str, pk: int) -> Requisition | None:
    """The requisition `pk` of the organisation `slug`; None when there is none."""
    return (
        Requisition.objects.filter(organisation__slug=slug, pk=pk)
        .annotate(signature_count=Count("signatures"))
        .select_related("organisation", "started_by", "meeting")
        .first()
    )


def requisitions_signed_by(organisation: Organisation, member: Member | None) -> set[int]:
    """Ids of the requisitions the member has signed (one query for a whole list)."""
    if member is None:
        return set()
    return set(
        RequisitionSignature.objects.filter(
            member=member, requisition__organisation=organisation
        ).values_list("requisition_id", flat=True)
    )


def resolutions_register(organisation: Organisation) -> QuerySet[Resolution]:
    """Every resolution passed, newest first (CCBS Act 2014: the register of resolutions)."""
    return (
        Resolution.objects.filter(organisation=organisation)
        .select_related("meeting", "resolution_type", "motion")
        .order_by("-passed_on", "-number")
    )


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes say, from the record (no queries in the template)."""
    present = list(attendance(meeting).filter(status=Attendance.Status.PRESENT))
    apologies = list(attendance(meeting).filter(status=Attendance.Status.APOLOGIES))
    agenda = meeting_agenda(meeting)
    return {
        "meeting": meeting,
        "organisation": meeting.organisation,
        "present": present,
        "apologies": apologies,
        "proxies": list(meeting_proxies(meeting)),
        "agenda": agenda,
        "motions": list(meeting_motions(meeting)),
        "resolutions": list(meeting.resolutions.order_by("number")),
        "quorum_required": meeting.quorum_required,
        "elections": [
            item for item in agenda if item.kind == AgendaItem.Kind.ELECTION and item.ballot_id
        ],
    }
