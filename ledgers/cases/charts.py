"""Server-drawn SVG charts (no JavaScript, no CDN): stacked horizontal bars."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

SERIES = (
    ("open", "未办结", "#b45309"),
    ("overdue", "其中逾期", "#b91c1c"),
    ("closed", "已销号", "#15803d"),
)


def bar_chart(rows, title, limit=20):
    """``rows``: dicts with ``label``, ``open``, ``overdue``, ``closed``. Open and closed bars are
    stacked; overdue is drawn inside the open bar. Returns safe SVG markup with a text title."""
    rows = sorted(rows, key=lambda r: -(r["open"] + r["closed"]))[:limit]
    bar_h, gap, label_w, chart_w = 18, 8, 170, 420
    height = 40 + len(rows) * (bar_h + gap)
    biggest = max([r["open"] + r["closed"] for r in rows] + [1])
    scale = chart_w / biggest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {label_w + chart_w + 60} {height}" '
        f'width="100%" aria-labelledby="chart-{id(rows)}"><title id="chart-{id(rows)}">{escape(title)}</title>'
    ]
    x = label_w
    for _key, name, colour in SERIES:
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="15" font-size="12">{escape(name)}</text>'
        )
        x += 100
    for i, row in enumerate(rows):
        y = 30 + i * (bar_h + gap)
        open_w, closed_w = row["open"] * scale, row["closed"] * scale
        overdue_w = row["overdue"] * scale
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" font-size="12" text-anchor="end">{escape(str(row["label"])[:14])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{open_w:.1f}" height="{bar_h}" fill="#b45309"><title>未办结 {row["open"]}</title></rect>'
            f'<rect x="{label_w}" y="{y + 4}" width="{overdue_w:.1f}" height="{bar_h - 8}" fill="#b91c1c"><title>逾期 {row["overdue"]}</title></rect>'
            f'<rect x="{label_w + open_w:.1f}" y="{y}" width="{closed_w:.1f}" height="{bar_h}" fill="#15803d"><title>已销号 {row["closed"]}</title></rect>'
            f'<text x="{label_w + open_w + closed_w + 4:.1f}" y="{y + 13}" font-size="12">{row["open"]}/{row["closed"]}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above
