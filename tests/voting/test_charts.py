"""Server-side SVG bar charts: an accessible image whose bars carry their labels and values
as text (never colour alone)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from voting.charts import BAR_FILL, HIGHLIGHT_FILL, WIDTH, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - markup we just drew, not outside input


def _chart() -> str:
    return bar_chart(
        chart_id="chart-q1",
        title="Votes on question 1",
        description="For: 30; Against: 10; Abstain: 0.",
        bars=[
            Bar("For", Decimal(30), "30", highlight=True),
            Bar("Against", Decimal(10), "10"),
            Bar("Abstain", Decimal(0), "0"),
        ],
    )


def test_chart_is_an_image_with_title_and_description() -> None:
    svg = parse(_chart())

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-q1-title chart-q1-desc"
    assert svg.find(f"{SVG}title").text == "Votes on question 1"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc").text == "For: 30; Against: 10; Abstain: 0."  # type: ignore[union-attr]


def test_each_bar_has_its_label_and_value_as_text_and_a_length_in_proportion() -> None:
    svg = parse(_chart())
    groups = svg.findall(f"{SVG}g")

    texts = [[t.text for t in g.findall(f"{SVG}text")] for g in groups]
    widths = [int(g.findall(f"{SVG}rect")[1].get("width", "")) for g in groups]
    fills = [g.findall(f"{SVG}rect")[1].get("fill") for g in groups]

    assert texts == [["For", "30"], ["Against", "10"], ["Abstain", "0"]]
    assert widths[0] > 0
    assert widths[1] == widths[0] // 3
    assert widths[2] == 0
    assert fills == [HIGHLIGHT_FILL, BAR_FILL, BAR_FILL]


def test_a_maximum_sets_the_full_width() -> None:
    svg = parse(
        bar_chart(
            chart_id="t",
            title="Turnout",
            description="Half.",
            bars=[Bar("All", Decimal(50), "50%")],
            maximum=Decimal(100),
        )
    )
    track, bar = svg.findall(f"{SVG}g")[0].findall(f"{SVG}rect")

    assert int(bar.get("width", "")) == int(track.get("width", "")) // 2


def test_labels_are_escaped() -> None:
    svg = bar_chart(
        chart_id="x",
        title="<b>Bold</b>",
        description="A & B",
        bars=[Bar('<script>alert("x")</script>', Decimal(1), "1")],
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;Bold&lt;/b&gt;" in svg
    parse(svg)  # still well-formed


def test_no_bars_and_no_votes_still_draw_a_chart() -> None:
    svg = parse(bar_chart(chart_id="e", title="Empty", description="Nothing.", bars=[]))
    zero = parse(
        bar_chart(
            chart_id="z", title="Zero", description="No votes.", bars=[Bar("For", Decimal(0), "0")]
        )
    )

    assert svg.findall(f"{SVG}g") == []
    assert zero.findall(f"{SVG}g")[0].findall(f"{SVG}rect")[1].get("width") == "0"
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox", ""))
    assert svg.get("width") == str(WIDTH)


def test_a_long_label_is_shortened_in_the_chart_only() -> None:
    label = "A very long name for a choice that would not fit above its bar on a phone"
    svg = parse(
        bar_chart(chart_id="l", title="T", description="D.", bars=[Bar(label, Decimal(1), "1")])
    )

    shown = svg.findall(f"{SVG}g")[0].findall(f"{SVG}text")[0].text

    assert shown == label[:39] + "…"
