"""The part of PDF rendering that runs in a pool process: HTML in, PDF bytes out.

It imports WeasyPrint (at import time, so the pool's server process, which preloads this
module, pays for it once) and nothing of Django: every chunk starts from a clean, warm process
that holds no database connection and no thread of the web or task process that asked for it.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

FONTS_DIR = Path(__file__).resolve().parent / "fonts"


def write_pdf(html: str) -> bytes:
    """Lay out `html` (a whole document) with the vendored Noto Sans and return the PDF."""
    font_config = FontConfiguration()
    fonts = CSS(filename=str(FONTS_DIR / "fonts.css"), font_config=font_config)
    document = HTML(string=html, base_url=str(FONTS_DIR) + "/")
    return bytes(document.write_pdf(stylesheets=[fonts], font_config=font_config))
