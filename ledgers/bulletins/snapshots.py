"""The data of each 通报 template, collected from the modules' own query functions into a JSON
snapshot stored on the bulletin:

``{"subject": …, "columns": [...], "rows": [[...], ...], "summary": {...}, "refs": {...},
"text_columns": [...]}``

Every cell is text. Each collector runs a constant number of queries whatever the number of rows
(the modules' functions are reused: the ledger board's :func:`board_cells`, the rectification
ledger's ``overdue`` definition, the spot checks' :func:`round_results`, the 曝光台's
publications). No reporter's or citizen's name or phone number enters a snapshot: case titles are
redacted with their reporters' names (``Case.safe_title``), spot-check results are figures only
and inspection findings are the 纪委's approved (already redacted) publication texts. ``refs``
keeps the ids of the source objects (never shown) so that the public version can redact again;
``text_columns`` are the indexes of the free-text columns the public version redacts (the others
hold numbers of documents, dates, counts and unit names, which a house-number mask would spoil).
"""

import datetime
import re

from django.db.models import Prefetch

from ledgers.bulletins.models import Kind

HAN = "\u4e00-\u9fff"
_ASCII_PUNCT = re.compile(rf"(?<=[{HAN}])[,:;?!()]|[,:;?!()](?=[{HAN}])")
_FULL = dict(zip(",:;?!()", "，：；？！（）", strict=True))


def full_width(text):
    """ASCII , : ; ? ! ( ) touching a Han character in their full-width forms (Chinese running
    text, as the public pages and official documents write it)."""
    text = _ASCII_PUNCT.sub(lambda m: _FULL[m.group()], text or "")
    if "（" not in text:
        return text
    out, open_full = [], 0  # a ")" closing a full-width "(" is full-width too: （附件1）
    for ch in text:
        if ch == "（":
            open_full += 1
        elif ch in ")）" and open_full:
            open_full -= 1
            ch = "）"
        out.append(ch)
    return "".join(out)


def _day(value):
    return value.isoformat() if value else ""


def _percent(value):
    return "—" if value is None else f"{value}%"


# -- 台账报送情况 --------------------------------------------------------------------------------
LEDGER_STATES = {"on_time": "按时", "late": "逾期", "missing": "未报", "pending": "待确认"}


def ledgers_snapshot(period):
    """Which unit submitted which attachment of ``period`` by its deadline (first confirmation
    counts), late or not at all, and the rule findings of its uploads (the submission board)."""
    from ledgers.sheets.models import Attachment
    from ledgers.sheets.views import board_cells

    cells = board_cells(period)
    numbers = list(Attachment.values)
    columns = ["序号", "单位", *[f"附件{n}" for n in numbers], "规则提示"]
    rows = []
    totals = dict.fromkeys(LEDGER_STATES, 0)
    late_units, missing_units = [], []
    for index, (unit, by_att) in enumerate(cells.items(), start=1):
        row = [str(index), unit.name]
        findings = 0
        for number in numbers:
            cell = by_att.get(number)
            if not cell:
                row.append("—")
                continue
            totals[cell["state"]] += 1
            label = LEDGER_STATES[cell["state"]]
            row.append(f"{label}({cell['count']}行)" if cell["upload"] else label)
            findings += cell["findings"] + cell["to_check"]
        states = {c["state"] for c in by_att.values()}
        if "late" in states:
            late_units.append(unit.name)
        if "missing" in states:
            missing_units.append(unit.name)
        row.append(str(findings))
        rows.append(row)
    return {
        "subject": str(period),
        "columns": columns,
        "rows": rows,
        "summary": {
            "units": len(rows),
            **totals,
            "late_units": late_units,
            "missing_units": missing_units,
            "due": {str(n): _day(period.due_date(n)) for n in numbers},
        },
        "refs": {"period": period.pk},
        "text_columns": [],
    }


def ledgers_intro(snapshot, params):
    s = snapshot["summary"]
    text = (
        f"根据全市干部作风建设工作安排,现将{snapshot['subject']}各单位台账报送情况通报如下:"
        f"应报送单位{s['units']}个,按时报送{s['on_time']}项,逾期报送{s['late']}项,"
        f"未报送{s['missing']}项,待确认{s['pending']}项。"
    )
    if s["missing_units"]:
        text += "\n未报送台账的单位:" + "、".join(s["missing_units"]) + "。请抓紧补报。"
    if s["late_units"]:
        text += "\n逾期报送的单位:" + "、".join(s["late_units"]) + "。"
    return text + "\n各单位要对照规则提示逐项核实台账数据,确保真实准确。"


# -- 逾期及预警整改问题 --------------------------------------------------------------------------
def rectification_snapshot(as_of):
    """Cases past their deadline on ``as_of`` (``CaseQuerySet.overdue``: the deadline runs and has
    passed) and open cases under flagged supervision (挂牌督办), most urgent first."""
    from ledgers.rectification.models import Case, CaseSource

    cases = list(
        (Case.objects.overdue(as_of) | Case.objects.open().filter(flagged=True))
        .select_related("assigned_unit", "category")
        .prefetch_related(
            Prefetch("sources", queryset=CaseSource.objects.only("case", "reporter_name"))
        )
        .order_by("-flagged", "deadline", "pk")
    )
    columns = [
        "序号",
        "交办单号",
        "问题",
        "责任单位",
        "交办日期",
        "办理期限",
        "逾期天数",
        "状态",
        "督办",
    ]
    rows = []
    overdue = flagged = 0
    for index, case in enumerate(cases, start=1):
        late = case.is_overdue(as_of)
        overdue += late
        flagged += case.flagged
        rows.append(
            [
                str(index),
                case.slip_number or f"#{case.pk}",
                case.safe_title,
                str(case.assigned_unit) if case.assigned_unit_id else "未交办",
                _day(case.assigned_on),
                _day(case.deadline),
                str((as_of - case.deadline).days) if late else "",
                case.get_state_display(),
                "挂牌督办" if case.flagged else "",
            ]
        )
    return {
        "subject": f"截至{as_of.year}年{as_of.month}月{as_of.day}日",
        "columns": columns,
        "rows": rows,
        "summary": {"total": len(rows), "overdue": overdue, "flagged": flagged},
        "refs": {"cases": [case.pk for case in cases]},
        "text_columns": [2],
    }


def rectification_intro(snapshot, params):
    s = snapshot["summary"]
    return (
        f"{snapshot['subject']},全市交办问题中超过办理期限未办结{s['overdue']}件,"
        f"挂牌督办{s['flagged']}件,合计{s['total']}件,现予通报。"
        "\n请相关单位高度重视,逐件落实整改责任,尽快办结并向群众反馈,"
        "确保件件有落实、事事有回音。"
    )


# -- 抽查回访结果 ---------------------------------------------------------------------------------
def spotcheck_snapshot(round_):
    """Per unit and task: calls drawn, made, reached, confirmed, false, unreachable, refused, the
    核实属实率 and 满意率 (the spot checks' results — figures only), then the totals."""
    from ledgers.spotchecks.results import round_results

    rows_, totals = round_results(round_)
    columns = [
        "序号", "单位", "抽查项目", "抽取", "已拨打", "接通", "核实属实", "不属实",
        "无法接通", "拒访", "核实属实率", "满意率",
    ]  # fmt: skip

    def cells(row):
        return [
            row.unit,
            row.task_label,
            *(str(getattr(row, n)) for n in ("drawn", "made", "reached", "confirmed", "false")),
            str(row.unreachable),
            str(row.refused),
            _percent(row.confirmed_rate),
            _percent(row.satisfaction_rate),
        ]

    rows = [[str(i), *cells(row)] for i, row in enumerate(rows_, start=1)]
    grand = totals[-1]
    rows.append(["", *cells(grand)])
    false_units = sorted({row.unit for row in rows_ if row.false})
    return {
        "subject": str(round_),
        "columns": columns,
        "rows": rows,
        "summary": {
            "drawn": grand.drawn,
            "reached": grand.reached,
            "confirmed": grand.confirmed,
            "false": grand.false,
            "confirmed_rate": grand.confirmed_rate,
            "satisfaction_rate": grand.satisfaction_rate,
            "false_units": false_units,
        },
        "refs": {"round": round_.pk},
        "text_columns": [],
    }


def spotcheck_intro(snapshot, params):
    s = snapshot["summary"]
    text = (
        f"按照全市干部作风建设工作安排,市作风办组织开展了{snapshot['subject']},"
        f"共随机抽取{s['drawn']}人,接通{s['reached']}人,核实属实{s['confirmed']}人,"
        f"核实属实率{_percent(s['confirmed_rate'])},满意率{_percent(s['satisfaction_rate'])}。"
    )
    if s["false_units"]:
        text += "\n回访中发现台账不属实的单位:" + "、".join(s["false_units"]) + "。"
    return text + "\n各单位要对照抽查结果认真整改,确保台账真实、走访到位。"


# -- 明察暗访发现问题 -----------------------------------------------------------------------------
def inspections_snapshot(date_from, date_to):
    """Findings of inspections held from ``date_from`` to ``date_to`` (inclusive) that 纪委 has
    published on the 曝光台 (approved by a second inspector; the texts are already redacted)."""
    from ledgers.inspections.models import Publication, PublicationState

    publications = list(
        Publication.objects.filter(
            state=PublicationState.PUBLISHED,
            finding__inspection__inspected_on__gte=date_from,
            finding__inspection__inspected_on__lte=date_to,
        )
        .select_related("finding__inspection__unit", "finding__category")
        .order_by("finding__inspection__inspected_on", "pk")
    )
    columns = ["序号", "检查日期", "被检查单位", "窗口/科室", "问题类型", "发现问题"]
    rows = []
    units = []
    for index, publication in enumerate(publications, start=1):
        finding = publication.finding
        inspection = finding.inspection
        unit = str(inspection.unit)
        if unit not in units:
            units.append(unit)
        rows.append(
            [
                str(index),
                _day(inspection.inspected_on),
                unit,
                inspection.window,
                str(finding.category) if finding.category_id else "",
                f"{publication.title}:{publication.text}",
            ]
        )
    return {
        "subject": f"{_cn_day(date_from)}至{_cn_day(date_to)}",
        "columns": columns,
        "rows": rows,
        "summary": {"total": len(rows), "units": units},
        "refs": {"publications": [p.pk for p in publications]},
        "text_columns": [3, 5],
    }


def inspections_intro(snapshot, params):
    s = snapshot["summary"]
    text = (
        f"{snapshot['subject']},市纪委监委对全市窗口单位和服务场所开展明察暗访,"
        f"共发现并曝光问题{s['total']}个"
    )
    text += (",涉及" + "、".join(s["units"]) + "。") if s["units"] else "。"
    return text + "\n各单位要引以为戒,举一反三,立即整改,切实转变工作作风。"


def _cn_day(day):
    return f"{day.year}年{day.month}月{day.day}日"


COLLECTORS = {
    Kind.LEDGERS: (lambda p: ledgers_snapshot(p["period"]), ledgers_intro),
    Kind.RECTIFICATION: (lambda p: rectification_snapshot(p["as_of"]), rectification_intro),
    Kind.SPOTCHECK: (lambda p: spotcheck_snapshot(p["round"]), spotcheck_intro),
    Kind.INSPECTIONS: (
        lambda p: inspections_snapshot(p["date_from"], p["date_to"]),
        inspections_intro,
    ),
}

DEFAULT_TITLES = {
    Kind.LEDGERS: "关于{subject}台账报送情况的通报",
    Kind.RECTIFICATION: "关于逾期及挂牌督办整改问题的通报",
    Kind.SPOTCHECK: "关于{subject}结果的通报",
    Kind.INSPECTIONS: "关于明察暗访发现问题的通报",
}


def collect(kind, params):
    """The snapshot of ``kind`` for ``params`` (model instances and dates, as the form cleans
    them); cell texts in full-width punctuation."""
    snapshot = COLLECTORS[Kind(kind)][0](params)
    snapshot["rows"] = [[full_width(v) for v in row] for row in snapshot["rows"]]
    return snapshot


def default_body(kind, snapshot, params):
    return full_width(COLLECTORS[Kind(kind)][1](snapshot, params))


def default_title(kind, snapshot):
    return full_width(DEFAULT_TITLES[Kind(kind)].format(subject=snapshot["subject"]))


def stored_parameters(params):
    """``params`` as JSON: model instances by pk and label, dates in ISO form."""
    out = {}
    for key, value in params.items():
        if isinstance(value, datetime.date):
            out[key] = value.isoformat()
        elif hasattr(value, "pk"):
            out[key] = {"id": value.pk, "label": str(value)}
        elif value is not None:
            out[key] = value
    return out
