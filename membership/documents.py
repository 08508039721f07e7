"""PDFs of membership: the register as at a date, and share certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from coop.core.pdf import PdfFooter, render_pdf, render_pdf_chunked
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


# Fixed column widths (mm, of landscape A4 less margins) let WeasyPrint skip measuring every
# cell and give every chunk the same columns. A holding's columns are wide enough for their
# Welsh headings ("cyfranddaliadau" at 6.5pt) on one line; narrow padding leaves the names,
# addresses and emails room to fit a line, so the register takes fewer pages.
_PAGE_WIDTH_MM = 269
_FIXED_MM = (9, 22, 17, 17)  # number, member class, date entered, date ceased
_HOLDING_MM = (21, 18)  # shares, amount paid: per share class
_FLEXIBLE_MM = (30, 35, 35)  # name, postal address, email: at least, then what is left


def register_column_widths(share_classes: int) -> list[float]:
    """Widths (mm) of the register's columns, in the template's order; scaled down together
    when many share classes would not fit otherwise."""
    wanted = [*_FIXED_MM, *(list(_HOLDING_MM) * share_classes)]
    scale = min(1.0, (_PAGE_WIDTH_MM - sum(_FLEXIBLE_MM)) / sum(wanted))
    fixed = [round(width * scale, 1) for width in wanted]
    rest = _PAGE_WIDTH_MM - sum(fixed)
    name, address, email = (round(rest * width / sum(_FLEXIBLE_MM), 1) for width in _FLEXIBLE_MM)
    number, member_class, entered, ceased, *holdings = fixed
    return [number, name, address, email, member_class, entered, ceased, *holdings]


def render_register_pdf(
    register: Register,
    *,
    language: str = "en-gb",
    rows_read: Callable[[int], None] | None = None,
    chunks_done: Callable[[int, int], None] | None = None,
) -> bytes:
    """The statutory register (CCBS Act 2014 s.30) as at a date, in English or Welsh: laid
    out in chunks in parallel processes when it is long. `rows_read(n)` is told as the rows
    are read, `chunks_done(done, count)` as each chunk is laid out."""
    rows = []
    for index, row in enumerate(register.rows, start=1):
        rows.append(row)
        if rows_read is not None and index % 500 == 0:
            rows_read(index)
    organisation = register.organisation
    with translation.override(language):
        purposes = _purpose_labels()
        title = (
            gettext("Register of members")
            if register.with_holdings
            else gettext("Duplicate register of members")
        )
        # The organisation is in every page's footer already.
        heading = gettext("%(title)s as at %(day)s") % {
            "title": title,
            "day": date_format(register.as_of, "j F Y"),
        }
    holding_columns = len(register.share_classes) if register.with_holdings else 0
    return render_pdf_chunked(
        "membership/pdf/register.html",
        {
            "organisation": organisation,
            "as_of": register.as_of,
            "share_classes": register.share_classes,
            "with_holdings": register.with_holdings,
            "purpose_labels": purposes,
            "column_widths": register_column_widths(holding_columns),
        },
        rows=rows,
        footer=footer_for(organisation, language),
        language=language,
        heading=heading,
        progress=chunks_done,
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
