"""The results charts, in the style of ``ledgers/rectification/charts.py``: server-built
horizontal bars in HTML and CSS (no JavaScript, no CDN), a legend in words, a sentence saying how
to read them, the value in words at the end of each bar and the same numbers in a table."""

from dataclasses import dataclass, field

OUTCOME_SERIES = (
    ("confirmed", "核实属实", "#15803d"),
    ("false", "不属实(虚报)", "#b91c1c"),
    ("refused", "拒访", "#d97706"),
    ("unreachable", "无法接通", "#6b7280"),
    ("pending", "待拨打", "#cbd5e1"),
)
RATE_SERIES = (("rate", "满意率", "#1d4ed8"),)
LIMIT = 30


@dataclass
class Bar:
    label: str
    words: str
    segments: list = field(default_factory=list)  # (key, words, colour, percent of the widest)


@dataclass
class Chart:
    key: str
    title: str
    how_to_read: str
    legend: tuple
    bars: list
    left_out: int = 0


def outcome_chart(unit_rows, limit=LIMIT):
    """Calls per unit split by outcome, most calls first."""
    rows = sorted(unit_rows, key=lambda r: (-r.drawn, r.unit))
    widest = max([r.drawn for r in rows] + [1])
    bars = []
    for row in rows[:limit]:
        values = {
            "confirmed": row.confirmed,
            "false": row.false,
            "refused": row.refused,
            "unreachable": row.unreachable,
            "pending": row.drawn - row.made,
        }
        words = " · ".join(f"{w} {values[k]}" for k, w, _ in OUTCOME_SERIES if values[k])
        bar = Bar(row.unit, words or "无")
        bar.segments = [
            (k, w, c, round(100 * values[k] / widest, 2)) for k, w, c in OUTCOME_SERIES if values[k]
        ]
        bars.append(bar)
    return Chart(
        "outcome",
        "各单位抽查电话核实结果",
        "每行一个单位,横条越长抽查的人越多:绿色为核实属实,红色为不属实(虚报),橙色为拒访,"
        "灰色为无法接通,浅色为尚未拨打;条尾文字为具体人数。",
        OUTCOME_SERIES,
        bars,
        left_out=max(len(rows) - limit, 0),
    )


def satisfaction_chart(unit_rows, limit=LIMIT):
    """满意率 per unit (only units with at least one answer), lowest first."""
    rows = [r for r in unit_rows if r.satisfaction_rate is not None]
    rows.sort(key=lambda r: (r.satisfaction_rate, r.unit))
    bars = []
    for row in rows[:limit]:
        bar = Bar(row.unit, f"满意率 {row.satisfaction_rate}%(回答 {row.answered} 人)")
        bar.segments = [("rate", "满意率", RATE_SERIES[0][2], row.satisfaction_rate)]
        bars.append(bar)
    return Chart(
        "satisfaction",
        "各单位群众满意率",
        "每行一个单位,横条长度为满意率(非常满意、满意、基本满意的人数 ÷ 回答满意度的人数),"
        "满格为100%;满意率低的单位排在前面。",
        RATE_SERIES,
        bars,
        left_out=max(len(rows) - limit, 0),
    )
