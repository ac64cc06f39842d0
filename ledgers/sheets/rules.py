"""Policy rules on the ledgers (海办发〔2016〕9号 二、(一)(二)), one named function each.

Every rule takes plain data (PersonRecord-like objects with ``key``, ``name``, ``cadre``,
``area``, ``sheet``, ``row``) and returns a list of :class:`Finding`; the service layer feeds
them from the parsed upload and from confirmed rows in the database. People are matched on the
normalised name + phone (``person_key``).
"""

from collections import defaultdict
from dataclasses import dataclass

MIN_TARGETS_PER_CADRE = 10  # 二、(二) 1: 每名干部联系服务对象不少于10名
HOUSEHOLDS_PER_CADRE = 5  # 二、(一) 1: 每名干部每次走访5户左右
HOUSEHOLDS_TOLERANCE = 2  # "左右": 3–7 households pass


@dataclass
class Finding:
    rule: str
    level: str  # "error" blocks nothing by itself; rules report "warning" or "flag" (office)
    message: str
    rows: tuple = ()
    code: str = ""  # a FindingCode when the rows it names are stored 待核实

    def as_dict(self):
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "rows": [list(r) for r in self.rows[:20]],
            "row_total": len(self.rows),
            "code": self.code,
        }


def rows_text(rows, limit=10, total=None):
    """“工作表“农村”第5、6行” for a message: the clerk can find every row it cites."""
    by_sheet = {}
    for sheet, row in rows:
        by_sheet.setdefault(sheet, []).append(row)
    parts = []
    shown = 0
    for sheet, numbers in by_sheet.items():
        numbers = sorted(numbers)
        take = numbers[: max(limit - shown, 0)]
        shown += len(take)
        if take:
            parts.append(f"工作表“{sheet}”第{'、'.join(str(n) for n in take)}行")
    total = max(total or 0, len(rows))
    return ";".join(parts) + (f" 等共 {total} 行" if total > shown else "")


def figure(value):
    """A count or average as people read it: whole numbers above 10, one decimal below."""
    if value >= 10 or float(value).is_integer():
        return f"{round(value):d}"
    return f"{value:.1f}"


def _where(record):
    return (record.sheet, record.row)


def cadre_target_shortfall(targets, registered_cadres, minimum=MIN_TARGETS_PER_CADRE):
    """附件3: every cadre keeps at least ``minimum`` service targets. Counted per 联系干部 when
    the column is filled, otherwise the total against the unit's registered cadre count."""
    findings = []
    with_cadre = [t for t in targets if t.cadre]
    if with_cadre:
        by_cadre = defaultdict(list)
        for target in with_cadre:
            by_cadre[target.cadre].append(target)
        for cadre, records in sorted(by_cadre.items()):
            count = len(records)
            if count < minimum:
                rows = tuple(_where(t) for t in records)
                findings.append(
                    Finding(
                        "cadre_target_shortfall",
                        "warning",
                        f"干部“{cadre}”只联系了 {count} 名服务对象,少于 {minimum} 名"
                        f"({rows_text(rows)})",
                        rows,
                        "cadre_short",
                    )
                )
        missing = len(targets) - len(with_cadre)
        if missing:
            findings.append(
                Finding(
                    "cadre_target_shortfall",
                    "warning",
                    f"有 {missing} 名服务对象没有填写联系干部"
                    f"({rows_text([_where(t) for t in targets if not t.cadre])})",
                    tuple(_where(t) for t in targets if not t.cadre),
                )
            )
        return findings
    distinct = len({t.key for t in targets})
    needed = registered_cadres * minimum
    if registered_cadres and distinct < needed:
        findings.append(
            Finding(
                "cadre_target_shortfall",
                "warning",
                f"本单位在册干部 {registered_cadres} 名,应联系服务对象不少于 {needed} 名,"
                f"实际 {distinct} 名",
            )
        )
    return findings


def repeated_targets(targets):
    """附件3: a service target must not be repeated inside one unit."""
    groups = defaultdict(list)
    for target in targets:
        if target.key:
            groups[target.key].append(target)
    findings = []
    for records in groups.values():
        if len(records) > 1:
            cadres = "、".join(sorted({r.cadre for r in records if r.cadre})) or "未注明干部"
            rows = tuple(_where(r) for r in records)
            findings.append(
                Finding(
                    "repeated_targets",
                    "warning",
                    f"服务对象“{records[0].name}”在本单位重复出现 {len(records)} 次"
                    f"({cadres};{rows_text(rows)})",
                    rows,
                    "duplicate",
                )
            )
    return findings


def targets_among_visited(targets, visited_keys):
    """附件3 vs 附件1: service targets must not repeat the unit's visited households."""
    hits = [t for t in targets if t.key and t.key in visited_keys]
    if not hits:
        return []
    names = "、".join(sorted({t.name for t in hits})[:10])
    rows = tuple(_where(t) for t in hits)
    return [
        Finding(
            "targets_among_visited",
            "warning",
            f"{len(hits)} 名服务对象与本单位走访的村(居)民重复:{names}({rows_text(rows)})",
            rows,
            "overlap",
        )
    ]


def reported_by_several_units(keys_by_unit):
    """Across units: the same person (name + phone) reported by several units, for the office.

    ``keys_by_unit`` maps a unit name to the set of person keys it reported. Returns one finding
    per person, naming the units.
    """
    owners = defaultdict(set)
    for unit_name, keys in keys_by_unit.items():
        for key in keys:
            if key:
                owners[key].add(unit_name)
    findings = []
    for key, units in sorted(owners.items()):
        if len(units) > 1:
            name = key.split("|", 1)[0]
            findings.append(
                Finding(
                    "reported_by_several_units",
                    "flag",
                    f"“{name}”同时由 {len(units)} 个单位报送:{'、'.join(sorted(units))}",
                )
            )
    return findings


def households_per_cadre(
    visits, registered_cadres, expected=HOUSEHOLDS_PER_CADRE, tolerance=HOUSEHOLDS_TOLERANCE
):
    """附件1: about ``expected`` households per cadre per visit round (± ``tolerance``);
    counted per 联系干部 when filled, otherwise on average over the registered cadres."""
    findings = []
    low, high = expected - tolerance, expected + tolerance
    with_cadre = [v for v in visits if v.cadre]
    if with_cadre:
        by_cadre = defaultdict(list)
        for visit in with_cadre:
            by_cadre[visit.cadre].append(visit)
        for cadre, records in sorted(by_cadre.items()):
            count = len(records)
            if not low <= count <= high:
                rows = tuple(_where(v) for v in records)
                findings.append(
                    Finding(
                        "households_per_cadre",
                        "warning",
                        f"干部“{cadre}”走访 {count} 户,政策要求每人每次约 {expected} 户"
                        f"({rows_text(rows)})",
                        rows,
                    )
                )
        return findings
    if registered_cadres:
        average = len({v.key for v in visits}) / registered_cadres
        if not low <= average <= high:
            findings.append(
                Finding(
                    "households_per_cadre",
                    "warning",
                    f"在册干部 {registered_cadres} 名,平均每人走访约 {figure(average)} 户,"
                    f"政策要求约 {expected} 户(如在册干部人数有误,请联系作风办更正)",
                )
            )
    return findings


def urban_rural_separated(records, total_missing=None, unit_areas=None):
    """附件1–2: rural and urban households are reported separately: every row must say which
    (by a 城市/农村 column or by a sheet named 城市/农村). It applies only to a unit that has both
    (``unit_areas``: the areas known for the unit, e.g. {"urban", "rural"}); a unit with only
    villages or only communities files one official table and gets no note. ``total_missing`` is
    the full count when the caller kept only a sample of the rows without an area."""
    if unit_areas is not None and len(set(unit_areas)) < 2:
        return []
    unknown = [r for r in records if not r.area]
    if not unknown:
        return []
    count = max(total_missing or 0, len(unknown))
    rows = tuple(_where(r) for r in unknown)
    return [
        Finding(
            "urban_rural_separated",
            "warning",
            f"本单位既有城市也有农村,{count} 行没有注明城市或农村({rows_text(rows, total=count)}):"
            "请分“城市”“农村”两个工作表,或填写“城市/农村”列",
            rows,
        )
    ]
