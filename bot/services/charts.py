"""Bar charts drawn on the server as SVG: no script, no style attribute, no external font, so
they pass the dashboard's strict CSP inline and print the same in the PDF. Every chart has a
<title> and sits above a data table with the same numbers (WCAG 1.1.1).

A hidden count ("<5") gets no bar: its length would give the number away.
"""

from __future__ import annotations

from html import escape

CURRENT = "#154273"  # contrast 10:1 on white
PREVIOUS = "#9c5300"  # contrast 5.6:1 on white (WCAG 1.4.11 asks 3:1 for graphics)
TEXT = "#1a1a1a"
GRID = "#767676"
FONT = 'font-family="system-ui, sans-serif"'


def _short(name: str, limit: int = 42) -> str:
    """A row label that fits the label column (the full name is in the table and the tooltip)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def bar_chart(
    chart_id: str,
    title: str,
    labels: list[str],
    current: list[str],
    previous: list[str],
    series: tuple[str, str],
) -> str:
    """Horizontal grouped bars: per row this period and the same period last year."""
    values = [v for v in (*map(_number, current), *map(_number, previous)) if v is not None]
    top = max(values, default=0) or 1
    label_w, bar_w, row_h = 300, 380, 34
    legend_h = 28
    height = legend_h + row_h * len(labels) + 8
    width = label_w + bar_w + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="beheer-chart" role="img" '
        f'aria-labelledby="{chart_id}-t" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<rect x="{label_w}" y="6" width="12" height="12" fill="{CURRENT}"/>',
        f'<text x="{label_w + 18}" y="16" font-size="13" fill="{TEXT}" {FONT}>{escape(series[0])}</text>',
        f'<rect x="{label_w + 170}" y="6" width="12" height="12" fill="{PREVIOUS}"/>',
        f'<text x="{label_w + 188}" y="16" font-size="13" fill="{TEXT}" {FONT}>{escape(series[1])}</text>',
        f'<line x1="{label_w}" y1="{legend_h}" x2="{label_w}" y2="{height - 4}" stroke="{GRID}"/>',
    ]
    for i, name in enumerate(labels):
        y = legend_h + i * row_h
        out.append(
            f'<text x="{label_w - 8}" y="{y + 21}" font-size="13" text-anchor="end" '
            f'fill="{TEXT}" {FONT}>{escape(_short(name))}</text>'
        )
        for j, (shown, colour) in enumerate(((current[i], CURRENT), (previous[i], PREVIOUS))):
            value = _number(shown)
            by = y + 4 + j * 13
            length = 0 if value is None else max(1, round(bar_w * value / top)) if value else 0
            if length:
                out.append(
                    f'<rect x="{label_w + 1}" y="{by}" width="{length}" height="12" fill="{colour}">'
                    f"<title>{escape(name)}: {escape(shown)}</title></rect>"
                )
            out.append(
                f'<text x="{label_w + length + 6}" y="{by + 10}" font-size="11" fill="{TEXT}" '
                f"{FONT}>{escape(shown)}</text>"
            )
    out.append("</svg>")
    return "".join(out)


def column_chart(
    chart_id: str,
    title: str,
    labels: list[str],
    current: list[str],
    previous: list[str],
    series: tuple[str, str],
) -> str:
    """Vertical grouped columns (months): this year and the year before."""
    values = [v for v in (*map(_number, current), *map(_number, previous)) if v is not None]
    top = max(values, default=0) or 1
    left, plot_h, col_w = 40, 200, 56
    width = left + col_w * len(labels) + 10
    height = 30 + plot_h + 40
    base = 30 + plot_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="beheer-chart" role="img" '
        f'aria-labelledby="{chart_id}-t" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<rect x="{left}" y="6" width="12" height="12" fill="{CURRENT}"/>',
        f'<text x="{left + 18}" y="16" font-size="13" fill="{TEXT}" {FONT}>{escape(series[0])}</text>',
        f'<rect x="{left + 170}" y="6" width="12" height="12" fill="{PREVIOUS}"/>',
        f'<text x="{left + 188}" y="16" font-size="13" fill="{TEXT}" {FONT}>{escape(series[1])}</text>',
        f'<line x1="{left}" y1="{base}" x2="{width - 5}" y2="{base}" stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="38" font-size="11" text-anchor="end" fill="{TEXT}" {FONT}>{top}</text>',
        f'<text x="{left - 6}" y="{base}" font-size="11" text-anchor="end" fill="{TEXT}" {FONT}>0</text>',
    ]
    for i, name in enumerate(labels):
        x = left + i * col_w + 8
        for j, (shown, colour) in enumerate(((current[i], CURRENT), (previous[i], PREVIOUS))):
            value = _number(shown)
            bx = x + j * 20
            h = 0 if not value else max(1, round(plot_h * value / top))
            if h:
                out.append(
                    f'<rect x="{bx}" y="{base - h}" width="18" height="{h}" fill="{colour}">'
                    f"<title>{escape(name)}: {escape(shown)}</title></rect>"
                )
            elif value is None:
                out.append(
                    f'<text x="{bx + 9}" y="{base - 4}" font-size="10" text-anchor="middle" '
                    f'fill="{TEXT}" {FONT}>{escape(shown)}</text>'
                )
        out.append(
            f'<text x="{x + 19}" y="{base + 18}" font-size="12" text-anchor="middle" '
            f'fill="{TEXT}" {FONT}>{escape(name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
