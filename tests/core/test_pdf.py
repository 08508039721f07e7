"""The PDF helper: a real PDF, Welsh letters, Noto Sans embedded, page numbers and footer."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from coop.core.pdf import PdfFooter, chunk_bounds, render_pdf, render_pdf_chunked
from membership import documents
from tests.factories import membership as mf

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


# The chunked renderer: chunks laid out in pool processes, merged in order, numbered after.

ROWS = [
    {"number": n, "name": f"Aelod {n} ŵ", "address": f"{n} Heol y Bont, Machynlleth SY20 8AA"}
    for n in range(1, 181)
]


def _chunked(settings, *, processes: int, language: str = "en-gb", rows=ROWS) -> bytes:
    settings.CYD_PDF_PROCESSES = processes
    return render_pdf_chunked(
        "core_test/rows.html",
        {"intro": "Croeso i’r rhestr."},
        rows=rows,
        footer=FOOTER,
        language=language,
        heading="Rhestr y tŷ · Dyfi",
        min_rows=30,
    )


_FURNITURE = re.compile(
    r"(Page|Tudalen) \d+ (of|o) \d+|Rhestr y tŷ · Dyfi|Dyfi Care Co-operative.*"
)


def _body_words(pdf: bytes) -> list[str]:
    """The document's words in order, without what every page repeats (heading, footer, page
    numbers, the table's column headers)."""
    words: list[str] = []
    for text in _pages(pdf):
        for line in text.splitlines():
            line = _FURNITURE.sub("", line).strip()
            if line in {"Rhif Enw Cyfeiriad", ""}:
                continue
            words.extend(line.split())
    return words


def test_chunk_bounds_split_rows_evenly_one_chunk_per_process_and_not_too_small():
    assert chunk_bounds(1000, processes=2, min_rows=100) == [(0, 500), (500, 1000)]
    assert chunk_bounds(1001, processes=3, min_rows=100) == [(0, 334), (334, 668), (668, 1001)]
    assert chunk_bounds(150, processes=4, min_rows=100) == [(0, 150)]
    assert chunk_bounds(250, processes=4, min_rows=100) == [(0, 125), (125, 250)]
    assert chunk_bounds(0, processes=2, min_rows=100) == [(0, 0)]


def test_a_chunked_pdf_has_the_same_text_as_the_single_process_one_in_page_order(settings):
    single = _chunked(settings, processes=1)
    chunked = _chunked(settings, processes=3)

    assert len(PdfReader(io.BytesIO(single)).pages) >= 4
    assert _body_words(chunked) == _body_words(single)
    words = _body_words(chunked)
    names = [int(words[i + 1]) for i, word in enumerate(words) if word == "Aelod"]
    assert names == list(range(1, len(ROWS) + 1))
    text = " ".join(_body_words(chunked))
    assert text.startswith("Rhestr y tŷ Croeso i’r rhestr")
    assert "1 Aelod 1 ŵ 1 Heol y Bont" in text
    assert text.endswith("180 Aelod 180 ŵ 180 Heol y Bont, Machynlleth SY20 8AA Diwedd: 180 rhes.")


def test_a_chunked_pdf_numbers_every_page_of_the_whole_document_and_repeats_the_headers(
    settings,
):
    pdf = _chunked(settings, processes=3)

    pages = _pages(pdf)
    total = len(pages)
    assert total >= 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Rhestr y tŷ · Dyfi" in text
        assert "Dyfi Care Co-operative · Registered number RS000123" in text
        assert "Rhif Enw Cyfeiriad" in text
    # Each page number is stamped once: none of the chunks numbered its own pages.
    assert all(len(re.findall(r"Page \d+ of \d+", text)) == 1 for text in pages)


def test_a_chunked_welsh_pdf_says_tudalen_x_o_y_and_keeps_the_language(settings):
    pdf = _chunked(settings, processes=2, language="cy")

    pages = _pages(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Tudalen {number} o {len(pages)}" in text
        assert "Page " not in text
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang") == "cy"
    assert all("NotoSans" in name or "Noto-Sans" in name for name in _font_names(pdf))


def test_a_chunked_pdf_tells_its_progress_chunk_by_chunk(settings):
    settings.CYD_PDF_PROCESSES = 2
    seen: list[tuple[int, int]] = []

    render_pdf_chunked(
        "core_test/rows.html",
        {"intro": ""},
        rows=ROWS[:80],
        footer=FOOTER,
        min_rows=30,
        progress=lambda done, count: seen.append((done, count)),
    )

    assert seen == [(1, 2), (2, 2)]


def test_a_small_document_is_laid_out_in_one_piece_with_its_own_page_numbers(settings):
    pdf = _chunked(settings, processes=4, rows=ROWS[:20])

    pages = _pages(pdf)
    assert pages[-1].count("Diwedd: 20 rhes.") == 1
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_an_empty_chunked_document_still_renders_its_beginning_and_end(settings):
    text = _pages(_chunked(settings, processes=2, rows=[]))

    assert len(text) == 1
    assert "Dim" in text[0]
    assert "Diwedd: 0 rhes." in text[0]


def test_the_register_in_chunks_reads_as_the_register_in_one_process(settings, monkeypatch, db):
    organisation = mf.cooperative(slug="rhestr", name="Rhestr Dyfi")
    for n in range(1, 25):
        mf.member(organisation, name=f"Aelod {n:02d}", investor_shares=n)
    monkeypatch.setattr("coop.core.pdf.MIN_ROWS_PER_CHUNK", 8)

    settings.CYD_PDF_PROCESSES = 1
    single = _pages(documents.register_pdf(organisation, dt.date(2024, 1, 1), "cy"))
    settings.CYD_PDF_PROCESSES = 3
    chunked = _pages(documents.register_pdf(organisation, dt.date(2024, 1, 1), "cy"))
    numbered_pages = chunked

    # What every page repeats (column headers, running heading, footer, page numbers) is left
    # out of both; the rest must read the same, in the same order.
    numbered = re.compile(r"Tudalen \d+ o \d+")
    single, chunked = ([numbered.sub("", t) for t in pages] for pages in (single, chunked))
    every_page = set.intersection(*(set(text.split()) for text in single + chunked))
    assert {"Rhif", "Enw", "Rhestr"} <= every_page
    body = [
        [w for w in " ".join(pages).split() if w not in every_page] for pages in (single, chunked)
    ]
    assert body[0] == body[1]
    names = re.findall(r"Aelod (\d\d)", " ".join(chunked))
    assert names == [f"{n:02d}" for n in range(1, 25)]  # every row, in order
    for number, text in enumerate(numbered_pages, start=1):
        assert f"Tudalen {number} o {len(numbered_pages)}" in text
        assert "Cofrestr aelodau fel yr oedd ar 1 Ionawr 2024" in text  # the running heading
    assert "Wedi'i chadw o dan adran 30" in chunked[0]  # the heading, once, at the start
    assert " ".join(chunked).count("Wedi'i chadw o dan adran 30") == 1
    assert "24 o gofnodion." in chunked[-1]  # the count, once, at the end
