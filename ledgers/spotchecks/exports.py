"""Excel exports of a round (openpyxl write-only, every cell through ``safe_row``).

* :func:`calls_workbook` — the office's call list with names and phones (office only, logged);
* :func:`results_workbook` — figures per unit and task, no personal data (office, 纪委, and a unit
  for its own rows).
"""

from openpyxl import Workbook

from ledgers.display import format_when
from ledgers.excel import safe_row, xlsx_response
from ledgers.satisfaction import Satisfaction

CALL_HEADERS = [
    "序号",
    "被抽查单位",
    "抽查项目",
    "抽中顺序",
    "姓名",
    "联系电话",
    "住址/工作单位",
    "台账记载",
    "核实结果",
    "拨打次数",
    "是否入户走访",
    "联系卡",
    "调查卷",
    "宣传纸",
    "解决困难事",
    "是否认识联系干部",
    "问题是否解决",
    "是否收到答复",
    "窗口服务情况",
    "满意度",
    "备注",
    "新反映的问题",
    "最近拨打时间",
    "整改问题编号",
]
RESULT_HEADERS = [
    "单位",
    "抽查项目",
    "抽取人数",
    "已拨打",
    "接通",
    "核实属实",
    "不属实(虚报)",
    "拒访",
    "无法接通",
    "核实属实率(%)",
    *[label for _, label in Satisfaction.choices],
    "满意率(%)",
]


def _text(value):
    return "" if value is None else value


def calls_workbook(round_, calls):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("抽查名单")
    ws.append([f"{round_}名单(随机种子 {round_.seed})"])
    ws.append(CALL_HEADERS)
    for i, call in enumerate(calls, start=1):
        facts = ";".join(f"{k}:{v}" for k, v in (call.facts or {}).items())
        ws.append(
            safe_row(
                [
                    i,
                    str(call.unit),
                    call.get_task_display(),
                    call.position,
                    call.person_name,
                    call.phone,
                    call.address,
                    facts,
                    call.get_outcome_display() if call.outcome else "待拨打",
                    call.attempts,
                    call.get_visited_display(),
                    call.get_got_card_display(),
                    call.get_got_survey_display(),
                    call.get_got_leaflet_display(),
                    call.get_difficulty_solved_display(),
                    call.get_knows_cadre_display(),
                    call.get_problem_solved_display(),
                    call.get_answer_received_display(),
                    call.window_service,
                    call.get_satisfaction_display(),
                    call.note,
                    call.new_problem,
                    format_when(call.called_at) if call.called_at else "",
                    call.case_id or "",
                ]
            )
        )
    return xlsx_response(wb, f"{round_}-抽查名单.xlsx")


def results_workbook(round_, rows, totals, unit=None):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("抽查结果")
    ws.append([f"{round_}结果" + (f"({unit})" if unit else "")])
    ws.append(RESULT_HEADERS)
    for row in [*rows, *totals]:
        ws.append(
            safe_row(
                [
                    row.unit,
                    row.task_label,
                    row.drawn,
                    row.made,
                    row.reached,
                    row.confirmed,
                    row.false,
                    row.refused,
                    row.unreachable,
                    _text(row.confirmed_rate),
                    *[row.satisfaction.get(level, 0) for level in Satisfaction.values],
                    _text(row.satisfaction_rate),
                ]
            )
        )
    suffix = f"-{unit}" if unit else ""
    return xlsx_response(wb, f"{round_}-抽查结果{suffix}.xlsx")
