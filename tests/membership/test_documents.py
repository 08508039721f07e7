"""PDFs of the register (CCBS Act 2014 s.30), in English and Welsh; certificates; accounts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from membership import documents, selectors, services
from membership.models import Member
from tests.factories import membership as mf

D = dt.date

#: The particulars s.30 requires, as the register's column headings say them (the messages
#: of the template, so the Welsh test finds them however they are translated).
S30_COLUMNS = (
    "Name",
    "Postal address",
    "Email address (purposes)",
    "shares",
    "Amount paid",
    "Date entered",
    "Date ceased",
)


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF, with runs of white space (line breaks in cells) as one space."""
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def org(db):
    return mf.cooperative(slug="dwr", name="Gofal Dyffryn Dŵr")


@pytest.fixture
def members(org):
    siwan = mf.member(org, name="Siwan Llŷr", investor_shares=250, entered_on=D(2020, 2, 3))
    gethin = mf.member(org, name="Gethin Rhys", cls="workers", entered_on=D(2021, 5, 4))
    services.shares_cancel(
        member=gethin,
        share_class=mf.share_class(org),
        shares=1,
        effective_on=D(2023, 3, 31),
        reason="Left",
        actor=None,
    )
    services.member_cease(
        member=gethin, ceased_on=D(2023, 3, 31), reason=Member.CeasedReason.WITHDRAWAL, actor=None
    )
    return siwan, gethin


def test_the_english_register_pdf_has_the_s30_columns_and_particulars(org, members):
    siwan = members[0]
    text = pdf_text(documents.register_pdf(org, D(2024, 1, 1), "en-gb"))
    for column in S30_COLUMNS:
        assert column in text, column
    assert "Register of members" in text
    assert "As at 1 January 2024" in text
    assert "section 30 of the Co-operative and Community Benefit Societies Act 2014" in text
    postal_address = " ".join(siwan.postal_address.split())
    assert f"Siwan Llŷr {postal_address} SY23 1AA {siwan.email}" in text
    assert "(notices of meetings, voting)" in text
    assert "03/02/2020 250 £250.00 1 £1.00" in text  # entered; investor, membership holdings
    assert "Gethin Rhys" in text
    assert "04/05/2021 31/03/2023" in text  # entered, ceased
    assert "2 entries." in text
    assert "Gofal Dyffryn Dŵr · Registered number RS" in text  # the footer
    assert "Page 1 of 1" in text


def test_the_welsh_register_pdf_uses_welsh_names_and_characters(org, members):
    text = pdf_text(documents.register_pdf(org, D(2024, 1, 1), "cy"))
    with translation.override("cy"):
        columns = [gettext(column) for column in S30_COLUMNS]
        title = gettext("Register of members")
    for column in columns:
        assert column in text, column
    assert title in text
    assert "Gofal Dyffryn Dŵr (cy)" in text  # the Welsh name, in the heading and footer
    assert text.count("Gofal Dyffryn Dŵr (cy)") == 2
    assert "Ionawr 2024" in text
    assert "Siwan Llŷr" in text
    assert "Cyfranddaliadau buddsoddi" in text
    assert "Defnyddwyr gwasanaeth a gofalwyr" in text
    assert "Gweithwyr" in text


def test_a_register_pdf_as_at_an_earlier_date(org, members):
    text = pdf_text(documents.register_pdf(org, D(2020, 12, 31), "en-gb"))
    assert "Siwan Llŷr" in text
    assert "Gethin Rhys" not in text
    assert "1 entry." in text


def test_a_share_certificate_pdf(org, members):
    siwan = members[0]
    certificate = services.certificate_issue(
        member=siwan, share_class=mf.share_class(org, "investor"), actor=None
    )
    text = pdf_text(documents.render_certificate_pdf(certificate, language="en-gb"))
    assert "Certificate number 1" in text
    assert "Share certificate" in text
    assert f"Siwan Llŷr (member number {siwan.number}) is the holder of 250 Investor shares" in text
    assert "The amount paid on these shares is £250.00" in text
    welsh = pdf_text(documents.render_certificate_pdf(certificate, language="cy"))
    assert "Gofal Dyffryn Dŵr (cy)" in welsh
    assert "Cyfranddaliadau buddsoddi" in welsh


def test_a_member_account_pdf(org, members):
    siwan = members[0]
    pdf = documents.render_member_account_pdf(
        siwan,
        list(selectors.member_ledger(siwan)),
        list(selectors.member_holdings(siwan)),
        language="en-gb",
    )
    text = pdf_text(pdf)
    assert "Member account" in text
    assert f"Siwan Llŷr · Member number {siwan.number}" in text
    assert "Investor shares 250 £250.00" in text
    assert "Membership shares 1 £1.00" in text
    assert "03/02/2020 Allotment Investor shares +250" in text
