"""Excel exports: each unit's 整改台账, the office's 交办问题统计表 (att. 5 layout), dashboard.

Every cell passes through ``safe_cell`` (no formula injection). The sheets follow the policy's
layout: title row, 单位(公章) line, one header row, data rows, note row.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ledgers.excel import safe_row, xlsx_response
from ledgers.satisfaction import Satisfaction

LEDGER_HEADERS = [
    "序号",
    "交办单编号",
    "问题内容",
    "来源",
    "责任科室",
    "责任人",
    "整改措施",
    "办理期限",
    "状态",
    "办理结果",
    "结果说明",
]
ATT5_TITLE = "89000民生热线、网上民声交办问题统计表"
ATT5_HEADERS = ["反映人姓名", "联系电话", "问题内容", "办理情况", "责任单位", "备注"]


def _sheet(ws, title, unit_line, headers, rows, note):
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"单位(公章):{unit_line}"])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(safe_row(row))
    ws.append([note])
    for i, width in enumerate([8, 22, 40, 14, 14, 10, 30, 12, 14, 16, 30][: len(headers)]):
        ws.column_dimensions[chr(ord("A") + i)].width = width


def _response(wb, filename):
    return xlsx_response(wb, filename)


def ledger_rows(cases, user):
    for i, case in enumerate(cases, start=1):
        yield [
            i,
            case.slip_number,
            case.content_for(user),
            case.get_source_display(),
            case.responsible_section,
            case.responsible_person,
            case.measures,
            case.deadline.isoformat() if case.deadline else "",
            case.get_state_display(),
            case.get_outcome_display() if case.outcome else "",
            case.outcome_detail,
        ]


def rectification_ledger(cases, unit_name, user):
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    _sheet(
        ws,
        f"{unit_name}问题整改台账",
        unit_name,
        LEDGER_HEADERS,
        ledger_rows(cases, user),
        "注:按交办问题逐件登记,实行销号管理。",
    )
    return _response(wb, f"整改台账-{unit_name}.xlsx")


def att5_rows(cases):
    for case in cases:
        state = case.get_state_display()
        if case.outcome:
            state = f"{state}({case.get_outcome_display()})"
        appeal = f"诉求类型:{case.get_appeal_type_display()}" if case.appeal_type else ""
        remark = " ".join(p for p in (case.get_source_display(), appeal, case.slip_number) if p)
        yield [
            case.reporter_name,
            case.reporter_phone,
            case.content,
            state,
            case.assigned_unit.name if case.assigned_unit else "",
            remark,
        ]


def att5_statistics(cases, office_name="海阳市干部作风建设办公室"):
    wb = Workbook()
    ws = wb.active
    ws.title = "附件5"
    _sheet(ws, ATT5_TITLE, office_name, ATT5_HEADERS, att5_rows(cases), "注:每半年报送一次。")
    return _response(wb, "交办问题统计表.xlsx")


def dashboard_workbook(figures):
    wb = Workbook()
    wb.remove(wb.active)
    for title, key in (
        ("按单位", "by_unit"),
        ("按问题类型", "by_category"),
        ("按镇街区", "by_town"),
    ):
        ws = wb.create_sheet(title)
        ws.append(["名称", "未办结", "逾期", "已销号", "按期办结", "按期办结率(%)"])
        for row in figures[key]:
            ws.append(
                safe_row(
                    [
                        row["label"],
                        row["open"],
                        row["overdue"],
                        row["closed"],
                        row["on_time"],
                        row["on_time_rate"],
                    ]
                )
            )
    if "by_appeal_type" in figures:
        ws = wb.create_sheet("按诉求类型")
        ws.append(["诉求类型", "合计", "未办结", "已销号", "其中当场办结", "待回访"])
        for row in figures["by_appeal_type"]:
            ws.append(
                safe_row(
                    [
                        row["label"],
                        row["total"],
                        row["open"],
                        row["closed"],
                        row["on_spot"],
                        row["callback_pending"],
                    ]
                )
            )
    ws = wb.create_sheet("总体")
    t = figures["totals"]
    for label, value in (
        ("未办结", t["open"]),
        ("逾期", t["overdue"]),
        ("已销号", t["closed"]),
        ("办结天数中位数", t["median_days"]),
        ("按期办结率(%)", t["on_time_rate"]),
    ):
        ws.append([label, value])
    return _response(wb, "问题整改统计.xlsx")


HOTLINE_HEADERS = [
    "编号",
    "受理日期",
    "诉求类型",
    "问题摘要",
    "问题类型",
    "地点",
    "录入单位",
    "状态",
    "责任单位",
    "办理期限",
    "回访",
    "群众满意度",
]


def hotline_rows(cases, user):
    for case in cases:
        if case.answered_on_spot:
            callback = "当场办结,无需回访"
        elif case.callback_done:
            callback = "已回访"
        else:
            callback = "待回访" if case.needs_callback else "无需回访"
        yield safe_row(
            [
                case.pk,
                case.received_on.isoformat(),
                case.get_appeal_type_display() if case.appeal_type else "",
                case.title_for(user),
                str(case.category),
                case.text_for(user, case.place),
                str(case.entered_by_unit or "作风办"),
                case.get_state_display(),
                str(case.assigned_unit or ""),
                case.deadline.isoformat() if case.deadline else "",
                callback,
                dict(Satisfaction.choices).get(case.callback_satisfaction or "", ""),
            ]
        )


def hotline_workbook(cases, user, title):
    """The centre's (or the office's) 热线诉求 list as a spreadsheet; never the caller's name or
    phone (a bulk export travels further than the screen)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("热线诉求")
    ws.append([title])
    ws.append(HOTLINE_HEADERS)
    for row in hotline_rows(cases, user):
        ws.append(row)
    return _response(wb, f"{title}.xlsx")
