"""Render a Django template to PDF with WeasyPrint.

Every PDF uses Noto Sans (vendored in `coop/core/fonts/`, covers Welsh ŵ and ŷ) and carries
page numbers and a footer with the organisation's name and registered number. PDF templates
extend `pdf/base.html` and make no database queries: callers pass everything in `context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FONTS_DIR = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class PdfFooter:
    organisation_name: str
    registered_number: str = ""


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    footer: PdfFooter,
    language: str | None = None,
) -> bytes:
    """Render `template_name` with `context` to PDF bytes, in `language` if given."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(language or translation.get_language()):
        html = render_to_string(
            template_name,
            {**context, "pdf_footer": footer, "LANGUAGE_CODE": translation.get_language()},
        )
    font_config = FontConfiguration()
    fonts = CSS(filename=str(FONTS_DIR / "fonts.css"), font_config=font_config)
    document = HTML(string=html, base_url=str(FONTS_DIR) + "/")
    return bytes(document.write_pdf(stylesheets=[fonts], font_config=font_config))
