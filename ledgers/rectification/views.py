"""Admin views of the case workbench (mounted by CaseViewSet under /admin/rectification/).

Every view checks the unit scope (ledgers/permissions.py via :mod:`ledgers.rectification.access`):
another unit's case is refused; office-only views refuse units.
"""

import contextlib
import dataclasses
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from ledgers.display import format_when
from ledgers.history import history_entries
from ledgers.history_scope import OFFICE_ONLY_LOG_ACTIONS
from ledgers.masking import mask_name
from ledgers.models import Unit
from ledgers.permissions import get_in_scope, require_office
from ledgers.rectification import charts, exports, lookback, rules, services, workbench
from ledgers.rectification.access import (
    CASE_SCOPE,
    CHILD_SCOPE,
    READS_IN_TOWN,
    READS_RAISED,
    hotline_centre_of,
    hotline_entries,
    own_cases,
    reading_reason,
    require_hotline_or_office,
    require_unit_or_office,
    scoped_cases,
)
from ledgers.rectification.dashboard import (
    appeal_figures,
    office_figures,
    unit_queue,
    with_callback,
)
from ledgers.rectification.forms import (
    AssignForm,
    CallbackForm,
    CloseForm,
    DecideExtensionForm,
    ExtensionForm,
    FlagForm,
    HandleForm,
    HotlineEntryForm,
    MergeForm,
    NoteForm,
    PeriodForm,
    PlaceForm,
    PublishForm,
    ReasonForm,
    SendBackForm,
    SubmitForm,
)
from ledgers.rectification.models import (
    AppealType,
    Case,
    CaseEvidence,
    CaseState,
    ExtensionRequest,
    ExtensionState,
)
from ledgers.rectification.workdays import WorkingCalendar
from ledgers.redaction import redact
from ledgers.roles import is_office, unit_of
from ledgers.satisfaction import Satisfaction
from ledgers.uploads import private_file_response

S = CaseState


def _today():
    return timezone.localdate()


def _do_assign(case, data, request, on):
    return services.assign(
        case,
        data["unit"],
        data["time_limit_days"],
        user=request.user,
        on=on,
        override_reason=data["override_reason"],
        flag=data["flag"],
    )


def _do_decide(case, data, request, on):
    ext = get_object_or_404(ExtensionRequest, pk=data["extension"], case=case)
    return services.decide_extension(
        ext, user=request.user, on=on, grant=data["decision"] == "grant", note=data["note"]
    )


# name -> (form class, who: "office"/"unit", handler, label of the button)
ACTIONS = {
    "assign": (AssignForm, "office", _do_assign, "交办"),
    "flag": (
        FlagForm,
        "office",
        lambda c, d, r, on: services.flag(c, user=r.user, reason=d["reason"]),
        "挂牌督办",
    ),
    "unflag": (None, "office", lambda c, d, r, on: services.unflag(c, user=r.user), "取消督办"),
    "decide_extension": (DecideExtensionForm, "office", _do_decide, "审批延期"),
    "close": (
        CloseForm,
        "office",
        lambda c, d, r, on: services.close(
            c, user=r.user, on=on, answer=d["answer"], publish=d["publish"]
        ),
        "审核通过并销号",
    ),
    "send_back": (
        SendBackForm,
        "office",
        lambda c, d, r, on: services.send_back(
            c, user=r.user, on=on, reason=d["reason"], extra_days=d["extra_days"]
        ),
        "退回重办",
    ),
    "publish": (
        PublishForm,
        "office",
        lambda c, d, r, on: services.set_publication(c, user=r.user, publish=d["publish"]),
        "保存公示设置",
    ),
    "sign": (None, "unit", lambda c, d, r, on: services.sign(c, user=r.user, on=on), "签收"),
    "return": (
        ReasonForm,
        "unit",
        lambda c, d, r, on: services.return_case(c, user=r.user, on=on, reason=d["reason"]),
        "退回作风办",
    ),
    "handle": (
        HandleForm,
        "unit",
        lambda c, d, r, on: services.record_handling(
            c, user=r.user, section=d["section"], person=d["person"], measures=d["measures"]
        ),
        "保存",
    ),
    "note": (
        NoteForm,
        "unit",
        lambda c, d, r, on: services.add_note(
            c, user=r.user, on=on, kind=d["kind"], text=d["text"]
        ),
        "记录",
    ),
    "request_extension": (
        ExtensionForm,
        "unit",
        lambda c, d, r, on: services.request_extension(
            c, user=r.user, on=on, days=d["days"], reason=d["reason"]
        ),
        "申请延期",
    ),
    "submit": (
        SubmitForm,
        "unit",
        lambda c, d, r, on: services.submit_result(
            c,
            user=r.user,
            on=on,
            outcome=d["outcome"],
            detail=d["detail"],
            files=d["files"],
            staged_until=d["staged_until"],
        ),
        "报送办理结果",
    ),
    # Office, assigned unit, or the unit that entered the case (services.may_record_callback).
    "callback": (
        CallbackForm,
        "callback",
        lambda c, d, r, on: services.record_callback(
            c, user=r.user, on=on, text=d["text"], satisfaction=d["satisfaction"]
        ),
        "保存回访记录",
    ),
}

TITLES = {
    "assign": "交办",
    "flag": "挂牌督办",
    "unflag": "取消挂牌督办",
    "decide_extension": "延期审批",
    "close": "销号",
    "send_back": "退回重办",
    "publish": "整改公示",
    "sign": "签收",
    "return": "退回(交办后2个工作日内)",
    "handle": "责任科室、责任人与整改措施",
    "note": "办理进展",
    "request_extension": "申请延期",
    "submit": "报送办理结果",
    "callback": "回访来电人",
}


SUCCESS = {
    "assign": "已交办,交办单编号 {case.slip_number},办理期限 {deadline}。",
    "flag": "已挂牌督办。",
    "unflag": "已取消挂牌督办。",
    "decide_extension": "已审批延期申请,办理期限 {deadline}。",
    "close": "已审核通过并销号。",
    "send_back": "已退回重办。",
    "publish": "已保存公示设置。",
    "sign": "已签收,办理期限 {deadline}。",
    "return": "已退回作风办。",
    "handle": "已保存责任科室、责任人和整改措施。",
    "note": "已记录进展。",
    "request_extension": "已提交延期申请,等待作风办审批。",
    "submit": "已报送办理结果,等待作风办审核。",
    "callback": "已保存回访记录。",
}


def available_actions(case, user):
    """Action names the user may take on the case now (by role and state)."""
    office = is_office(user)
    unit = unit_of(user)
    own = unit is not None and unit.pk == case.assigned_unit_id
    calendar = WorkingCalendar.from_db() if own else None
    names = []
    for name, (_, who, _, _) in ACTIONS.items():
        if who == "callback":
            if case.needs_callback and services.may_record_callback(case, user):
                names.append(name)
            continue
        if (who == "office" and not office) or (who == "unit" and not own):
            continue
        allowed_from, _ = services.TRANSITIONS[name]
        if case.state not in allowed_from:
            continue
        if name == "flag" and case.flagged or name == "unflag" and not case.flagged:
            continue
        if name == "decide_extension" and not any(
            e.state == ExtensionState.PENDING for e in case.extensions.all()
        ):
            continue
        if name == "return" and not rules.return_allowed(case.assigned_on, _today(), calendar):
            continue
        if name == "request_extension" and any(
            e.state == ExtensionState.PENDING for e in case.extensions.all()
        ):
            continue
        names.append(name)
    return names


def _initial(case, name):
    if name == "assign":
        return {"unit": case.assigned_unit_id}
    if name == "handle":
        return {
            "section": case.responsible_section,
            "person": case.responsible_person,
            "measures": case.measures,
        }
    if name == "decide_extension":
        pending = next(e for e in case.extensions.all() if e.state == ExtensionState.PENDING)
        return {"extension": pending.pk}
    if name == "publish":
        return {"publish": case.publish_result}
    if name == "close":
        return {"answer": case.answer_to_citizen or case.outcome_detail}
    return {}


def log_identity_view(request, case, name, phone, where):
    """A unit's every view of a consenting reporter's name and phone is logged on the case (not
    the office's, nor the entering centre's: they took the call)."""
    if case.reporter_known_to(request.user) or not (name or phone) or case.reporter_anonymous:
        return
    log(
        instance=case,
        action="rectification.identity_view",
        user=request.user,
        data={"where": where},
    )


def _shown_texts(case, user):
    """Free texts of the case as ``user`` may read them (redacted outside the office)."""
    return {
        "place": case.text_for(user, case.full_place),
        "address_detail": case.text_for(user, case.address_detail),
        "answer_to_citizen": case.text_for(user, case.answer_to_citizen),
        "dissatisfaction_reason": case.text_for(user, case.dissatisfaction_reason),
        "return_reason": case.text_for(user, case.return_reason),
        "measures": case.text_for(user, case.measures),
        "outcome_detail": case.text_for(user, case.outcome_detail),
    }


def _redact_children(case, user):
    """Notes and extension requests as ``user`` may read them (on the prefetched objects, never
    saved): a note may quote a phone number, an ID number or a name."""
    if is_office(user):
        return
    for note in case.notes.all():
        note.text = case.text_for(user, note.text)
    for ext in case.extensions.all():
        ext.reason = case.text_for(user, ext.reason)
        ext.decision_note = case.text_for(user, ext.decision_note)


READ_ONLY_NOTICES = {
    READS_IN_TOWN: "此问题位于本镇(街道)辖区,由承办单位办理;本单位可查看办理进展和答复,不能办理或操作。",
    READS_RAISED: "此问题由本单位台账反映,由承办单位办理;本单位可查看办理进展和答复,不能办理或操作。",
}


def case_detail(request, pk, bound=None, error_action=None):
    case = get_in_scope(
        CASE_SCOPE,
        request.user,
        Case.objects.with_related().prefetch_related("sources", "notes", "extensions", "evidence"),
        pk=pk,
    )
    actions = []
    allowed = available_actions(case, request.user)
    role = workbench.role_of(case, request.user)
    main, other, destructive = workbench.arrange(case, role, allowed)
    group_of = dict.fromkeys(main, "main") | dict.fromkeys(other, "other")
    group_of |= dict.fromkeys(destructive, "destructive")
    for name in main + other + destructive:
        form_class, _, _, button = ACTIONS[name]
        if name == error_action and bound is not None:
            form = bound
        else:
            form = form_class(initial=_initial(case, name), prefix=name) if form_class else None
        actions.append(
            {
                "name": name,
                "title": TITLES[name],
                "form": form,
                "button": button,
                "url": reverse("rectification_admin:action", args=[case.pk, name]),
                "multipart": name == "submit",
                "group": group_of[name],
                "confirm_label": workbench.CONFIRM_LABELS.get(name, ""),
                "open": name == error_action,
            }
        )
    office = is_office(request.user)
    reads_as = None if office else reading_reason(unit_of(request.user), case)
    _redact_children(case, request.user)
    name, phone = case.reporter_for(request.user)
    identity_shown = case.identity_visible_to(request.user)
    sources = []
    for source in case.sources.all():
        if identity_shown:
            s_name, s_phone = source.reporter_name, source.reporter_phone
        else:
            s_name, s_phone = ("", "")
        sources.append({"source": source, "name": s_name, "phone": s_phone})
    log_identity_view(request, case, name, phone, "workbench")
    names = case.reporter_names()
    # Notes are redacted for everyone (entries written before titles were redacted may still
    # carry a name or a number); office-only entries never reach a unit.
    history = [
        dataclasses.replace(entry, note=redact(entry.note, names))
        for entry in history_entries(case)
        if office or entry.action_code not in OFFICE_ONLY_LOG_ACTIONS
    ]
    today = _today()
    return TemplateResponse(
        request,
        "rectification/admin/detail.html",
        {
            "case": case,
            "header_title": f"{case.slip_number or '#' + str(case.pk)} {case.title_for(request.user)}",
            "page_title": case.title_for(request.user),
            "reporter_name": name,
            "reporter_phone": phone,
            "identity_shown": identity_shown,
            "reporter_known": case.reporter_known_to(request.user),
            "content": case.content_for(request.user),
            "title": case.title_for(request.user),
            "shown": _shown_texts(case, request.user),
            "sources": sources,
            "actions": actions,
            "main_actions": [a for a in actions if a["group"] == "main"],
            "other_actions": [a for a in actions if a["group"] == "other"],
            "destructive_actions": [a for a in actions if a["group"] == "destructive"],
            "deadline_rule": rules.deadline_rule_text(case.time_limit_days)
            if case.time_limit_days
            else "",
            "is_office": office,
            "read_only_notice": READ_ONLY_NOTICES.get(reads_as, ""),
            "overdue": case.is_overdue(today),
            "history": history,
            "nearby": lookback.open_cases_at(scoped_cases(request.user, Case.objects.all()), case),
        },
        status=400 if bound is not None else 200,
    )


@require_POST
def case_action(request, pk, name):
    if name not in ACTIONS:
        return redirect("rectification_admin:detail", pk)
    case = get_in_scope(CASE_SCOPE, request.user, Case.objects.with_related(), "change", pk=pk)
    form_class, _, handler, _ = ACTIONS[name]
    form = form_class(request.POST, request.FILES, prefix=name) if form_class else None
    if form is not None and not form.is_valid():
        return case_detail(request, pk, bound=form, error_action=name)
    allowed = name in available_actions(case, request.user)
    if allowed and not workbench.confirmed(name, request.POST):
        message = f"请勾选“{workbench.CONFIRM_LABELS[name]}”后再提交。"
        if form is None:
            messages.error(request, message)
            return redirect("rectification_admin:detail", pk)
        form.add_error(None, message)
        return case_detail(request, pk, bound=form, error_action=name)
    try:
        handler(case, form.cleaned_data if form else {}, request, _today())
    except services.CaseActionError as exc:
        if form is None:
            messages.error(request, str(exc))
            return redirect("rectification_admin:detail", pk)
        form.add_error(None, str(exc))
        return case_detail(request, pk, bound=form, error_action=name)
    case.refresh_from_db()
    messages.success(
        request,
        SUCCESS[name].format(case=case, deadline=format_when(case.deadline, "prose-date")),
    )
    return redirect("rectification_admin:detail", pk)


def slip(request, pk):
    """The numbered 交办单, one A4 page (print stylesheet)."""
    case = get_in_scope(
        CASE_SCOPE, request.user, Case.objects.with_related().prefetch_related("sources"), pk=pk
    )
    if not case.slip_number:
        messages.error(request, "该问题尚未交办,没有交办单。")
        return redirect("rectification_admin:detail", pk)
    # The slip travels to the unit: never the reporter's identity, whoever prints it, and the
    # problem text redacted for everyone.
    return TemplateResponse(
        request,
        "rectification/slip.html",
        {
            "case": case,
            "content": redact(case.content, case.reporter_names()),
            "address": redact(case.full_place, case.reporter_names()),
            "today": _today(),
        },
    )


def evidence_download(request, pk, evidence_pk):
    evidence = get_in_scope(
        CHILD_SCOPE,
        request.user,
        CaseEvidence.objects.select_related("case"),
        pk=evidence_pk,
        case_id=pk,
    )
    return private_file_response(evidence.file, evidence.original_name, request=request)


def office_dashboard(request):
    require_office(request.user)
    today = _today()
    figures = office_figures(today)
    figures["by_appeal_type"] = appeal_figures(Case.objects.exclude(appeal_type=""))
    if request.GET.get("export") == "xlsx":
        return exports.dashboard_workbook(figures)
    return TemplateResponse(
        request,
        "rectification/admin/dashboard.html",
        {
            "header_title": "问题整改统计",
            "page_title": "问题整改统计",
            "figures": figures,
            "today": today,
            "charts": charts.office_charts(figures),
        },
    )


def my_queue(request):
    """A unit's own queue; the office may look at any unit's with ?unit=."""
    require_unit_or_office(request.user)
    unit = unit_of(request.user)
    if is_office(request.user):
        unit = (
            get_object_or_404(Unit, pk=request.GET.get("unit")) if request.GET.get("unit") else None
        )
        if unit is None:
            return redirect("rectification_admin:dashboard")
    today = _today()
    counts, rows = unit_queue(unit, today)
    return TemplateResponse(
        request,
        "rectification/admin/queue.html",
        {
            "header_title": f"{unit} 交办问题",
            "page_title": f"{unit} 交办问题",
            "unit": unit,
            "counts": counts,
            "rows": rows,
            "today": today,
        },
    )


def overdue_list(request):
    require_unit_or_office(request.user)
    today = _today()
    rows = (
        own_cases(request.user, Case.objects.overdue(today))
        .with_related()
        .order_by("-flagged", "deadline", "pk")
    )
    return TemplateResponse(
        request,
        "rectification/admin/overdue.html",
        {"header_title": "逾期问题", "page_title": "逾期问题", "rows": rows, "today": today},
    )


def lookback_view(request):
    require_unit_or_office(request.user)
    form = PlaceForm(request.GET or None)
    groups = ledger_groups = None
    if form.is_valid():
        groups = lookback.place_history(
            scoped_cases(request.user, Case.objects.all()), **form.cleaned_data
        )
        ledger_groups = lookback.ledger_history(request.user, **form.cleaned_data)
        office = is_office(request.user)
        for _, rows in ledger_groups:
            for row in rows:
                row.shown_name = row.person_name if office else mask_name(row.person_name)
    return TemplateResponse(
        request,
        "rectification/admin/lookback.html",
        {
            "header_title": "回头看",
            "page_title": "回头看",
            "form": form,
            "groups": groups,
            "ledger_groups": ledger_groups,
        },
    )


def clusters_view(request):
    require_office(request.user)
    today = _today()
    data = request.GET.copy()
    data.setdefault("start", (today - datetime.timedelta(days=183)).isoformat())
    data.setdefault("end", today.isoformat())
    form = PeriodForm(data)
    clusters = []
    if form.is_valid():
        d = form.cleaned_data
        clusters = lookback.find_clusters(Case.objects.all(), d["start"], d["end"], d["threshold"])
    merge_form = MergeForm()
    if request.method == "POST":
        merge_form = MergeForm(request.POST)
        if merge_form.is_valid():
            d = merge_form.cleaned_data
            primary = get_object_or_404(Case, pk=d["primary"])
            duplicates = list(Case.objects.filter(pk__in=d["duplicates"]))
            if len(duplicates) != len(set(d["duplicates"])):
                merge_form.add_error("duplicates", "有问题编号不存在。")
            else:
                try:
                    services.merge_cases(primary, duplicates, user=request.user)
                except services.CaseActionError as exc:
                    merge_form.add_error(None, str(exc))
                else:
                    messages.success(
                        request, f"已将 {len(duplicates)} 件重复问题并入 #{primary.pk}。"
                    )
                    return redirect("rectification_admin:detail", primary.pk)
    return TemplateResponse(
        request,
        "rectification/admin/clusters.html",
        {
            "header_title": "同类问题聚集",
            "page_title": "同类问题聚集",
            "form": form,
            "clusters": clusters,
            "merge_form": merge_form,
        },
        status=400 if merge_form.errors else 200,
    )


def ledger_export(request):
    """整改台账 of one unit: a clerk gets their own; the office names the unit (?unit=)."""
    require_unit_or_office(request.user)
    if is_office(request.user):
        unit = get_object_or_404(Unit, pk=request.GET.get("unit") or 0)
    else:
        unit = unit_of(request.user)
    cases = (
        Case.objects.filter(assigned_unit=unit)
        .exclude(state__in=(S.MERGED, S.RETURNED))
        .prefetch_related("sources")
        .order_by("assigned_on", "pk")
    )
    return exports.rectification_ledger(cases, unit.name, request.user)


def att5_export(request):
    require_office(request.user)
    cases = (
        Case.objects.filter(assigned_unit__isnull=False)
        .exclude(state=S.MERGED)
        .select_related("assigned_unit")
        .order_by("assigned_on", "pk")
    )
    if request.GET.get("source"):
        cases = cases.filter(source=request.GET["source"])
    for bound, lookup in (("start", "received_on__gte"), ("end", "received_on__lte")):
        if request.GET.get(bound):
            with contextlib.suppress(ValueError):
                cases = cases.filter(**{lookup: datetime.date.fromisoformat(request.GET[bound])})
    return exports.att5_statistics(cases)


def calendar_preview(request):
    """Office check of the calendar: working days of a month after overrides."""
    require_office(request.user)
    calendar = WorkingCalendar.from_db()
    today = _today()
    try:
        month = datetime.date.fromisoformat((request.GET.get("month") or "") + "-01")
    except ValueError:
        month = today.replace(day=1)
    days = []
    day = month
    while day.month == month.month:
        days.append((day, calendar.is_working_day(day)))
        day += datetime.timedelta(days=1)
    return TemplateResponse(
        request,
        "rectification/admin/calendar.html",
        {"header_title": "工作日历", "page_title": "工作日历", "days": days, "month": month},
    )


@require_POST
def hand_over(request, kind, pk):
    """Office: turn a report-box item or a ledger row into a case (idempotent) and open it on
    the workbench. Both the rectification queue and the ledgers' hand-over page post here."""
    from django.http import Http404

    from ledgers.reportbox.models import Report
    from ledgers.sheets.models import LedgerRow

    require_office(request.user)
    if kind == "report":
        obj, handler = get_object_or_404(Report, pk=pk), services.hand_over_report
    elif kind == "ledger_row":
        obj = get_object_or_404(LedgerRow.objects.select_related("upload__unit"), pk=pk)
        handler = services.hand_over_ledger_row
    else:
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("rectification_admin:handover")
    try:
        case, created = handler(obj, user=request.user, on=_today())
    except services.CaseActionError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if created:
        messages.success(request, f"已移交为整改问题 #{case.pk},请交办。")
    else:
        messages.info(request, f"该条已于此前移交(整改问题 #{case.pk}),未重复创建。")
    return redirect("rectification_admin:detail", case.pk)


def handover_queue(request):
    """Office: accepted report-box items and the ledger rows the ledgers hand over (one
    definition, :mod:`ledgers.sheets.handover`) not yet turned into cases, each with a button."""
    from ledgers.reportbox.models import Report, Status
    from ledgers.sheets.models import LedgerRow

    require_office(request.user)
    reports = list(
        Report.objects.filter(status=Status.ACCEPTED, case_sources__isnull=True)
        .select_related("category", "concerned_unit")
        .order_by("created_at")[:200]
    )
    rows = list(
        LedgerRow.objects.to_hand_over()
        .filter(case_sources__isnull=True)
        .select_related("category", "upload__unit", "upload__period")
        .order_by("pk")[:200]
    )
    return TemplateResponse(
        request,
        "rectification/admin/handover.html",
        {
            "header_title": "待移交问题",
            "page_title": "待移交问题",
            "reports": reports,
            "rows": rows,
        },
    )


# --- 89000 hotline centre ----------------------------------------------------------------------


def hotline_entry(request):
    """热线诉求录入: a clerk of the 89000 centre (or the office) enters a call as a new case."""
    require_hotline_or_office(request.user)
    today = _today()
    form = HotlineEntryForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.enter_hotline_item(
                user=request.user,
                on=d["received_on"],
                appeal_type=d["appeal_type"],
                title=d["title"],
                category=d["category"],
                content=d["content"],
                town=d["town"],
                village=d["village"],
                compound=d["compound"],
                address_detail=d["address_detail"],
                reporter_name=d["reporter_name"],
                reporter_phone=d["reporter_phone"],
                contact_consent=d["contact_consent"],
                answered_on_spot=d["answered_on_spot"],
                answer=d["answer"],
            )
        except services.CaseActionError as exc:
            form.add_error(None, str(exc))
        else:
            if case.answered_on_spot:
                messages.success(request, f"已录入热线诉求 #{case.pk}(咨询当场办结)。")
            else:
                messages.success(
                    request,
                    f"已录入热线诉求 #{case.pk},待作风办交办;承办单位报送结果后请回访来电人。",
                )
            return redirect("rectification_admin:hotline")
    centre = hotline_centre_of(request.user)
    return TemplateResponse(
        request,
        "rectification/admin/hotline_entry.html",
        {
            "header_title": "热线诉求录入",
            "page_title": "热线诉求录入",
            "form": form,
            "centre": centre,
        },
        status=400 if form.errors else 200,
    )


HOTLINE_PAGE_SIZE = 50
SATISFACTION_LABELS = dict(Satisfaction.choices)


def hotline_list(request):
    """热线诉求: the centre's own entries (the office: every hotline case), with state,
    responsible unit, deadline and whether the 回访 is done; counts by 诉求类型 on top."""
    entries = hotline_entries(request.user, Case.objects.all())
    today = _today()
    rows = entries
    appeal_type = request.GET.get("appeal_type", "")
    if appeal_type in AppealType.values:
        rows = rows.filter(appeal_type=appeal_type)
    waiting = request.GET.get("callback") == "pending"
    rows = with_callback(rows.select_related("category", "assigned_unit", "entered_by_unit"))
    if waiting:
        rows = rows.filter(
            needs_callback=True, state__in=(S.SUBMITTED, S.REOPENED), callback_done=False
        )
    rows = rows.order_by("-received_on", "-pk")
    centre = hotline_centre_of(request.user)
    title = f"{centre}热线诉求" if centre else "热线诉求"
    if request.GET.get("export") == "xlsx":
        return exports.hotline_workbook(rows, request.user, title)
    page = Paginator(rows, HOTLINE_PAGE_SIZE).get_page(request.GET.get("p"))
    for case in page.object_list:
        case.overdue = case.is_overdue(today)
        case.shown_title = case.title_for(request.user)
        case.satisfaction_label = SATISFACTION_LABELS.get(case.callback_satisfaction or "", "")
        case.callback_pending = (
            case.needs_callback
            and case.state in (S.SUBMITTED, S.REOPENED)
            and not case.callback_done
        )
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "rectification/admin/hotline_list.html",
        {
            "header_title": title,
            "page_title": title,
            "page": page,
            "rows": page.object_list,
            "figures": appeal_figures(entries),
            "appeal_types": AppealType.choices,
            "chosen_type": appeal_type,
            "waiting": waiting,
            "query": query.urlencode(),
            "is_office": is_office(request.user),
            "today": today,
        },
    )
