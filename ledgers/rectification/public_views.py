"""Public pages: the 问题整改公示 list and the citizen's status page (by receipt code)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from ledgers.places import format_place
from ledgers.rectification.models import (
    Case,
    CaseSource,
    CaseState,
)
from ledgers.redaction import redact_public

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
                "place": format_place(case.town, case.village),
                "problem": redact_public(case.content, names),
                "answer": redact_public(case.answer_to_citizen, names),
            }
        )
    return render(request, "rectification/public/results.html", {"page": page, "items": items})


def status(request):
    """The citizens' status page is the report box's (``/report/status/``): it shows the case's
    state, current deadline, granted extensions and answer, and takes the one objection. This
    old address only sends people there."""
    from ledgers.reportbox.models import ReportBoxPage

    page = ReportBoxPage.objects.live().first()
    target = f"{page.url}status/" if page is not None else "/report/status/"
    return redirect(target, permanent=True)
