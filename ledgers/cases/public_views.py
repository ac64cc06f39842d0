"""Public pages: the 问题整改公示 list and the citizen's status page (by receipt code)."""

from django.contrib.contenttypes.models import ContentType
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


def find_case_by_receipt(code, secret):
    """The case of the report with receipt ``code`` — only if ``secret`` (the report's query
    password) matches, checked by the report box itself. Without the report box module (test
    stand-ins only) the receipt code alone is matched."""
    try:
        from ledgers.reportbox.services import lookup
    except ImportError:
        lookup = None
    sources = CaseSource.objects.select_related("case", "case__category", "case__assigned_unit")
    if lookup is not None:
        report = lookup(code, secret)
        if report is None:
            return None
        source = sources.filter(
            content_type=ContentType.objects.get_for_model(report), object_id=report.pk
        ).first()
    else:
        code = (code or "").strip()
        source = (
            sources.filter(receipt_code=code).exclude(receipt_code="").first() if code else None
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


SESSION_KEY = "cases.status.case"


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


@ratelimit(key="ip", rate="20/m", method="POST", block=True)
def status(request):
    """The citizen enters the receipt code and query password (POST: they stay out of URLs and
    logs) and sees the progress and the office's answer; once, they may say they are not
    satisfied. The case found is remembered in the session for that second step only."""
    context = {"lookup": StatusLookupForm()}
    case = None
    if request.method == "POST" and "reason" in request.POST:
        case_pk = request.session.get(SESSION_KEY)
        case = Case.objects.select_related("category", "assigned_unit").filter(pk=case_pk).first()
        if case is None:
            context["not_found"] = True
        else:
            form = DissatisfactionForm(request.POST)
            if form.is_valid():
                try:
                    services.record_dissatisfaction(
                        case, on=timezone.localdate(), reason=form.cleaned_data["reason"]
                    )
                    context["objection_saved"] = True
                except services.CaseActionError as exc:
                    form.add_error(None, str(exc))
                    context["objection"] = form
            else:
                context["objection"] = form
    elif request.method == "POST":
        lookup = StatusLookupForm(request.POST)
        context["lookup"] = lookup
        if lookup.is_valid():
            case = find_case_by_receipt(lookup.cleaned_data["code"], lookup.cleaned_data["secret"])
            if case is None:
                context["not_found"] = True
                request.session.pop(SESSION_KEY, None)
            else:
                request.session[SESSION_KEY] = case.pk
                context["lookup"] = StatusLookupForm()
    if case is not None:
        context.update(_status_context(case))
        if (
            context["can_object"]
            and "objection" not in context
            and not context.get("objection_saved")
        ):
            context["objection"] = DissatisfactionForm()
    return _no_store(render(request, "cases/public/status.html", context))
