"""Bar charts of results and turnout, drawn on the server as SVG (no JavaScript).

Each chart is an image with a title and a description for screen readers; every bar carries
its label and its value as text, so nothing is told by colour alone. The table printed next
to each chart on the page is the accessible alternative and holds the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

#: Geometry of a chart, in SVG user units (the chart scales to the width of the page).
#: Narrow enough that on a phone the text shows at about its real size.
WIDTH = 360
PAD = 4
LABEL_HEIGHT = 22
BAR_HEIGHT = 24
ROW_GAP = 12
VALUE_ROOM = 132
LABEL_CHARACTERS = 40

BAR_FILL = "#1d70b8"
HIGHLIGHT_FILL = "#00703c"
TRACK_FILL = "#f3f2f1"
TEXT_FILL = "#0b0c0c"


@dataclass(frozen=True)
class Bar:
    """One bar: `value` sets its length, `text` is what is written at its end."""

    label: str
    value: Decimal
    text: str
    highlight: bool = False


def _short(label: str) -> str:
    """A label that fits above its bar (the table next to the chart has it in full)."""
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _length(value: Decimal, largest: Decimal, room: int) -> int:
    if largest <= 0 or value <= 0:
        return 0
    return max(1, int(value * room / largest))


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    maximum: Decimal | None = None,
) -> SafeString:
    """A horizontal bar chart as SVG markup (`role="img"`, `<title>`, `<desc>`).

    `maximum` is the value of a full-width bar (the largest bar if not given); highlighted
    bars (a winning option, an elected candidate) are drawn darker and their text says why.
    """
    largest = maximum if maximum is not None else max((b.value for b in bars), default=Decimal(0))
    room = WIDTH - 2 * PAD - VALUE_ROOM
    row = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = PAD * 2 + row * max(len(bars), 1)
    rows = []
    for index, bar in enumerate(bars):
        top = PAD + index * row
        length = _length(bar.value, largest, room)
        rows.append(
            format_html(
                '<g class="cyd-chart__bar">'
                '<text x="{x}" y="{label_y}" font-size="16" fill="{text_fill}">{label}</text>'
                '<rect x="{x}" y="{bar_y}" width="{room}" height="{h}" fill="{track}"></rect>'
                '<rect x="{x}" y="{bar_y}" width="{length}" height="{h}" fill="{fill}"></rect>'
                '<text x="{value_x}" y="{value_y}" font-size="16" font-weight="700" '
                'fill="{text_fill}">{text}</text></g>',
                x=PAD,
                label_y=top + 16,
                text_fill=TEXT_FILL,
                label=_short(bar.label),
                bar_y=top + LABEL_HEIGHT,
                room=room,
                h=BAR_HEIGHT,
                track=TRACK_FILL,
                length=length,
                fill=HIGHLIGHT_FILL if bar.highlight else BAR_FILL,
                value_x=PAD + length + 6,
                value_y=top + LABEL_HEIGHT + 18,
                text=bar.text,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cyd-chart" role="img" '
        'font-family="arial, sans-serif" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" id="{id}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{rows}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        rows=format_html_join("", "{}", ((r,) for r in rows)),
    )
