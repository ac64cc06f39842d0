"""Admin for the rectification ledger: the case list (unit-scoped), the workbench, dashboards,
look-back, exports and the calendar overrides, grouped under 问题整改."""

import datetime

from wagtail import hooks

from ledgers.display import format_when
from ledgers.history import register_labelled_actions
from ledgers.rectification import services
from ledgers.rectification.models import AppealType, NoteKind, Outcome, SourceKind
from ledgers.rectification.models import ReminderKind as CaseReminderKind
from ledgers.rectification.viewsets import RectificationGroup
from ledgers.satisfaction import Satisfaction

LOG_ACTIONS = services.ACTION_LABELS


def _date(value):
    """An ISO date from the log's data in prose style (2026年12月17日)."""
    if not value:
        return ""
    try:
        return format_when(datetime.date.fromisoformat(str(value)[:10]), "prose-date")
    except ValueError:
        return str(value)


def _label(choices, value):
    return dict(choices.choices).get(value, value or "")


def describe_case_action(action, data):
    """The note of a case log entry in Chinese, built from the data the service logged:
    to whom, which slip, which deadline, which reason — never the case title."""
    d = data or {}
    deadline = f"办理期限 {_date(d['deadline'])}" if d.get("deadline") else ""
    reason = d.get("reason") or ""
    texts = {
        "create": _label(SourceKind, d.get("source"))
        and f"来源:{_label(SourceKind, d.get('source'))}",
        "hand_over": "移交整改台账"
        + (f",举报回执码 {d['receipt_code']}" if d.get("receipt_code") else "")
        + (f",{_label(SourceKind, d['kind'])}" if d.get("kind") else ""),
        "assign": "交给 {},交办单 {},{}个工作日,{}".format(
            d.get("unit", ""), d.get("slip_number", ""), d.get("time_limit_days", ""), deadline
        )
        if d.get("unit")
        else "",
        "conflict_override": f"交由被反映单位 {d.get('unit', '')} 办理,理由:{reason}",
        "sign": deadline,
        "auto_sign": f"交办后 1 个工作日内未签收,自动起算;{deadline}" if deadline else "",
        "return": f"{d.get('unit', '')} 退回,理由:{reason}" if reason else "",
        "handle": "责任科室 {},责任人 {}".format(d.get("section", ""), d.get("person", ""))
        if d.get("section") or d.get("person")
        else "",
        "note": _label(NoteKind, d.get("kind")),
        "request_extension": f"申请延期 {d.get('days', '')} 个工作日,理由:{reason}",
        "decide_extension": (
            f"同意延期 {d.get('days', '')} 个工作日,{deadline}"
            if d.get("granted")
            else "不同意延期"
        ),
        "submit": "办理结果:{}{}".format(
            _label(Outcome, d.get("outcome")),
            f",佐证材料 {d['files']} 份" if d.get("files") else "",
        ),
        "close": ("按期办结" if d.get("on_time") else "逾期办结")
        + (",结果公示" if d.get("publish") else "")
        if "on_time" in d
        else "",
        "send_back": f"理由:{reason};{deadline}" if reason else deadline,
        "dissatisfied": f"群众不满意,理由:{reason}" if reason else "",
        "flag": f"督办事由:{reason}" if reason else "",
        "merge": f"并入 #{d['into']}" if d.get("into") else "",
        "merge_into": "并入 " + "、".join(f"#{pk}" for pk in d.get("merged", [])),
        "publish": "公示办理结果" if d.get("publish") else "不公示",
        "hotline_entry": "诉求类型:{}{};{}".format(
            _label(AppealType, d.get("appeal_type")),
            f",{d['unit']}录入" if d.get("unit") else "",
            "咨询当场答复办结"
            if d.get("on_spot")
            else ("来电人同意承办单位直接联系" if d.get("consent") else "来电人身份由作风办保密"),
        )
        if d.get("appeal_type")
        else "",
        "callback": f"群众评价:{_label(Satisfaction, d['satisfaction'])}"
        if d.get("satisfaction")
        else "",
        "reminder": "{}{}".format(
            _label(CaseReminderKind, d.get("kind")), f",{deadline}" if deadline else ""
        ),
    }
    return texts.get(action, "") or ""


@hooks.register("register_log_actions")
def register_case_log_actions(actions):
    register_labelled_actions(actions, "rectification", LOG_ACTIONS, describe_case_action)


@hooks.register("register_admin_viewset")
def register_rectification():
    return RectificationGroup()
