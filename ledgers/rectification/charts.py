"""Charts that explain themselves: server-built horizontal bars in HTML and CSS (no JavaScript,
no CDN, no SVG text that cannot wrap).

Each chart has a visible title, a legend in words, a sentence saying how to read it, bars whose
labels wrap on a phone, a value in words at the end of each bar ("未办结 5（逾期 2） · 已销号 1"),
and the same numbers in an accessible table next to it (the bars are hidden from screen readers:
the table says it all). Rows that are not a unit ("未交办") are not drawn as one; the chart says
how many there are instead.
"""

from dataclasses import dataclass, field

# (key, words, colour): overdue is part of open; on time = open − overdue. Colours keep 4.5:1
# contrast against white for the swatches' text neighbours and differ in lightness too.
SERIES = (
    ("overdue", "逾期未办结", "#b91c1c"),
    ("on_time", "未办结（未逾期）", "#d97706"),
    ("closed", "已销号", "#15803d"),
)
LIMIT = 20


@dataclass
class Bar:
    label: str
    open: int
    overdue: int
    closed: int
    segments: list = field(default_factory=list)  # (key, words, colour, percent of the widest)

    @property
    def total(self):
        return self.open + self.closed

    @property
    def words(self):
        text = f"未办结 {self.open}"
        if self.overdue:
            text += f"（逾期 {self.overdue}）"
        return f"{text} · 已销号 {self.closed}"


@dataclass
class Chart:
    key: str
    title: str
    dimension: str  # the table's first column header: 责任单位 / 问题类型 / 镇街区
    bars: list
    legend: tuple = SERIES
    left_out: int = 0  # rows beyond the limit, not drawn (the table lists them all)
    note: str = ""  # e.g. how many cases are not assigned yet (not drawn as a unit)

    @property
    def how_to_read(self):
        return (
            f"每行一个{self.dimension}，横条越长问题越多：红色为逾期未办结，橙色为未逾期的未办结，"
            "绿色为已销号；条尾文字为具体件数。"
        )


def build(key, title, dimension, rows, *, note="", limit=LIMIT):
    """A :class:`Chart` from ``rows`` (dicts with ``label``, ``open``, ``overdue``, ``closed``),
    largest first, at most ``limit`` bars."""
    rows = sorted(rows, key=lambda r: (-(r["open"] + r["closed"]), str(r["label"])))
    widest = max([r["open"] + r["closed"] for r in rows] + [1])
    bars = []
    for row in rows[:limit]:
        overdue = min(row["overdue"], row["open"])
        bar = Bar(str(row["label"]), row["open"], overdue, row["closed"])
        values = {"overdue": overdue, "on_time": row["open"] - overdue, "closed": row["closed"]}
        bar.segments = [
            (k, words, colour, round(100 * values[k] / widest, 2))
            for k, words, colour in SERIES
            if values[k]
        ]
        bars.append(bar)
    return Chart(key, title, dimension, bars, left_out=max(len(rows) - limit, 0), note=note)


def office_charts(figures):
    """The dashboard's three charts. Cases not yet assigned are counted in a note, not drawn as
    if "未交办" were a unit."""
    units = [r for r in figures["by_unit"] if r.get("assigned_unit_id")]
    waiting = [r for r in figures["by_unit"] if not r.get("assigned_unit_id")]
    pending = sum(r["open"] + r["closed"] for r in waiting)
    note = f"另有 {pending} 件尚未交办，不计入任何单位。" if pending else ""
    return [
        build("unit", "各责任单位问题办理情况", "责任单位", units, note=note),
        build("category", "各问题类型办理情况", "问题类型", figures["by_category"]),
        build("town", "各镇街区问题办理情况", "镇街区", figures["by_town"]),
    ]
