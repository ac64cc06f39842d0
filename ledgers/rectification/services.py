"""Every state change of a case, in one place.

Each public function checks who may act (office or the assigned unit), checks the current state
against :data:`TRANSITIONS`, changes the case and writes a Wagtail log entry
(``wagtail.log_actions.log``) — the case's history in the admin is the audit trail. Dates are
passed in (``on=``); nothing here asks for "today".
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from wagtail.log_actions import log

from ledgers.permissions import require_office
from ledgers.rectification import rules
from ledgers.rectification.access import hotline_centre_of, require_hotline_or_office
from ledgers.rectification.models import (
    AppealType,
    Case,
    CaseEvidence,
    CaseNote,
    CaseSource,
    CaseState,
    ExtensionRequest,
    ExtensionState,
    NoteKind,
    Outcome,
    SlipCounter,
    SourceKind,
)
from ledgers.rectification.workdays import WorkingCalendar, add_working_days
from ledgers.redaction import redact
from ledgers.roles import is_office, unit_of
from ledgers.rules import ActionRefused, assignment_conflicts
from ledgers.satisfaction import Satisfaction
from ledgers.uploads import validate_upload

S = CaseState

# action -> (states it may start from, state it leads to or None for "unchanged")
TRANSITIONS = {
    "assign": ({S.NEW, S.RETURNED}, S.ASSIGNED),
    "sign": ({S.ASSIGNED}, S.IN_PROGRESS),
    "auto_sign": ({S.ASSIGNED}, S.IN_PROGRESS),
    "return": ({S.ASSIGNED, S.IN_PROGRESS}, S.RETURNED),
    "handle": ({S.IN_PROGRESS}, None),
    "note": ({S.IN_PROGRESS}, None),
    "request_extension": ({S.IN_PROGRESS}, None),
    "decide_extension": ({S.IN_PROGRESS, S.SUBMITTED}, None),
    "submit": ({S.IN_PROGRESS}, S.SUBMITTED),
    "close": ({S.SUBMITTED, S.REOPENED}, S.CLOSED),
    "send_back": ({S.SUBMITTED, S.REOPENED}, S.IN_PROGRESS),
    "dissatisfied": ({S.CLOSED}, S.REOPENED),
    "flag": ({S.NEW, S.ASSIGNED, S.RETURNED, S.IN_PROGRESS, S.SUBMITTED, S.REOPENED}, None),
    "unflag": ({S.NEW, S.ASSIGNED, S.RETURNED, S.IN_PROGRESS, S.SUBMITTED, S.REOPENED}, None),
    "merge": ({S.NEW, S.ASSIGNED, S.RETURNED, S.IN_PROGRESS}, S.MERGED),
    "publish": ({S.CLOSED}, None),
    "callback": ({S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.REOPENED}, None),
}

ACTION_LABELS = {
    "create": "录入",
    "hand_over": "移交",
    "assign": "交办",
    "conflict_override": "回避规则例外",
    "sign": "签收",
    "auto_sign": "逾期自动签收",
    "return": "退回",
    "handle": "登记责任科室与措施",
    "note": "记录进展",
    "request_extension": "申请延期",
    "decide_extension": "审批延期",
    "submit": "报送结果",
    "close": "销号",
    "send_back": "退回重办",
    "dissatisfied": "群众不满意",
    "flag": "挂牌督办",
    "unflag": "取消督办",
    "merge": "合并",
    "merge_into": "并入重复问题",
    "publish": "设置公示",
    "reminder": "催办提醒",
    "identity_view": "查看反映人联系方式",
    "callback": "填写回访记录",
    "hotline_entry": "热线诉求录入",
}


class CaseActionError(ActionRefused):
    """An action on a case that is not allowed now; the message (in Chinese) is shown to the user."""


def _action_name(action):
    return f"rectification.{action}"


def _log(case, action, user=None, **data):
    clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    log(instance=case, action=_action_name(action), user=user, data=clean)


def _check_state(case, action):
    allowed_from, _ = TRANSITIONS[action]
    if case.state not in allowed_from:
        raise CaseActionError(
            f"问题当前状态为“{case.get_state_display()}”,不能{ACTION_LABELS[action]}。"
        )


def _move(case, action):
    _, to_state = TRANSITIONS[action]
    if to_state is not None:
        case.state = to_state


def _require_assigned_unit(user, case):
    unit = unit_of(user)
    if unit is None or unit.pk != case.assigned_unit_id:
        raise PermissionDenied


def _required(value, message):
    if not (value or "").strip():
        raise CaseActionError(message)
    return value.strip()


# --- numbering -------------------------------------------------------------------------------


def next_slip_number(year):
    """海作交〔2026〕第0001号 — a per-year running number, safe under concurrent assignment."""
    with transaction.atomic():
        SlipCounter.objects.get_or_create(year=year)
        SlipCounter.objects.filter(year=year).update(last=F("last") + 1)
        last = SlipCounter.objects.get(year=year).last
    return f"海作交〔{year}〕第{last:04d}号"


# --- entry --------------------------------------------------------------------------------------


def create_case(*, user, on, source=SourceKind.DIRECT, reference="", **fields):
    """Direct entry by the office (also hotline and 网上民声 records typed in by hand)."""
    require_office(user)
    with transaction.atomic():
        case = Case.objects.create(source=source, received_on=on, **fields)
        CaseSource.objects.create(
            case=case,
            kind=source,
            reference=reference,
            reporter_name=case.reporter_name,
            reporter_phone=case.reporter_phone,
            snapshot={"content": case.content},
            handed_over_on=on,
        )
        _log(case, "create", user, source=source)
    return case


def enter_hotline_item(
    *,
    user,
    on,
    appeal_type,
    title,
    category,
    content,
    reporter_name="",
    reporter_phone="",
    contact_consent=False,
    answered_on_spot=False,
    answer="",
    reference="",
    **place,
):
    """热线诉求录入: a clerk of the 89000 centre (or the office) types a call straight into the
    ledger. The case records its 诉求类型, the caller, the caller's consent to be contacted by the
    handling unit (``show_identity_to_unit``, what :meth:`Case.identity_visible_to` reads) and the
    unit that entered it (``entered_by_unit``; None when the office types it in). It waits for the
    office to assign it and needs a 回访 before close-out — except a 咨询 answered in the call
    (:func:`rules.may_answer_on_spot`), recorded 当场办结 (closed, with the answer)."""
    require_hotline_or_office(user)
    if appeal_type not in AppealType.values:
        raise CaseActionError("请选择诉求类型(咨询、求助、建议、投诉)。")
    title = _required(title, "请填写问题摘要。")
    content = _required(content, "请填写来电内容。")
    reporter_name = (reporter_name or "").strip()
    reporter_phone = (reporter_phone or "").strip()
    answer = (answer or "").strip()
    if answered_on_spot:
        if not rules.may_answer_on_spot(appeal_type):
            raise CaseActionError("只有咨询类诉求可以当场办结;求助、建议、投诉须交办并回访。")
        if not answer:
            raise CaseActionError("当场办结的,请填写答复来电人的内容。")
    elif not reporter_phone:
        raise CaseActionError("须回访的诉求请填写来电人电话。")
    consent = bool(contact_consent) and bool(reporter_name or reporter_phone)
    fields = {
        "title": title,
        "category": category,
        "content": content,
        "source": SourceKind.HOTLINE,
        "received_on": on,
        "appeal_type": appeal_type,
        "reporter_name": reporter_name,
        "reporter_phone": reporter_phone,
        "show_identity_to_unit": consent,
        "entered_by_unit": hotline_centre_of(user),
        "needs_callback": not answered_on_spot,
        **{k: (place.get(k) or "").strip() for k in ("town", "village", "compound")},
        "address_detail": (place.get("address_detail") or "").strip(),
    }
    if answered_on_spot:
        fields |= {
            "answered_on_spot": True,
            "state": S.CLOSED,
            "closed_on": on,
            "answer_to_citizen": answer,
        }
    with transaction.atomic():
        case = Case.objects.create(**fields)
        CaseSource.objects.create(
            case=case,
            kind=SourceKind.HOTLINE,
            reference=reference,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            snapshot={"content": content, "appeal_type": appeal_type},
            handed_over_on=on,
        )
        _log(
            case,
            "hotline_entry",
            user,
            appeal_type=appeal_type,
            consent=consent,
            unit=case.entered_by_unit.name if case.entered_by_unit else "",
            on_spot=bool(answered_on_spot),
        )
    return case


def open_case_from_source(
    source_obj,
    *,
    kind,
    user,
    on,
    unit=None,
    time_limit_days=None,
    needs_callback=False,
    reporter_name="",
    reporter_phone="",
    snapshot=None,
    calendar=None,
    **fields,
):
    """A case raised by another part of the portal (a spot-check call found 不属实, a 差评 with a
    phone, a 纪委 finding to be rectified): once per ``source_obj`` (its :func:`source_reference`),
    optionally assigned at once to ``unit`` with ``time_limit_days``. The caller checks that
    ``user`` may raise it (office, 纪委, or nobody for a citizen's rating). Returns
    ``(case, created)``; a second call returns the first case unchanged."""
    case_kwargs = {
        "source": kind,
        "reporter_name": reporter_name,
        "reporter_phone": reporter_phone,
        "needs_callback": needs_callback,
        **fields,
    }
    case_kwargs.setdefault("title", redact(fields.get("content", ""), [reporter_name])[:40])
    with transaction.atomic():
        case, created = _attach_source(
            {
                "kind": kind,
                "reference": source_reference(source_obj),
                "reporter_name": reporter_name,
                "reporter_phone": reporter_phone,
                "snapshot": snapshot or {"content": fields.get("content", "")},
            },
            case_kwargs,
            user=user,
            on=on,
            action_data={"source": kind},
        )
        if created and unit is not None:
            calendar = calendar or WorkingCalendar.from_db()
            case.assigned_unit = unit
            case.time_limit_days = time_limit_days or rules.DEFAULT_TIME_LIMIT_WORKING_DAYS
            case.assigned_on = on
            case.slip_number = next_slip_number(on.year)
            case.clock_start = rules.auto_sign_date(on, calendar)
            case.deadline = add_working_days(case.clock_start, case.time_limit_days, calendar)
            _move(case, "assign")
            case.save()
            _log(
                case,
                "assign",
                user,
                unit=unit.name,
                slip_number=case.slip_number,
                time_limit_days=case.time_limit_days,
                deadline=case.deadline,
            )
    return case, created


def source_reference(obj):
    """``app_label.model:pk`` of a source object (a report or a ledger row): one case per source."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _category_of(category):
    if category is None:
        raise CaseActionError("该条没有问题类型,请先在原台账或举报中归类后再移交。")
    return category


ADDRESS_RE = re.compile(
    r"^(?P<town>.+?(?:镇|街道|街道办事处|开发区|旅游度假区))?"
    r"(?P<village>.+?(?:村|社区|居委会))?"
    r"(?P<compound>.+?(?:小区|花园|家园|公寓|苑|新村|庄园|大院|宿舍))?"
)


def split_address(address):
    """Split a free-text address into (town, village/community, compound); unknown parts stay empty."""
    address = re.sub(r"\s+", "", address or "")
    match = ADDRESS_RE.match(address)
    if not match:
        return "", "", ""
    return tuple((match.group(k) or "")[:80] for k in ("town", "village", "compound"))


def _snapshot(obj, names):
    snap = {}
    for name in names:
        value = getattr(obj, name)
        if value is None:
            continue
        snap[name] = value if isinstance(value, (int, float, bool)) else str(value)
    return snap


def _attach_source(source_kwargs, case_kwargs, *, user, on, action_data):
    """Create case + source once per ``reference``; a second hand-over returns the first case."""
    reference = source_kwargs["reference"]
    existing = CaseSource.objects.select_related("case").filter(reference=reference).first()
    if existing:
        return existing.case, False
    try:
        with transaction.atomic():
            case = Case.objects.create(received_on=on, **case_kwargs)
            CaseSource.objects.create(case=case, handed_over_on=on, **source_kwargs)
            _log(case, "hand_over", user, reference=reference, **action_data)
    except IntegrityError:
        # Another request handed the same object over at the same moment.
        return CaseSource.objects.select_related("case").get(reference=reference).case, False
    return case, True


def hand_over_report(report, *, user, on):
    """Turn a report-box item (``reportbox.Report``) into a case, once; the report box marks the
    item handed over, and from then on the case owns unit, deadline, progress and the answer.
    Returns ``(case, created)``."""
    from ledgers.reportbox.services import mark_handed_over

    require_office(user)
    anonymous = report.is_anonymous
    name = "" if anonymous else report.reporter_name
    phone = "" if anonymous else report.reporter_phone
    town, village, compound = split_address(report.place)
    with transaction.atomic():
        case, created = _attach_source(
            {
                "kind": SourceKind.REPORT_BOX,
                "reference": source_reference(report),
                "receipt_code": report.receipt_code,
                "report": report,
                "reporter_name": name,
                "reporter_phone": phone,
                "snapshot": _snapshot(report, ["content", "place", "category", "receipt_code"]),
            },
            {
                "title": redact(report.content, [report.reporter_name])[:40],
                "category": _category_of(report.category),
                "content": report.content,
                "town": town,
                "village": village,
                "compound": compound or report.place[:80],
                "address_detail": report.place[:120],
                "source": SourceKind.REPORT_BOX,
                "reporter_name": name,
                "reporter_phone": phone,
                "reporter_anonymous": anonymous,
                # The reporter's own choice on the form ("同意承办单位直接联系我").
                "show_identity_to_unit": not anonymous and report.contact_consent,
                "concerned_unit": report.concerned_unit,
            },
            user=user,
            on=on,
            action_data={"receipt_code": report.receipt_code},
        )
        if created:
            mark_handed_over(report)
    return case, created


def _ledger_kind(row):
    from ledgers.sheets.layouts import Attachment

    attachment = row.upload.attachment
    if attachment == Attachment.HOTLINE:
        return SourceKind.ONLINE if "网上" in f"{row.remarks}{row.handling}" else SourceKind.HOTLINE
    if attachment == Attachment.TARGET_PROBLEMS:
        return SourceKind.SERVICE_LEDGER
    return SourceKind.VISIT_LEDGER


def hand_over_ledger_row(row, *, user, on):
    """Turn a ledger row (``sheets.LedgerRow``) the ledgers hand over — 公共方面 rows of att. 2/4
    and every att. 5 row (:func:`ledgers.sheets.handover.hands_over`) — into a case linked back to
    the row; handing the same row over twice returns the first case. Rows of the 行业领域 ledger
    stay with the unit (the policy has it fix them itself). Returns ``(case, created)``."""
    from ledgers.models import Unit
    from ledgers.sheets.handover import hands_over
    from ledgers.sheets.layouts import Sphere

    require_office(user)
    upload = row.upload
    if not hands_over(upload.attachment, row.sphere, row.problem_content):
        if row.sphere == Sphere.SECTOR:
            raise CaseActionError("行业领域问题由本单位自行整改,不移交作风办交办。")
        if not row.problem_content.strip():
            raise CaseActionError("该行没有问题内容,无需移交。")
        raise CaseActionError(
            f"附件{upload.attachment}的该行不属于移交范围(只移交附件2、附件4 公共方面和附件5)。"
        )
    kind = _ledger_kind(row)
    content = row.problem_content
    town, village, compound = split_address(row.address)
    unit = upload.unit
    if not town and unit.kind == "town":
        town = unit.name
    suggested = None
    if row.responsible_unit:
        suggested = (
            Unit.objects.active()
            .filter(Q(name=row.responsible_unit) | Q(short_name=row.responsible_unit))
            .first()
        )
    return _attach_source(
        {
            "kind": kind,
            "reference": source_reference(row),
            "ledger_row": row,
            "reporter_name": row.person_name,
            "reporter_phone": row.phone,
            "snapshot": _snapshot(
                row,
                [
                    "person_name",
                    "address",
                    "category",
                    "problem_content",
                    "handling",
                    "responsible_unit",
                    "sphere",
                    "sheet_name",
                    "row_number",
                ],
            )
            | {"unit": unit.name, "period": str(upload.period)},
        },
        {
            "title": redact(content, [row.person_name])[:40],
            "category": _category_of(row.category),
            "content": content,
            "town": town,
            "village": village,
            "compound": compound,
            "address_detail": row.address[:120],
            "source": kind,
            "reporter_name": row.person_name,
            "reporter_phone": row.phone,
            "assigned_unit": suggested,
        },
        user=user,
        on=on,
        action_data={"kind": kind},
    )


# --- assignment ---------------------------------------------------------------------------


def assign(case, unit, time_limit_days, *, user, on, calendar=None, override_reason="", flag=False):
    """交办: issue a numbered slip to ``unit`` with a limit in working days. The conflict-of-
    interest rule refuses the concerned unit unless the office gives a reason (logged)."""
    require_office(user)
    _check_state(case, "assign")
    if time_limit_days is None or time_limit_days < 1:
        raise CaseActionError("办理时限至少为1个工作日。")
    if assignment_conflicts(case.concerned_unit_id, unit.pk):
        if not (override_reason or "").strip():
            raise CaseActionError(
                f"“{unit}”是被反映单位,按回避规则不能由其自查自办;确需交办请填写例外理由。"
            )
        _log(case, "conflict_override", user, unit=unit.name, reason=override_reason.strip())
    calendar = calendar or WorkingCalendar.from_db()
    with transaction.atomic():
        case.assigned_unit = unit
        case.time_limit_days = time_limit_days
        case.assigned_on = on
        case.slip_number = next_slip_number(on.year)
        case.clock_start = rules.auto_sign_date(on, calendar)
        case.deadline = add_working_days(case.clock_start, time_limit_days, calendar)
        case.signed_on = None
        case.signed_automatically = False
        case.return_reason = ""
        if flag:
            case.flagged = True
        _move(case, "assign")
        case.save()
        _log(
            case,
            "assign",
            user,
            unit=unit.name,
            slip_number=case.slip_number,
            time_limit_days=time_limit_days,
            deadline=case.deadline,
        )
    return case


def flag(case, *, user, reason):
    require_office(user)
    _check_state(case, "flag")
    case.flagged = True
    case.flag_reason = _required(reason, "请填写挂牌督办事由。")
    case.save(update_fields=["flagged", "flag_reason", "updated_at"])
    _log(case, "flag", user, reason=case.flag_reason)
    return case


def unflag(case, *, user):
    require_office(user)
    _check_state(case, "unflag")
    case.flagged = False
    case.save(update_fields=["flagged", "updated_at"])
    _log(case, "unflag", user)
    return case


# --- unit handling -----------------------------------------------------------------------


def sign(case, *, user, on, calendar=None):
    """签收: the clock starts today (or at the automatic start if that came first)."""
    _require_assigned_unit(user, case)
    _check_state(case, "sign")
    calendar = calendar or WorkingCalendar.from_db()
    case.signed_on = on
    case.clock_start = rules.clock_start_for_signature(case.assigned_on, on, calendar)
    case.deadline = add_working_days(case.clock_start, case.time_limit_days, calendar)
    _move(case, "sign")
    case.save()
    _log(case, "sign", user, deadline=case.deadline)
    return case


def auto_sign(case, *, on, calendar=None):
    """Nobody signed within 1 working day: the clock has started anyway. Returns True if done."""
    calendar = calendar or WorkingCalendar.from_db()
    if case.state != S.ASSIGNED or on < rules.auto_sign_date(case.assigned_on, calendar):
        return False
    case.clock_start = rules.auto_sign_date(case.assigned_on, calendar)
    case.deadline = add_working_days(case.clock_start, case.time_limit_days, calendar)
    case.signed_automatically = True
    _move(case, "auto_sign")
    case.save()
    _log(case, "auto_sign", None, deadline=case.deadline)
    return True


def return_case(case, *, user, on, reason, calendar=None):
    """退回: within 2 working days of assignment, with a reason; the office re-routes it."""
    _require_assigned_unit(user, case)
    _check_state(case, "return")
    reason = _required(reason, "请填写退回理由。")
    if not rules.return_allowed(case.assigned_on, on, calendar or WorkingCalendar.from_db()):
        raise CaseActionError("已超过交办后2个工作日的退回期限,请按期办理或申请延期。")
    case.return_reason = reason
    _move(case, "return")
    case.save()
    _log(case, "return", user, reason=reason, unit=str(case.assigned_unit))
    return case


def record_handling(case, *, user, section, person, measures):
    """The responsible section, the responsible person and the measures."""
    _require_assigned_unit(user, case)
    _check_state(case, "handle")
    case.responsible_section = _required(section, "请填写责任科室。")
    case.responsible_person = _required(person, "请填写责任人。")
    case.measures = (measures or "").strip()
    case.save()
    _log(case, "handle", user, section=case.responsible_section, person=case.responsible_person)
    return case


def add_note(case, *, user, on, kind, text):
    _require_assigned_unit(user, case)
    _check_state(case, "note")
    if kind == NoteKind.CALLBACK:
        # A 回访 is recorded with record_callback (who may, when, with the citizen's rating).
        raise CaseActionError("回访记录请在“回访”中填写。")
    note = CaseNote.objects.create(
        case=case, kind=kind, text=_required(text, "请填写内容。"), written_on=on, author=user
    )
    _log(case, "note", user, kind=kind)
    return note


def may_record_callback(case, user):
    """Who may write a 回访 now: the office while the case runs (:data:`TRANSITIONS`); the unit
    that entered it (the 89000 centre) once the result is reported
    (:func:`rules.centre_may_call_back`); the assigned unit only for a case no unit entered
    (:func:`rules.handling_unit_may_call_back`)."""
    if case.state not in TRANSITIONS["callback"][0]:
        return False
    if is_office(user):
        return True
    unit = unit_of(user)
    if unit is None:
        return False
    if unit.pk == case.entered_by_unit_id:
        return rules.centre_may_call_back(case.state)
    return unit.pk == case.assigned_unit_id and rules.handling_unit_may_call_back(
        case.entered_by_unit_id
    )


def record_callback(case, *, user, on, text, satisfaction=""):
    """回访: the office, the assigned unit or the unit that entered the case records having called
    the citizen back: what was said and (``satisfaction``, five levels of
    ``ledgers.satisfaction``) whether they are satisfied. Required before closing a case that
    ``needs_callback``."""
    unit = unit_of(user)
    if not is_office(user) and (
        unit is None or unit.pk not in (case.assigned_unit_id, case.entered_by_unit_id)
    ):
        raise PermissionDenied
    _check_state(case, "callback")
    if not may_record_callback(case, user):
        if unit is not None and unit.pk != case.entered_by_unit_id:
            raise CaseActionError(f"此件由{case.entered_by_unit}回访来电人,承办单位不自行回访。")
        raise CaseActionError("承办单位报送办理结果后,才能回访来电人。")
    if satisfaction and satisfaction not in Satisfaction.values:
        raise CaseActionError("请选择群众满意度。")
    note = CaseNote.objects.create(
        case=case,
        kind=NoteKind.CALLBACK,
        text=_required(text, "请填写回访情况(联系了谁、群众的意见)。"),
        satisfaction=satisfaction or "",
        written_on=on,
        author=user,
    )
    _log(case, "callback", user, satisfaction=note.satisfaction)
    return note


def request_extension(case, *, user, on, days, reason):
    _require_assigned_unit(user, case)
    _check_state(case, "request_extension")
    if not days or days < 1:
        raise CaseActionError("延期天数至少为1个工作日。")
    if case.extensions.filter(state=ExtensionState.PENDING).exists():
        raise CaseActionError("已有一项延期申请待审批。")
    ext = ExtensionRequest.objects.create(
        case=case,
        days=days,
        reason=_required(reason, "请填写延期理由。"),
        requested_on=on,
        requested_by=user,
    )
    _log(case, "request_extension", user, days=days, reason=ext.reason)
    return ext


def decide_extension(extension, *, user, on, grant, note="", calendar=None):
    """The office grants (the deadline moves by the working days asked) or refuses; either way the
    citizen's status view shows the decision."""
    require_office(user)
    case = extension.case
    _check_state(case, "decide_extension")
    if extension.state != ExtensionState.PENDING:
        raise CaseActionError("该延期申请已审批。")
    with transaction.atomic():
        extension.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
        extension.decision_note = (note or "").strip()
        extension.decided_on = on
        if grant:
            calendar = calendar or WorkingCalendar.from_db()
            case.deadline = add_working_days(case.deadline, extension.days, calendar)
            extension.new_deadline = case.deadline
            case.save()
        extension.save()
        _log(
            case,
            "decide_extension",
            user,
            granted=bool(grant),
            days=extension.days,
            deadline=case.deadline,
        )
    return extension


def submit_result(case, *, user, on, outcome, detail, files=(), staged_until=None):
    """报送结果 with evidence. Every file is checked before any is stored (all or nothing)."""
    _require_assigned_unit(user, case)
    _check_state(case, "submit")
    if outcome not in Outcome.values:
        raise CaseActionError("请选择办理结果。")
    detail = (detail or "").strip()
    if outcome == Outcome.STAGED and (not detail or staged_until is None):
        raise CaseActionError("分期解决须填写解决计划和完成日期。")
    if outcome == Outcome.EXPLAINED and not detail:
        raise CaseActionError("不符合政策的,须填写向群众所作的解释。")
    if outcome == Outcome.SOLVED and not detail:
        raise CaseActionError("请填写解决情况。")
    files = list(files or [])
    if len(files) > rules.EVIDENCE_MAX_FILES:
        raise CaseActionError(f"一次最多上传{rules.EVIDENCE_MAX_FILES}个佐证材料。")
    errors, kinds = [], []
    for f in files:
        try:
            kinds.append(validate_upload(f, rules.EVIDENCE_KINDS, rules.EVIDENCE_MAX_BYTES))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise CaseActionError(" ".join(errors))
    if not files and not case.evidence.exists():
        raise CaseActionError("请上传至少一份佐证材料(照片或文件)。")
    with transaction.atomic():
        for f, kind in zip(files, kinds, strict=True):
            CaseEvidence.objects.create(
                case=case,
                file=f,
                original_name=f.name[:200],
                kind=kind,
                uploaded_on=on,
                uploaded_by=user,
            )
        case.outcome = outcome
        case.outcome_detail = detail
        case.staged_plan_until = staged_until if outcome == Outcome.STAGED else None
        case.result_submitted_on = on
        _move(case, "submit")
        case.save()
        _log(case, "submit", user, outcome=outcome, files=len(files))
    return case


# --- close-out ---------------------------------------------------------------------------


def _push_public_reply(case, answer, user):
    """The answer flows back to the citizen: every report this case came from (merged duplicates
    included) gets it on its public status page, through the report box's ``set_public_reply``."""
    from ledgers.reportbox.services import set_public_reply

    for source in case.sources.filter(report__isnull=False).select_related("report"):
        set_public_reply(source.report, answer, user=user, close=True)


def close(case, *, user, on, answer, publish=False):
    """销号: the office has checked the result and records the answer to the citizen."""
    require_office(user)
    _check_state(case, "close")
    answer = _required(answer, "请填写答复群众的内容。")
    if rules.callback_missing(
        case.needs_callback, case.notes.filter(kind=NoteKind.CALLBACK).count()
    ):
        raise CaseActionError("此件须先填写回访记录(回访群众的情况),再审核销号。")
    with transaction.atomic():
        case.answer_to_citizen = answer
        case.closed_on = on
        case.closed_on_time = rules.on_time(case.result_submitted_on, case.deadline)
        case.publish_result = bool(publish)
        _move(case, "close")
        case.save()
        _push_public_reply(case, answer, user)
        _log(case, "close", user, on_time=case.closed_on_time, publish=case.publish_result)
    return case


def send_back(case, *, user, on, reason, extra_days=None, calendar=None):
    """The office is not satisfied with the result (or a citizen's complaint holds): back to the
    unit, optionally with a new time limit counted from today."""
    require_office(user)
    _check_state(case, "send_back")
    reason = _required(reason, "请填写退回重办的理由。")
    if extra_days:
        case.deadline = add_working_days(on, extra_days, calendar or WorkingCalendar.from_db())
    case.closed_on = None
    case.closed_on_time = None
    _move(case, "send_back")
    case.save()
    _log(case, "send_back", user, reason=reason, deadline=case.deadline)
    return case


def record_dissatisfaction(case, *, on, reason):
    """The citizen says they are not satisfied (status page): reopens a closed case once."""
    _check_state(case, "dissatisfied")
    reason = _required(reason, "请说明不满意的理由。")
    if not rules.may_reopen(case.reopen_count):
        raise CaseActionError("该问题已复核过一次,如仍有异议请拨打作风办电话。")
    case.reopen_count += 1
    case.dissatisfaction_reason = reason[:2000]
    case.publish_result = False
    _move(case, "dissatisfied")
    case.save()
    _log(case, "dissatisfied", None, reason=case.dissatisfaction_reason, on=on)
    return case


def set_publication(case, *, user, publish):
    require_office(user)
    _check_state(case, "publish")
    case.publish_result = bool(publish)
    case.save(update_fields=["publish_result", "updated_at"])
    _log(case, "publish", user, publish=case.publish_result)
    return case


# --- look-back: merge duplicates ---------------------------------------------------------


def merge_cases(primary, duplicates, *, user):
    """Merge duplicates into ``primary``: every source moves to it (nothing is lost), each
    duplicate is marked 已合并 and points at ``primary``."""
    require_office(user)
    duplicates = [d for d in duplicates if d.pk != primary.pk]
    if not duplicates:
        raise CaseActionError("请选择要合并的重复问题。")
    if primary.state in (S.MERGED,):
        raise CaseActionError("不能合并到一个已合并的问题。")
    with transaction.atomic():
        for dup in duplicates:
            _check_state(dup, "merge")
            moved = CaseSource.objects.filter(case=dup).update(case=primary)
            dup.merged_into = primary
            _move(dup, "merge")
            dup.save()
            _log(dup, "merge", user, into=primary.pk, sources=moved)
        _log(primary, "merge_into", user, merged=[d.pk for d in duplicates])
    return primary
