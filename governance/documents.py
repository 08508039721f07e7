"""PDFs of governance: the notice pack and the minutes, bilingual (English then Welsh).

The templates make no queries: everything, including each result in words in each language,
is gathered here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coop.core.pdf import PdfFooter, render_pdf, render_pdf_chunked
from governance.models import Meeting, Minutes, Motion
from governance.selectors import meeting_agenda, meeting_motions, notice_facts
from voting.results import describe

LANGUAGES = ("en-gb", "cy")
# From this many motions the two languages of a notice pack are laid out in parallel; a
# shorter pack is quicker in one process than the pool's start-up.
PARALLEL_FROM_MOTIONS = 12


def _footer(meeting: Meeting) -> PdfFooter:
    return PdfFooter(
        organisation_name=meeting.organisation.name,
        registered_number=meeting.organisation.registered_number,
    )


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "governance:meeting", args=[meeting.organisation.slug, meeting.pk]
    )


def render_notice_pack_pdf(meeting: Meeting) -> bytes:
    """Notice of the meeting, the agenda, the motions with supporting statements and
    amendments, and a proxy form where the rules allow proxies — in English and Welsh. Each
    language is a chunk: a long pack is laid out in two processes at once."""
    version = meeting.rules_version
    motions = [m for m in meeting_motions(meeting) if m.status == Motion.Status.ADMISSIBLE]
    context = {
        "meeting": meeting,
        "organisation": meeting.organisation,
        "agenda": meeting_agenda(meeting),
        "motions": motions,
        "facts": notice_facts(meeting),
        "proxies_allowed": bool(version and version.proxies_allowed),
        "member_class": meeting.member_class,
        "url": _meeting_url(meeting),
    }
    return render_pdf_chunked(
        "governance/pdf/notice_pack.html",
        context,
        rows=list(LANGUAGES),
        footer=_footer(meeting),
        language="en-gb",
        min_rows=1 if len(motions) >= PARALLEL_FROM_MOTIONS else len(LANGUAGES),
    )


@dataclass(frozen=True)
class ResultLine:
    """One motion's outcome for the minutes' record of votes, in one language."""

    title: str
    text: str
    status: str
    result: str
    resolution_number: int | None


def _result_lines(motions: list[Motion], results: dict[int, dict[str, Any]]) -> list[ResultLine]:
    """Each motion put to the vote: its title and text as put, and the result with the rule
    applied, in the active language (from the ballot's result where there is one)."""
    lines = []
    for motion in motions:
        if not motion.result_summary:
            continue
        result = results.get(motion.pk)
        number = getattr(getattr(motion, "resolution", None), "number", None)
        lines.append(
            ResultLine(
                title=motion.display_title,
                text=motion.display_text,
                status=motion.get_status_display(),
                result=describe(result) if result else motion.result_summary,
                resolution_number=number,
            )
        )
    return lines


def render_minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes in English and Welsh, with their approval status. Each language's section
    ends with the record of the votes taken — each motion, its result and the rule applied —
    taken from the record, whatever editing the minutes' text has had."""
    meeting = minutes.meeting
    motions = [m for m in meeting_motions(meeting).select_related("resolution") if m.result_summary]
    results: dict[int, dict[str, Any]] = {}
    for motion in motions:
        if motion.ballot is not None:
            question = motion.ballot.questions.first()
            if question is not None and question.result:
                results[motion.pk] = question.result
    sections = []
    for code in LANGUAGES:
        body = minutes.body if code == "en-gb" else minutes.body_cy
        if not body:
            continue
        with translation.override(code):
            lines = _result_lines(motions, results)
        title, _newline, rest = body.partition("\n")
        sections.append(
            {"code": code, "lang": code[:2], "title": title, "body": rest.strip(), "results": lines}
        )
    return render_pdf(
        "governance/pdf/minutes.html",
        {
            "minutes": minutes,
            "meeting": meeting,
            "organisation": meeting.organisation,
            "sections": sections,
        },
        footer=_footer(meeting),
        language="en-gb",
    )
