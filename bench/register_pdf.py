"""The register PDF part of `bench register` (also alone: `python -m bench register pdf`).

Three renderings of the same 1,000-member register in one run, so their ratios hold whatever
else the machine is doing:
- `pdf_1000_baseline_s`: the path before the chunked renderer: the old template (automatic
  table widths, kept verbatim in `bench/templates/bench/register_baseline.html`), laid out in
  this one process with `render_pdf`;
- `pdf_1000_single_s`: today's template (fixed-width table) laid out in this one process: the
  gain of the fixed layout alone;
- `pdf_1000_s`: `documents.register_pdf`, the chunked renderer (one chunk per core, merged and
  numbered with pypdf).
`pdf_1000_speedup` = baseline / chunked; `*_pages` are the page counts.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

from bench._setup import log

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _baseline(organisation: Any, as_of: dt.date) -> bytes:
    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils import translation

    from coop.core.pdf import render_pdf
    from membership.documents import _purpose_labels, footer_for
    from membership.selectors import register_as_of

    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], TEMPLATES]
    with override_settings(TEMPLATES=[engine]), translation.override("en-gb"):
        register = register_as_of(organisation, as_of)
        return render_pdf(
            "bench/register_baseline.html",
            {
                "organisation": organisation,
                "as_of": register.as_of,
                "rows": list(register.rows),
                "share_classes": register.share_classes,
                "with_holdings": register.with_holdings,
                "purpose_labels": _purpose_labels(),
            },
            footer=footer_for(organisation),
            language="en-gb",
        )


def _single(organisation: Any, as_of: dt.date) -> bytes:
    from django.test.utils import override_settings

    from membership.documents import register_pdf

    with override_settings(CYD_PDF_PROCESSES=1):
        return register_pdf(organisation, as_of)


def measure(organisation: Any, as_of: dt.date, members: int) -> dict[str, Any]:
    from membership.documents import register_pdf

    figures: dict[str, Any] = {}
    for key, render in (
        ("pdf_1000_baseline", _baseline),
        ("pdf_1000_single", _single),
        ("pdf_1000", register_pdf),
    ):
        start, cpu = time.perf_counter(), time.process_time()
        pdf = render(organisation, as_of)
        figures[f"{key}_s"] = round(time.perf_counter() - start, 3)
        figures[f"{key}_cpu_s"] = round(time.process_time() - cpu, 3)  # this process only
        figures[f"{key}_pages"] = _pages(pdf)
        assert pdf.startswith(b"%PDF")
        log(f"{key} ({members} members): {figures[f'{key}_s']} s, {figures[f'{key}_pages']} pages")
    figures["pdf_1000_speedup"] = round(figures["pdf_1000_baseline_s"] / figures["pdf_1000_s"], 2)
    figures["pdf_1000_fixed_layout_speedup"] = round(
        figures["pdf_1000_baseline_s"] / figures["pdf_1000_single_s"], 2
    )
    return figures
