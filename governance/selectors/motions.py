"""Reads of motions and amendments: finding one by its address, a meeting's motions with
their amendments, those waiting for a seconder, and the changes an amendment makes."""

from __future__ import annotations

import difflib
import re

from django.db.models import Prefetch, QuerySet

from governance.models import Amendment, Meeting, Motion
from membership.models import Organisation

_MOTION_GATE = ("organisation", "meeting", "meeting__organisation", "meeting__rules_version")


def motion_addressed(slug: str, pk: int) -> Motion | None:
    """The motion `pk` of the organisation `slug`, with its meeting (for the gate) and what
    its pages show; None when there is none."""
    return (
        Motion.objects.select_related(
            *_MOTION_GATE, "proposer", "seconder", "resolution_type", "ballot", "confirms"
        )
        .filter(organisation__slug=slug, pk=pk)
        .first()
    )


def amendment_addressed(slug: str, pk: int) -> Amendment | None:
    """The amendment `pk` to a motion of the organisation `slug`, with its motion and
    meeting (for the gate); None when there is none."""
    return (
        Amendment.objects.select_related(
            *(f"motion__{name}" for name in _MOTION_GATE),
            "motion",
            "proposer",
            "seconder",
            "ballot",
        )
        .filter(motion__organisation__slug=slug, pk=pk)
        .first()
    )


def meeting_motions(meeting: Meeting) -> QuerySet[Motion]:
    """The meeting's motions in the order received, each with its amendments in order."""
    return (
        meeting.motions.select_related(
            "proposer", "seconder", "resolution_type", "ballot", "agenda_item"
        )
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related(
                    "proposer", "seconder", "ballot"
                ).order_by("position"),
            )
        )
        .order_by("id")
    )


def motion_detail(meeting: Meeting, pk: int) -> Motion:
    """One motion of the meeting with everything its detail shows (amendments included)."""
    return meeting_motions(meeting).get(pk=pk)


def motions_waiting_for_seconder(
    organisation: Organisation, *, include_board: bool
) -> QuerySet[Motion]:
    """Members' motions waiting for a seconder, at meetings still taking motions (planned
    or under notice), in the order received; those of board meetings only if asked."""
    found = Motion.objects.filter(
        organisation=organisation,
        status=Motion.Status.SUBMITTED,
        meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.CALLED],
    )
    if not include_board:
        found = found.exclude(meeting__kind=Meeting.Kind.BOARD)
    return found.select_related("meeting", "proposer").order_by("meeting", "id")


_WORD = re.compile(r"\s+|[^\s]+")


def text_changes(original: str, amended: str) -> list[tuple[str, str]]:
    """The amended text with its changes marked: a list of (kind, text) where kind is
    'same', 'del' or 'ins' (word by word)."""
    before, after = _WORD.findall(original), _WORD.findall(amended)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(before[a0:a1])))
            continue
        if op in ("delete", "replace"):
            out.append(("del", "".join(before[a0:a1])))
        if op in ("insert", "replace"):
            out.append(("ins", "".join(after[b0:b1])))
    return out
