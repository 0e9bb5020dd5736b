"""Server-rendered SVG bar charts of disclosed figures: no JavaScript, no chart library.

A chart repeats one column of a table that is always shown beside it, so it is an image
named by the table's caption (``role="img"``, ``aria-labelledby``). It is drawn only from
the cells' ``display`` text, the figures disclosure left to show, never from raw values:
a suppressed cell has no bar and shows its "*".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 680
LABEL_WIDTH = 280
VALUE_WIDTH = 70
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
ROW_HEIGHT = 32
BAR_HEIGHT = 20
MAX_LABEL_CHARS = 29
# GOV.UK text colour and this service's brand colour (contrast over 7:1 on white).
TEXT_COLOUR = "#0b0c0c"
BAR_COLOUR = "#0b5e5a"
WHOLE_COLOUR = "#505a5f"

SEPARATOR = " · "
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Bar:
    label: str
    display: str  # the disclosed text, shown at the end of the bar
    value: float | None  # parsed from display; None when nothing may be drawn
    whole: bool = False  # the "All" row, drawn in grey for comparison


def display_number(display: str) -> float | None:
    """The number a disclosed cell shows ("1,235" -> 1235.0, "12.5%" -> 12.5, "*" -> None)."""
    match = _NUMBER.match(display.replace(",", "").strip())
    return float(match.group()) if match else None


def short_label(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """Long labels are cut to fit; the table beside the chart has them in full. Each part
    of a crossed label ("Women · Asian") keeps its share, so both stay readable."""
    if len(label) <= limit:
        return label
    parts = label.split(SEPARATOR)
    share = max(4, (limit - len(SEPARATOR) * (len(parts) - 1)) // len(parts))
    return SEPARATOR.join(_cut(part, share) for part in parts)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}…"


def bar_chart(bars: list[Bar], *, labelled_by: str) -> SafeString:
    """A horizontal bar chart; bars start at zero, and negative values draw no bar."""
    if not bars:
        return SafeString("")
    largest = max((bar.value for bar in bars if bar.value is not None), default=0.0)
    scale = BAR_AREA / largest if largest > 0 else 0.0
    height = ROW_HEIGHT * len(bars) + 10
    rows = format_html_join(
        "", "{}", ((_row(index, bar, scale),) for index, bar in enumerate(bars))
    )
    return format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg" font-size="16">{}</svg>',
        labelled_by,
        WIDTH,
        height,
        rows,
    )


def _row(index: int, bar: Bar, scale: float) -> SafeString:
    top = 5 + index * ROW_HEIGHT
    middle = top + ROW_HEIGHT / 2 + 6
    length = max(0.0, (bar.value or 0.0) * scale)
    colour = WHOLE_COLOUR if bar.whole else BAR_COLOUR
    weight = "bold" if bar.whole else "normal"
    return format_html(
        '<text x="{}" y="{}" text-anchor="end" fill="{}" font-weight="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="{}">{}</text>',
        LABEL_WIDTH - 8,
        middle,
        TEXT_COLOUR,
        weight,
        short_label(bar.label),
        LABEL_WIDTH,
        top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
        f"{length:.1f}",
        BAR_HEIGHT,
        colour,
        LABEL_WIDTH + length + 6,
        middle,
        TEXT_COLOUR,
        bar.display or "–",
    )
