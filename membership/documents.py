"""PDFs of membership: the register as at a date, and share certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext

from coop.core.pdf import PdfFooter, render_pdf
from membership.models import Member, Organisation, ShareCertificate
from membership.selectors import Register, register_as_of


def footer_for(organisation: Organisation, language: str = "en-gb") -> PdfFooter:
    """The footer of every page: the organisation's name (Welsh in a Welsh document, where it
    has one) and its registered number."""
    welsh = language.startswith("cy") and bool(organisation.name_cy)
    return PdfFooter(
        organisation_name=organisation.name_cy if welsh else organisation.name,
        registered_number=organisation.registered_number,
    )


def _purpose_labels() -> dict[str, str]:
    """What each purpose an email address was given for is called (CCBS Act 2014 s.30)."""
    return {
        "notices": gettext("notices of meetings"),
        "ballots": gettext("voting"),
        "news": gettext("news"),
    }


def render_register_pdf(
    register: Register, *, language: str = "en-gb", progress: Callable[[int], None] | None = None
) -> bytes:
    """The statutory register (CCBS Act 2014 s.30) as at a date, in English or Welsh."""
    rows = []
    for index, row in enumerate(register.rows, start=1):
        rows.append(row)
        if progress is not None and index % 500 == 0:
            progress(index)
    with translation.override(language):
        purposes = _purpose_labels()
    return render_pdf(
        "membership/pdf/register.html",
        {
            "organisation": register.organisation,
            "as_of": register.as_of,
            "rows": rows,
            "share_classes": register.share_classes,
            "with_holdings": register.with_holdings,
            "purpose_labels": purposes,
        },
        footer=footer_for(register.organisation, language),
        language=language,
    )


def register_pdf(organisation: Organisation, as_of: dt.date, language: str = "en-gb") -> bytes:
    """The full register as at `as_of` as PDF (member class names in Welsh for Welsh)."""
    with translation.override(language):
        register = register_as_of(organisation, as_of, welsh=language == "cy")
        return render_register_pdf(register, language=language)


def render_certificate_pdf(certificate: ShareCertificate, *, language: str) -> bytes:
    """A share certificate: the holding it states, numbered, with the society's details."""
    return render_pdf(
        "membership/pdf/certificate.html",
        {
            "certificate": certificate,
            "organisation": certificate.organisation,
            "member": certificate.member,
            "share_class": certificate.share_class,
        },
        footer=footer_for(certificate.organisation, language),
        language=language,
    )


def render_member_account_pdf(
    member: Member, entries: list[object], holdings: list[object], *, language: str
) -> bytes:
    """A member's own account (CCBS Act 2014 s.103): holdings and every ledger entry."""
    return render_pdf(
        "membership/pdf/account.html",
        {
            "member": member,
            "organisation": member.organisation,
            "entries": entries,
            "holdings": holdings,
        },
        footer=footer_for(member.organisation, language),
        language=language,
    )
