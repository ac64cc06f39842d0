"""The assessment workbook: a year's results in the official layout for the 岗位目标考核 file.

One sheet per unit type (title, the scheme and the data date, a header row of the indicators with
their weights, a row per unit with each indicator's points, the office's adjustments, the total
and the rank, notes), then a 说明 sheet listing each indicator's rule and the freeze record. Every
text cell goes through :func:`ledgers.excel.safe_cell`.
"""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ledgers.assessment.models import RuleKind
from ledgers.excel import safe_row

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(name="宋体", size=16, bold=True)


def _fmt(value):
    return "—" if value in (None, "") else float(value)


def _rule_words(line):
    if line["rule"] == RuleKind.DEDUCTION:
        return f"按次扣分:每次扣{line['per_occurrence']}分,最低{line['floor']}分"
    return f"按比例:数值{line['full_at']}得满分,{line['zero_at']}得零分,之间按比例"


def build(scheme, groups, frozen):
    wb = Workbook()
    wb.remove(wb.active)
    definition = frozen.scheme_definition if frozen else scheme.definition()
    indicators = definition["indicators"]
    as_of = frozen.as_of if frozen else None
    for _kind, label, rows in groups:
        ws = wb.create_sheet(title=label)
        headers = ["名次", "单位"] + [f"{i['label']}({i['weight']}分)" for i in indicators]
        headers += ["指标得分", "折算百分制", "加减分", "最终得分", "备注"]
        width = len(headers)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.cell(1, 1, f"{definition['title']}考核结果({label})").font = TITLE_FONT
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        state = (
            f"已于{timezone.localtime(frozen.frozen_at):%Y年%m月%d日}冻结,数据截至{as_of:%Y年%m月%d日},方案第{frozen.scheme_version}版"
            if frozen
            else "未冻结(实时数据,仅供参考)"
        )
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.cell(2, 1, state).alignment = Alignment(horizontal="center")
        for col, text in enumerate(safe_row(headers), start=1):
            cell = ws.cell(3, col, text)
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, row in enumerate(rows, start=4):
            by_code = {ln["code"]: ln for ln in row["lines"]}
            notes = [f"{a.points:+}分:{a.reason}" for a in row["adjustments"]]
            notes += [
                f"{ln['label']}:{ln['note']}"
                for ln in row["lines"]
                if ln.get("note") and ln["note"] != "不适用"
            ]
            values = [row["rank"], row["name"]]
            values += [_fmt(by_code.get(i["code"], {}).get("points")) for i in indicators]
            values += [
                float(row["raw"]),
                float(row["scaled"]),
                float(row["adjustment"]),
                float(row["total"]),
                ";".join(notes),
            ]
            for col, value in enumerate(safe_row(values), start=1):
                cell = ws.cell(r, col, value)
                cell.border = BOX
                if isinstance(value, float):
                    cell.number_format = "0.00"
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 26
        for col in range(3, width):
            ws.column_dimensions[get_column_letter(col)].width = 12
        ws.column_dimensions[get_column_letter(width)].width = 40
        ws.row_dimensions[3].height = 48
        ws.freeze_panes = "C4"
        ws.print_title_rows = "3:3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
    notes = wb.create_sheet(title="说明")
    notes.append(safe_row([f"{definition['title']} 指标和计分规则"]))
    notes.append(safe_row(["指标", "分值", "计分规则", "适用"]))
    for i in indicators:
        scope = (
            "仅窗口单位"
            if i["for_windows_only"]
            else "、".join(
                w
                for w, on in (("镇街区", i["for_towns"]), ("市直部门", i["for_departments"]))
                if on
            )
        )
        notes.append(safe_row([i["label"], float(i["weight"]), _rule_words(i), scope]))
    notes.append([])
    notes.append(
        safe_row(
            [
                "折算百分制 = 指标得分 × 100 ÷ 本单位适用指标分值合计;最终得分 = 折算百分制 + 加减分。"
            ]
        )
    )
    if scheme.notes:
        notes.append(safe_row([scheme.notes]))
    if frozen:
        notes.append(
            safe_row(
                [
                    f"冻结人:{frozen.frozen_by.get_full_name() or frozen.frozen_by.get_username()}",
                    f"冻结时间:{timezone.localtime(frozen.frozen_at):%Y-%m-%d %H:%M}",
                    f"内容校验值(SHA-256):{frozen.content_hash}",
                ]
            )
        )
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["C"].width = 50
    return wb
