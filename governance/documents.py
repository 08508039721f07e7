"""PDFs of governance: the notice pack and the minutes, bilingual (English then Welsh)."""

from __future__ import annotations

from coop.core.pdf import PdfFooter, render_pdf
from governance.models import Meeting, Minutes
from governance.selectors import meeting_motions, notice_facts


def _footer(meeting: Meeting) -> PdfFooter:
    return PdfFooter(
        organisation_name=meeting.organisation.name,
        registered_number=meeting.organisation.registered_number,
    )


def render_notice_pack_pdf(meeting: Meeting) -> bytes:
    """Notice of the meeting, the agenda, the motions with supporting statements and
    amendments, and a proxy form where the rules allow proxies — in English and Welsh."""
    version = meeting.rules_version
    context = {
        "meeting": meeting,
        "organisation": meeting.organisation,
        "agenda": list(meeting.agenda.order_by("position")),
        "motions": [m for m in meeting_motions(meeting) if m.status == "admissible"],
        "facts": notice_facts(meeting),
        "proxies_allowed": bool(version and version.proxies_allowed),
        "languages": ["en-gb", "cy"],
    }
    return render_pdf(
        "governance/pdf/notice_pack.html", context, footer=_footer(meeting), language="en-gb"
    )


def render_minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes in English and Welsh, with their approval status."""
    return render_pdf(
        "governance/pdf/minutes.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "organisation": minutes.meeting.organisation,
        },
        footer=_footer(minutes.meeting),
        language="en-gb",
    )
