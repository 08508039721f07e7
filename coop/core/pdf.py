"""Render Django templates to PDF with WeasyPrint: one renderer for every document.

Every PDF uses Noto Sans (vendored in `coop/core/fonts/`, covers Welsh ŵ and ŷ) and carries
"Page X of Y" (in the document's language) and a footer with the organisation's name and
registered number; a running heading, where given, repeats at the top of every page, and table
column headers (`<thead>`) repeat on every page a table runs onto. PDF templates extend
`pdf/base.html` and make no database queries: callers pass everything in `context`.

- `render_pdf(template, context, footer=...)`: a small document, laid out in this process.
- `render_pdf_chunked(template, context, rows=..., footer=...)`: a large one (the register, a
  notice pack, a bid pack, a count sheet). WeasyPrint's layout is single-threaded and takes
  most of the time, so the rows are split into one chunk per core; each chunk's HTML is
  rendered here (templates are Django's), laid out in a pool process, and the chunks are
  merged in order with pypdf. Page numbers are stamped after the merge, since each chunk
  only knows its own pages. The template gets `rows` (its chunk's rows) and `chunk`
  (`Chunk`: `is_first` for what comes before the rows, `is_last` for what comes after).
"""

from __future__ import annotations

import io
import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from coop.core.pdf_worker import FONTS_DIR, write_pdf

__all__ = ["FONTS_DIR", "Chunk", "PdfFooter", "render_pdf", "render_pdf_chunked"]

# The page box of every PDF; the page-number stamp uses the same so its numbers land where
# the single-process layout prints them.
PAGE_MARGIN = "18mm 14mm 20mm 14mm"
MIN_ROWS_PER_CHUNK = 100  # below this, a process's start-up costs more than its share saves


@dataclass(frozen=True)
class PdfFooter:
    organisation_name: str
    registered_number: str = ""


@dataclass(frozen=True)
class Chunk:
    """Which part of a chunked document a template is rendering."""

    index: int
    count: int
    start: int  # the position of this chunk's first row among all the rows
    total: int  # all the rows of the document

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == self.count - 1


def pdf_processes() -> int:
    """How many chunks are laid out at once: the cores this process may use
    (`CYD_PDF_PROCESSES` overrides)."""
    configured = getattr(settings, "CYD_PDF_PROCESSES", 0)
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _html(
    template_name: str,
    context: dict[str, Any],
    *,
    footer: PdfFooter,
    heading: str,
    language: str,
    numbered_later: bool,
) -> str:
    with translation.override(language):
        return render_to_string(
            template_name,
            {
                **context,
                "pdf_footer": footer,
                "pdf_heading": heading,
                "pdf_page_margin": PAGE_MARGIN,
                "pdf_numbered_later": numbered_later,
                "LANGUAGE_CODE": translation.get_language(),
            },
        )


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    footer: PdfFooter,
    language: str | None = None,
    heading: str = "",
) -> bytes:
    """Render `template_name` with `context` to PDF bytes, in `language` if given, in this
    process. `heading` (plain text) repeats at the top of every page."""
    language = language or translation.get_language()
    html = _html(
        template_name,
        context,
        footer=footer,
        heading=heading,
        language=language,
        numbered_later=False,
    )
    return write_pdf(html)


def chunk_bounds(total: int, *, processes: int, min_rows: int) -> list[tuple[int, int]]:
    """(start, end) of each chunk: as many chunks as processes, no smaller than `min_rows`,
    as even as whole rows allow."""
    count = max(1, min(processes, total // max(1, min_rows)))
    size = math.ceil(total / count) if total else 0
    bounds = [(i * size, min(total, (i + 1) * size)) for i in range(count)]
    return [(start, end) for start, end in bounds if start < end] or [(0, 0)]


def render_pdf_chunked(
    template_name: str,
    context: dict[str, Any],
    *,
    rows: Sequence[Any],
    footer: PdfFooter,
    language: str | None = None,
    heading: str = "",
    progress: Callable[[int, int], None] | None = None,
    min_rows: int | None = None,
) -> bytes:
    """Render a large document whose bulk is `rows`: in chunks laid out in parallel processes
    when it has enough rows, in this process otherwise. `progress(done, count)` is told as
    each chunk is laid out. The text is the same either way; only where pages break between
    chunks can differ."""
    language = language or translation.get_language()
    rows = list(rows)
    bounds = chunk_bounds(
        len(rows), processes=pdf_processes(), min_rows=min_rows or MIN_ROWS_PER_CHUNK
    )
    htmls = [
        _html(
            template_name,
            {**context, "rows": rows[start:end], "chunk": Chunk(i, len(bounds), start, len(rows))},
            footer=footer,
            heading=heading,
            language=language,
            numbered_later=len(bounds) > 1,
        )
        for i, (start, end) in enumerate(bounds)
    ]
    if len(htmls) == 1:
        pdf = write_pdf(htmls[0])
        if progress is not None:
            progress(1, 1)
        return pdf
    parts = _lay_out_in_pool(htmls, progress)
    return _merge_and_number(parts, language=language)


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver, not fork: the caller may be a threaded web or task process holding database
    # connections; the server process imports only WeasyPrint (preloaded once per process).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["coop.core.pdf_worker"])
    return context


def _lay_out_in_pool(htmls: list[str], progress: Callable[[int, int], None] | None) -> list[bytes]:
    with ProcessPoolExecutor(max_workers=len(htmls), mp_context=_pool_context()) as pool:
        futures = [pool.submit(write_pdf, html) for html in htmls]
        for done, _future in enumerate(as_completed(futures), start=1):
            if progress is not None:
                progress(done, len(htmls))
        return [future.result() for future in futures]


def _merge_and_number(parts: list[bytes], *, language: str) -> bytes:
    """Merge the chunks in order and stamp "Page X of Y" on every page, in `language`."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    first = PdfReader(io.BytesIO(parts[0]))
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    distinct = sorted(set(sizes))
    with translation.override(language):
        stamp_html = render_to_string(
            "pdf/page_numbers.html",
            {
                "sizes": distinct,
                "pages": [distinct.index(size) for size in sizes],
                "pdf_page_margin": PAGE_MARGIN,
                "LANGUAGE_CODE": translation.get_language(),
            },
        )
    stamps = PdfReader(io.BytesIO(write_pdf(stamp_html))).pages
    if len(stamps) != len(writer.pages):
        raise RuntimeError(f"page-number stamp has {len(stamps)} pages for {len(sizes)}")
    for page, stamp in zip(writer.pages, stamps, strict=True):
        page.merge_page(stamp)
    root = cast(DictionaryObject, first.trailer["/Root"])
    if "/Lang" in root:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
    if first.metadata:
        writer.add_metadata(dict(first.metadata))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
