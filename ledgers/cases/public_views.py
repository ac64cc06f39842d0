"""Public pages: the 问题整改公示 list and the citizen's status page (by receipt code)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.decorators import ratelimit

from ledgers.cases import services
from ledgers.cases.forms import DissatisfactionForm, StatusLookupForm
from ledgers.cases.models import Case, CaseSource, CaseState, ExtensionRequest, ExtensionState
from ledgers.cases.redaction import redact_public_text

S = CaseState

# What the citizen is told about each internal state.
PUBLIC_STATE = {
    S.NEW: "已受理,正在研究交办",
    S.RETURNED: "已受理,正在研究交办",
    S.ASSIGNED: "已交办责任单位办理",
    S.IN_PROGRESS: "责任单位办理中",
    S.SUBMITTED: "办理结果审核中",
    S.REOPENED: "您的意见已收到,正在复核",
    S.CLOSED: "已办结",
    S.MERGED: "已与同类问题合并办理",
}


def public_results(request):
    """Closed cases the office chose to publish; names, phones and house numbers removed."""
    qs = (
        Case.objects.filter(state=S.CLOSED, publish_result=True)
        .select_related("category", "assigned_unit")
        .prefetch_related(
            Prefetch("sources", queryset=CaseSource.objects.only("case_id", "reporter_name"))
        )
        .order_by("-closed_on", "-pk")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    items = []
    for case in page:
        names = [case.reporter_name] + [s.reporter_name for s in case.sources.all()]
        items.append(
            {
                "case": case,
                "place": " ".join(p for p in (case.town, case.village) if p),
                "problem": redact_public_text(case.content, names),
                "answer": redact_public_text(case.answer_to_citizen, names),
            }
        )
    return render(request, "cases/public/results.html", {"page": page, "items": items})


def _case_for_code(code):
    source = (
        CaseSource.objects.select_related("case", "case__category", "case__assigned_unit")
        .filter(receipt_code=code.strip())
        .exclude(receipt_code="")
        .first()
    )
    return source.case if source else None


def _status_context(case):
    decisions = list(
        ExtensionRequest.objects.filter(case=case).exclude(state=ExtensionState.PENDING)
    )
    return {
        "case": case,
        "public_state": PUBLIC_STATE[case.state],
        "decisions": decisions,
        "can_object": case.state == S.CLOSED and case.reopen_count == 0,
    }


@ratelimit(key="ip", rate="20/m", method="POST", block=True)
def status(request):
    """The citizen enters the receipt code (POST, so it stays out of URLs and logs) and sees the
    progress, the office's answer, and — once — may say they are not satisfied."""
    context = {"lookup": StatusLookupForm()}
    if request.method == "POST":
        if "reason" in request.POST:
            form = DissatisfactionForm(request.POST)
            code = request.POST.get("code", "")
            case = _case_for_code(code) if code else None
            if case is None:
                context["not_found"] = True
            elif form.is_valid():
                try:
                    services.record_dissatisfaction(
                        case, on=timezone.localdate(), reason=form.cleaned_data["reason"]
                    )
                    context["objection_saved"] = True
                except services.CaseActionError as exc:
                    form.add_error(None, str(exc))
                    context["objection"] = form
                case.refresh_from_db()
                context.update(_status_context(case))
            else:
                context.update(_status_context(case))
                context["objection"] = form
        else:
            lookup = StatusLookupForm(request.POST)
            context["lookup"] = lookup
            if lookup.is_valid():
                case = _case_for_code(lookup.cleaned_data["code"])
                if case is None:
                    context["not_found"] = True
                else:
                    context.update(_status_context(case))
        if context.get("case") and "objection" not in context and context.get("can_object"):
            context["objection"] = DissatisfactionForm(
                initial={"code": request.POST.get("code", "")}
            )
    return render(request, "cases/public/status.html", context, status=200)
