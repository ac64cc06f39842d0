"""Every state change of a case, in one place.

Each public function checks who may act (office or the assigned unit), checks the current state
against :data:`TRANSITIONS`, changes the case and writes a Wagtail log entry
(``wagtail.log_actions.log``) — the case's history in the admin is the audit trail. Dates are
passed in (``on=``); nothing here asks for "today".
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from wagtail.log_actions import log

from ledgers.cases import rules
from ledgers.cases.models import (
    Case,
    CaseEvidence,
    CaseNote,
    CaseSource,
    CaseState,
    ExtensionRequest,
    ExtensionState,
    Outcome,
    SlipCounter,
    SourceKind,
)
from ledgers.cases.redaction import redact_identity
from ledgers.cases.workdays import WorkingCalendar, add_working_days
from ledgers.roles import is_office, unit_of
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
}


class CaseActionError(Exception):
    """An action that is not allowed now; the message (in Chinese) is shown to the user."""


def _action_name(action):
    return f"cases.{action}"


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


def _require_office(user):
    if not is_office(user):
        raise PermissionDenied


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
    _require_office(user)
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


def source_reference(obj):
    """``app_label.model:pk`` for a model instance (or ``classname:pk`` for a plain object)."""
    meta = getattr(obj, "_meta", None)
    label = meta.label_lower if meta is not None else type(obj).__name__.lower()
    return f"{label}:{obj.pk}"


def _generic_link(obj):
    if getattr(obj, "_meta", None) is None or getattr(obj._meta, "abstract", True):
        return None, None
    return ContentType.objects.get_for_model(obj), obj.pk


def _first_attr(obj, names, default=""):
    for name in names:
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return default


def _category_of(obj):
    from ledgers.models import ProblemCategory

    value = getattr(obj, "category", None)
    if isinstance(value, ProblemCategory):
        return value
    name = str(value or getattr(obj, "category_name", "") or "").strip()
    category = ProblemCategory.objects.filter(name=name).first() if name else None
    if category is None:
        raise CaseActionError(
            f"问题类型“{name or '空'}”不在问题类型表中,请先在“问题类型”中添加后再移交。"
        )
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
        value = getattr(obj, name, None)
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
    """Turn a report-box item the office accepted into a case (idempotent).

    Duck-typed on the report: ``pk``, ``category``, ``content``, ``place`` (or ``town``/
    ``village``/``compound``), ``concerned_unit``, ``assigned_unit``, ``receipt_code``,
    reporter ``name``/``phone`` (or ``reporter_name``/``reporter_phone``) and ``is_anonymous``.
    Returns ``(case, created)``.
    """
    _require_office(user)
    name = _first_attr(report, ["reporter_name", "name"])
    phone = _first_attr(report, ["reporter_phone", "phone"])
    anonymous = bool(getattr(report, "is_anonymous", not name))
    place = str(_first_attr(report, ["place"]))
    town, village, compound = split_address(place)
    content = str(report.content)
    content_type, object_id = _generic_link(report)
    reference = source_reference(report)
    receipt = str(_first_attr(report, ["receipt_code", "code"]))
    return _attach_source(
        {
            "kind": SourceKind.REPORT_BOX,
            "reference": reference,
            "content_type": content_type,
            "object_id": object_id,
            "receipt_code": receipt,
            "report": _real_report(report),
            "reporter_name": "" if anonymous else name,
            "reporter_phone": "" if anonymous else phone,
            "snapshot": _snapshot(report, ["content", "place", "category", "receipt_code"]),
        },
        {
            "title": redact_identity(str(_first_attr(report, ["title"], content[:40])), [name]),
            "category": _category_of(report),
            "content": content,
            "town": _first_attr(report, ["town"], town),
            "village": _first_attr(report, ["village"], village),
            "compound": _first_attr(report, ["compound"], compound or place[:80]),
            "address_detail": place[:120],
            "source": SourceKind.REPORT_BOX,
            "reporter_name": "" if anonymous else name,
            "reporter_phone": "" if anonymous else phone,
            "reporter_anonymous": anonymous,
            "concerned_unit": getattr(report, "concerned_unit", None),
            "assigned_unit": getattr(report, "assigned_unit", None),
        },
        user=user,
        on=on,
        action_data={"receipt_code": receipt},
    )


def _real(obj, label):
    """The object itself when it is a saved instance of ``label`` (for the FK), else None."""
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return obj if isinstance(obj, model) and obj.pk else None


def _real_report(obj):
    return _real(obj, "reportbox.Report")


INDUSTRY_SPHERES = {"行业领域", "industry", "sector"}


def _ledger_kind(row):
    explicit = getattr(row, "case_source_kind", None)
    if explicit:
        return explicit
    attachment = str(
        _first_attr(row, ["attachment"], _first_attr(getattr(row, "upload", None), ["attachment"]))
    )
    if "5" in attachment or "hotline" in attachment:
        channel = str(_first_attr(row, ["channel"]))
        return SourceKind.ONLINE if "网上" in channel or "online" in channel else SourceKind.HOTLINE
    if "4" in attachment or "service" in attachment:
        return SourceKind.SERVICE_LEDGER
    return SourceKind.VISIT_LEDGER


def hand_over_ledger_row(row, *, user, on):
    """Turn a 公共方面 row of att. 2/4 (or an att. 5 hotline row) into a case, linked back to the
    row; handing the same row over twice returns the first case. Rows of the 行业领域 ledger stay
    with the unit (the policy has it fix them itself). Returns ``(case, created)``."""
    _require_office(user)
    sphere = str(_first_attr(row, ["sphere"], ""))
    if sphere in INDUSTRY_SPHERES:
        raise CaseActionError("行业领域问题由本单位自行整改,不移交作风办交办。")
    content = str(_first_attr(row, ["problem_content", "content"]))
    if not content.strip():
        raise CaseActionError("该行没有问题内容,无需移交。")
    kind = _ledger_kind(row)
    name = str(_first_attr(row, ["person_name", "name", "reporter_name"]))
    phone = str(_first_attr(row, ["phone", "reporter_phone"]))
    address = str(_first_attr(row, ["address"]))
    town, village, compound = split_address(address)
    upload = getattr(row, "upload", None)
    unit = _first_attr(row, ["unit"], _first_attr(upload, ["unit"], None))
    if not town and unit is not None and getattr(unit, "kind", "") == "town":
        town = unit.name
    content_type, object_id = _generic_link(row)
    reference = source_reference(row)
    suggested = None
    responsible = str(_first_attr(row, ["responsible_unit"]))
    if responsible:
        from ledgers.models import Unit

        suggested = (
            Unit.objects.active().filter(Q(name=responsible) | Q(short_name=responsible)).first()
        )
    return _attach_source(
        {
            "kind": kind,
            "reference": reference,
            "content_type": content_type,
            "object_id": object_id,
            "ledger_row": _real(row, "sheets.LedgerRow"),
            "reporter_name": name,
            "reporter_phone": phone,
            "snapshot": _snapshot(
                row,
                [
                    "person_name",
                    "address",
                    "category",
                    "problem_content",
                    "content",
                    "handling",
                    "responsible_unit",
                    "sphere",
                    "sheet_name",
                    "row_number",
                ],
            )
            | {"unit": str(unit or ""), "period": str(_first_attr(upload, ["period"], ""))},
        },
        {
            "title": redact_identity(content[:40], [name]),
            "category": _category_of(row),
            "content": content,
            "town": town,
            "village": village,
            "compound": compound,
            "address_detail": address[:120],
            "source": kind,
            "reporter_name": name,
            "reporter_phone": phone,
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
    _require_office(user)
    _check_state(case, "assign")
    if time_limit_days is None or time_limit_days < 1:
        raise CaseActionError("办理时限至少为1个工作日。")
    if rules.case_assignment_conflicts(case, unit):
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
    _require_office(user)
    _check_state(case, "flag")
    case.flagged = True
    case.flag_reason = _required(reason, "请填写挂牌督办事由。")
    case.save(update_fields=["flagged", "flag_reason", "updated_at"])
    _log(case, "flag", user, reason=case.flag_reason)
    return case


def unflag(case, *, user):
    _require_office(user)
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
    note = CaseNote.objects.create(
        case=case, kind=kind, text=_required(text, "请填写内容。"), written_on=on, author=user
    )
    _log(case, "note", user, kind=kind)
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
    _require_office(user)
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
    """For report-box items, the answer appears on the report's public status page (through the
    report box's own ``set_public_reply`` when that module provides it)."""
    try:
        from ledgers.reportbox.services import set_public_reply
    except ImportError:
        set_public_reply = None
    for source in case.sources.filter(kind=SourceKind.REPORT_BOX, content_type__isnull=False):
        report = source.source_object
        if report is None or not hasattr(report, "public_reply"):
            continue
        if set_public_reply is not None:
            set_public_reply(report, answer, user=user, close=True)
        else:
            report.public_reply = answer
            report.save(update_fields=["public_reply"])


def close(case, *, user, on, answer, publish=False):
    """销号: the office has checked the result and records the answer to the citizen."""
    _require_office(user)
    _check_state(case, "close")
    answer = _required(answer, "请填写答复群众的内容。")
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
    _require_office(user)
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
    _require_office(user)
    _check_state(case, "publish")
    case.publish_result = bool(publish)
    case.save(update_fields=["publish_result", "updated_at"])
    _log(case, "publish", user, publish=case.publish_result)
    return case


# --- look-back: merge duplicates ---------------------------------------------------------


def merge_cases(primary, duplicates, *, user):
    """Merge duplicates into ``primary``: every source moves to it (nothing is lost), each
    duplicate is marked 已合并 and points at ``primary``."""
    _require_office(user)
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
