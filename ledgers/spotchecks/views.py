"""Admin views of the spot checks (mounted by RoundViewSet under /admin/spotchecks/rounds/).

Who sees what:

* rounds, the call queue, call sheets, phone numbers, the call list export and the print-out:
  the office only (everyone else is refused before any object is looked up, so a missing id and
  an existing one get the same answer);
* results of a round: the office always; 纪委 (read-only) and unit clerks once the office has
  published the round, a clerk only for their own unit — figures only, never names or phones.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledgers.history import history_entries
from ledgers.masking import mask_phone
from ledgers.permissions import require_office
from ledgers.roles import is_inspector, is_office, unit_of
from ledgers.spotchecks import charts, exports, results, rules, services
from ledgers.spotchecks.forms import TASK_FIELDS, CallForm, DrawForm, RaiseCaseForm
from ledgers.spotchecks.models import Call, Outcome, Round, RoundState, Task


def _today():
    return timezone.localdate()


def _round_for_office(request, pk):
    require_office(request.user)
    return get_object_or_404(Round, pk=pk)


def _call_for_office(request, pk):
    require_office(request.user)
    return get_object_or_404(Call.objects.select_related("round", "unit", "case"), pk=pk)


def round_detail(request, pk, verification=None, draw_form=None):
    """The office's page of one round: settings, the draw, the strata and the calls."""
    round_ = _round_for_office(request, pk)
    calls = list(
        round_.calls.select_related("unit", "case").order_by(
            "unit__sort_order", "unit__name", "task", "position"
        )
    )
    strata = []
    if round_.is_drawn:
        drawn = {}
        for call in calls:
            drawn[(call.unit_id, call.task)] = drawn.get((call.unit_id, call.task), 0) + 1
        names = {c.unit_id: str(c.unit) for c in calls}
        from ledgers.models import Unit

        missing = {int(k.split("|")[0]) for k in round_.frame} - set(names)
        names.update({u.pk: str(u) for u in Unit.objects.filter(pk__in=missing)})
        for label, entries in sorted(round_.frame.items()):
            unit_id, task = label.split("|", 1)
            strata.append(
                {
                    "unit": names.get(int(unit_id), unit_id),
                    "task": Task(task).label,
                    "population": len(entries),
                    "drawn": drawn.get((int(unit_id), task), 0),
                }
            )
        strata.sort(key=lambda s: (s["unit"], s["task"]))
    for call in calls:
        call.masked_phone = mask_phone(call.phone)
    return TemplateResponse(
        request,
        "spotchecks/admin/round.html",
        {
            "header_title": str(round_),
            "page_title": str(round_),
            "round": round_,
            "calls": calls,
            "strata": strata,
            "pending": sum(
                1 for c in calls if not c.outcome or rules.can_retry(c.outcome, c.attempts)
            ),
            "draw_form": draw_form or DrawForm(initial={"seed": round_.seed}),
            "verification": verification,
            "history": history_entries(round_),
        },
        status=400 if draw_form is not None else 200,
    )


@require_POST
def draw(request, pk):
    round_ = _round_for_office(request, pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        return round_detail(request, pk, draw_form=form)
    try:
        round_ = services.draw(
            round_, user=request.user, on=_today(), seed=form.cleaned_data["seed"]
        )
    except services.SpotCheckRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"已随机抽取 {round_.calls.count()} 人,随机种子 {round_.seed} 已记录。",
        )
    return redirect("spot_rounds:work", pk)


@require_POST
def verify(request, pk):
    round_ = _round_for_office(request, pk)
    try:
        result = services.verify(round_, user=request.user)
    except services.SpotCheckRefused as exc:
        messages.error(request, str(exc))
        return redirect("spot_rounds:work", pk)
    return round_detail(request, pk, verification=result)


@require_POST
def publish(request, pk):
    round_ = _round_for_office(request, pk)
    try:
        services.publish(round_, user=request.user, at=timezone.now())
    except services.SpotCheckRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已公布抽查结果,各单位可查看本单位的结果。")
    return redirect("spot_rounds:results", pk)


def calls_export(request, pk):
    """The office's call list with names and phones (logged)."""
    round_ = _round_for_office(request, pk)
    services.log_export(round_, user=request.user)
    calls = round_.calls.select_related("unit").order_by(
        "unit__sort_order", "unit__name", "task", "position"
    )
    return exports.calls_workbook(round_, calls)


def print_sheets(request, pk):
    """Printable call sheets of a round (A4, one per call): numbers masked — the caller reveals
    them on screen, where each reveal is logged."""
    round_ = _round_for_office(request, pk)
    calls = list(
        round_.calls.select_related("unit").order_by(
            "unit__sort_order", "unit__name", "task", "position"
        )
    )
    for call in calls:
        call.masked_phone = mask_phone(call.phone)
        call.questions = [
            Call._meta.get_field(name).verbose_name for name in TASK_FIELDS.get(call.task, [])
        ]
    return TemplateResponse(
        request,
        "spotchecks/print.html",
        {"round": round_, "calls": calls, "outcomes": Outcome.choices, "today": _today()},
    )


def queue(request):
    """The office's queue: calls not yet made, and 无法接通 ones that may be retried."""
    require_office(request.user)
    calls = (
        Call.objects.filter(round__state=RoundState.DRAWN)
        .filter(Q(outcome="") | Q(outcome=Outcome.UNREACHABLE, attempts__lt=rules.MAX_ATTEMPTS))
        .select_related("round", "unit")
        .order_by("round_id", "attempts", "unit__sort_order", "unit__name", "task", "position")
    )[:500]
    calls = list(calls)
    for call in calls:
        call.masked_phone = mask_phone(call.phone)
    return TemplateResponse(
        request,
        "spotchecks/admin/queue.html",
        {"header_title": "待拨电话", "page_title": "待拨电话", "calls": calls},
    )


def _call_page(request, call, *, form=None, raise_form=None, phone=None, status=200):
    facts = list((call.facts or {}).items())
    return TemplateResponse(
        request,
        "spotchecks/admin/call.html",
        {
            "header_title": f"抽查电话:{call.unit} · {call.get_task_display()}",
            "page_title": "抽查电话",
            "call": call,
            "facts": facts,
            "masked_phone": mask_phone(call.phone),
            "phone": phone,
            "form": form or CallForm(instance=call, task=call.task),
            "editable": call.round.state == RoundState.DRAWN,
            "can_retry": rules.can_retry(call.outcome, call.attempts),
            "may_raise": rules.may_raise_case(call.outcome, call.new_problem) and not call.case_id,
            "raise_form": raise_form or _raise_form(call),
            "history": history_entries(call),
            "max_attempts": rules.MAX_ATTEMPTS,
        },
        status=status,
    )


def _raise_form(call):
    from ledgers.models import ProblemCategory

    category = ProblemCategory.objects.filter(name="干部作风").first()
    return RaiseCaseForm(
        initial={
            "unit": call.unit_id,
            "category": category.pk if category else None,
            "content": services.default_case_content(call),
        }
    )


def call_sheet(request, pk):
    """The phone-friendly call sheet: facts to verify, the number behind 显示号码, the result."""
    call = _call_for_office(request, pk)
    if request.method == "POST":
        form = CallForm(request.POST, instance=call, task=call.task)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_call(
                    call,
                    user=request.user,
                    at=timezone.now(),
                    outcome=data["outcome"],
                    **form.answers(),
                )
            except services.SpotCheckRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已保存通话结果。")
                return redirect("spot_rounds:call", pk)
        call.refresh_from_db()
        return _call_page(request, call, form=form, status=400)
    return _call_page(request, call)


@require_POST
def reveal(request, pk):
    """显示号码: the number is shown on this response only; the reveal is logged."""
    call = _call_for_office(request, pk)
    phone = services.reveal_phone(call, user=request.user)
    return _call_page(request, call, phone=phone)


@require_POST
def raise_case(request, pk):
    call = _call_for_office(request, pk)
    form = RaiseCaseForm(request.POST)
    if not form.is_valid():
        return _call_page(request, call, raise_form=form, status=400)
    try:
        case, created = services.raise_case(
            call,
            user=request.user,
            on=_today(),
            category=form.cleaned_data["category"],
            unit=form.cleaned_data["unit"],
            content=form.cleaned_data["content"],
        )
    except services.SpotCheckRefused as exc:
        messages.error(request, str(exc))
        return redirect("spot_rounds:call", pk)
    if created:
        messages.success(
            request,
            f"已生成整改问题 #{case.pk} 并交 {case.assigned_unit} 办理({case.slip_number})。",
        )
    else:
        messages.info(request, f"该电话已生成整改问题 #{case.pk},未重复创建。")
    return redirect("spot_rounds:call", pk)


# --- results ------------------------------------------------------------------------------


def _may_read_results(user, round_):
    if is_office(user):
        return True
    if not round_.is_published:
        return False
    return is_inspector(user) or unit_of(user) is not None


def results_index(request):
    """抽查结果: the rounds whose results the user may read (the office: all; 纪委 and units:
    published ones)."""
    user = request.user
    if not (is_office(user) or is_inspector(user) or unit_of(user) is not None):
        raise PermissionDenied
    rounds = Round.objects.annotate(call_count=Count("calls")).order_by("-year", "-season", "-pk")
    if not is_office(user):
        rounds = rounds.filter(state=RoundState.PUBLISHED)
    unit = None if (is_office(user) or is_inspector(user)) else unit_of(user)
    return TemplateResponse(
        request,
        "spotchecks/admin/results_index.html",
        {"header_title": "抽查结果", "page_title": "抽查结果", "rounds": rounds, "unit": unit},
    )


def round_results(request, pk):
    user = request.user
    if not (is_office(user) or is_inspector(user) or unit_of(user) is not None):
        raise PermissionDenied
    round_ = Round.objects.filter(pk=pk).first()
    if round_ is None:
        if is_office(user):
            from django.http import Http404

            raise Http404
        raise PermissionDenied
    if not _may_read_results(user, round_):
        raise PermissionDenied
    unit = None if (is_office(user) or is_inspector(user)) else unit_of(user)
    rows, totals = results.round_results(round_, unit=unit)
    if unit is not None:
        totals = []
    if request.GET.get("export") == "xlsx":
        return exports.results_workbook(round_, rows, totals, unit=unit)
    unit_rows = results.chart_rows(rows)
    cases = []
    if unit is not None:
        cases = list(
            Call.objects.filter(round=round_, unit=unit, case__isnull=False)
            .select_related("case")
            .order_by("case_id")
        )
    title = f"{round_}结果" + (f"({unit})" if unit else "")
    return TemplateResponse(
        request,
        "spotchecks/admin/results.html",
        {
            "header_title": title,
            "page_title": title,
            "round": round_,
            "rows": rows,
            "totals": totals,
            "unit": unit,
            "is_office": is_office(user),
            "charts": [charts.outcome_chart(unit_rows), charts.satisfaction_chart(unit_rows)]
            if unit is None
            else [],
            "levels": results.SATISFACTION_LEVELS,
            "case_calls": cases,
        },
    )
