"""The PDF helper: a real PDF, Welsh letters, Noto Sans embedded, page numbers and footer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from coop.core.pdf import PdfFooter, render_pdf

TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def _test_templates(settings) -> None:
    """Add tests/core/templates to the template search path for these tests only."""
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _font_names(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


FOOTER = PdfFooter(organisation_name="Dyfi Care Co-operative", registered_number="RS000123")


def test_render_pdf_returns_a_pdf_whose_text_has_the_welsh_letters():
    pdf = render_pdf(
        "core_test/welsh.html", {"greeting": "Croeso i’r tŷ"}, footer=FOOTER, language="en-gb"
    )

    assert pdf.startswith(b"%PDF-")
    pages = _pages(pdf)
    assert len(pages) == 1
    assert "Dŵr a thŷ" in pages[0]
    assert "Croeso i’r tŷ" in pages[0]
    assert "ŵ" in pages[0]
    assert "ŷ" in pages[0]


def test_render_pdf_numbers_the_pages_and_prints_the_organisation_in_the_footer():
    pdf = render_pdf(
        "core_test/welsh.html",
        {"greeting": "Helo", "two_pages": True},
        footer=FOOTER,
        language="en-gb",
    )

    pages = _pages(pdf)
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0]
    assert "Page 2 of 2" in pages[1]
    assert "Ail dudalen: ŵyr ac ŷd." in pages[1]
    for text in pages:
        assert "Dyfi Care Co-operative · Registered number RS000123" in text


def test_render_pdf_in_welsh_keeps_the_welsh_letters_and_marks_the_language():
    pdf = render_pdf(
        "core_test/welsh.html",
        {"greeting": "Bore da", "two_pages": True},
        footer=FOOTER,
        language="cy",
    )

    pages = _pages(pdf)
    assert len(pages) == 2
    assert "ŵ" in pages[0]
    assert "ŷ" in pages[0]
    assert "Dyfi Care Co-operative" in pages[0]
    assert "RS000123" in pages[0]
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"].get("/Lang") == "cy"


def test_render_pdf_embeds_only_noto_sans():
    pdf = render_pdf("core_test/welsh.html", {"greeting": "Helo"}, footer=FOOTER)

    names = _font_names(pdf)
    assert names
    assert all("NotoSans" in name or "Noto-Sans" in name for name in names), names


def test_footer_text_with_quotes_and_ampersands_prints_as_written():
    footer = PdfFooter(organisation_name='Jones & Sons\' "Tŷ" Co-op', registered_number="RS\\1")

    pdf = render_pdf("core_test/welsh.html", {"greeting": "Helo"}, footer=footer, language="en-gb")

    assert 'Jones & Sons\' "Tŷ" Co-op · Registered number RS\\1' in _pages(pdf)[0]


def test_a_footer_without_a_registered_number_shows_just_the_name():
    footer = PdfFooter(organisation_name="Consortiwm Dyfi")

    text = _pages(render_pdf("core_test/welsh.html", {}, footer=footer, language="en-gb"))[0]

    assert "Consortiwm Dyfi" in text
    assert "Registered number" not in text
