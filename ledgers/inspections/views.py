"""Hand-written screens of the inspections: an inspection with its findings, a finding with its
actions (纪委) or its released facts (the unit), evidence downloads and the publication queue.
Every object is loaded through the scopes of ``access.py``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledgers.inspections import rules, services
from ledgers.inspections.access import (
    EVIDENCE_SCOPE,
    FINDING_SCOPE,
    INSPECTION_SCOPE,
    is_inspecting,
    sees_working_notes,
)
from ledgers.inspections.forms import (
    DecideForm,
    EvidenceForm,
    HandOverForm,
    PublicationForm,
    WithdrawForm,
)
from ledgers.inspections.models import (
    FILE_EXTENSIONS,
    Finding,
    FindingEvidence,
    Inspection,
    Publication,
    PublicationState,
)
from ledgers.permissions import get_in_scope
from ledgers.roles import is_office
from ledgers.uploads import private_file_response


def _today():
    return timezone.localdate()


def _finding(request, pk, action="view"):
    return get_in_scope(
        FINDING_SCOPE,
        request.user,
        Finding.objects.select_related("inspection__unit", "category", "case", "publication"),
        action,
        pk=pk,
    )


def inspection_detail(request, pk):
    inspection = get_in_scope(
        INSPECTION_SCOPE,
        request.user,
        Inspection.objects.select_related("unit", "created_by"),
        pk=pk,
    )
    findings = inspection.findings.select_related("category", "case").order_by("pk")
    return TemplateResponse(
        request,
        "inspections/admin/inspection.html",
        {
            "header_title": f"明察暗访 {inspection}",
            "page_title": "明察暗访",
            "inspection": inspection,
            "findings": findings,
            "sees_notes": sees_working_notes(request.user),
            "can_act": is_inspecting(request.user),
        },
    )


def _finding_page(request, finding, status=200, **forms):
    can_act = is_inspecting(request.user)
    publication = getattr(finding, "publication", None)
    context = {
        "header_title": "明察暗访发现的问题",
        "page_title": "明察暗访发现的问题",
        "finding": finding,
        "inspection": finding.inspection,
        "evidence": list(finding.evidence.all()),
        "publication": publication,
        "can_act": can_act,
        "sees_inspection": can_act or is_office(request.user),
        "sees_notes": sees_working_notes(request.user),
    }
    if can_act:
        context.update(
            may_decide=rules.may_decide(finding),
            may_hand_over=rules.may_hand_over(finding),
            may_release=rules.may_release(finding),
            may_propose=rules.may_propose_publication(finding, publication is not None),
            may_add_evidence=len(context["evidence"]) < rules.EVIDENCE_MAX_FILES,
            decide_form=forms.get("decide_form")
            or DecideForm(initial={"decision": finding.decision, "note": finding.decision_note}),
            hand_over_form=forms.get("hand_over_form") or HandOverForm(),
            evidence_form=forms.get("evidence_form") or EvidenceForm(),
            publication_form=forms.get("publication_form")
            or PublicationForm(
                initial=dict(
                    zip(("title", "text"), services.default_publication(finding), strict=True)
                )
            ),
        )
    return TemplateResponse(request, "inspections/admin/finding.html", context, status=status)


def finding_detail(request, pk):
    return _finding_page(request, _finding(request, pk))


def _refused(request, finding, exc, **forms):
    """Show the refusal next to the form that was sent (what was typed is kept)."""
    if forms:
        for form in forms.values():
            form.add_error(None, str(exc))
    else:
        messages.error(request, str(exc))
    return _finding_page(request, finding, status=400, **forms)


def _finding_action(request, pk, form_key, form, apply):
    """One 纪委 action on a finding: the finding within reach for a change (纪委 only: the scope
    refuses everyone else alike), the form checked, ``apply(finding, cleaned_data)`` run; it
    returns ``(level, message)``. A refusal shows next to the form, which keeps what was typed."""
    finding = _finding(request, pk, "change")
    if form is not None and not form.is_valid():
        return _finding_page(request, finding, status=400, **{form_key: form})
    try:
        level, message = apply(finding, form.cleaned_data if form is not None else {})
    except services.InspectionRefused as exc:
        return _refused(request, finding, exc, **({form_key: form} if form is not None else {}))
    getattr(messages, level)(request, message)
    return redirect("inspection_findings:detail", pk)


@require_POST
def decide(request, pk):
    def apply(finding, data):
        services.decide(
            finding,
            user=request.user,
            at=timezone.now(),
            decision=data["decision"],
            note=data["note"],
        )
        return "success", f"处理决定已保存:{finding.get_decision_display()}。"

    return _finding_action(request, pk, "decide_form", DecideForm(request.POST), apply)


@require_POST
def hand_over(request, pk):
    def apply(finding, data):
        case, created = services.hand_over(
            finding,
            user=request.user,
            on=_today(),
            at=timezone.now(),
            time_limit_days=data["time_limit_days"],
            note=data["note"],
        )
        if not created:
            return "info", "这条问题已经交办过,未重复生成整改问题。"
        return "success", (
            f"已交办整改:{case.slip_number},{case.assigned_unit},"
            f"限 {case.deadline:%Y年%m月%d日} 前办结;被检查单位已能看到这条问题。"
        )

    return _finding_action(request, pk, "hand_over_form", HandOverForm(request.POST), apply)


@require_POST
def release(request, pk):
    def apply(finding, data):
        services.release(finding, user=request.user, at=timezone.now())
        return "success", "已告知被检查单位,单位登录后可看到这条问题(看不到工作记录)。"

    return _finding_action(request, pk, "", None, apply)


@require_POST
def add_evidence(request, pk):
    def apply(finding, data):
        stored = services.add_evidence(finding, data["files"], user=request.user, at=timezone.now())
        return "success", f"已上传 {len(stored)} 个佐证材料。"

    form = EvidenceForm(request.POST, request.FILES)
    return _finding_action(request, pk, "evidence_form", form, apply)


def evidence_download(request, pk, evidence_pk):
    evidence = get_in_scope(
        EVIDENCE_SCOPE,
        request.user,
        FindingEvidence.objects.select_related("finding__inspection"),
        pk=evidence_pk,
        finding_id=pk,
    )
    name = f"佐证材料{evidence.pk}.{FILE_EXTENSIONS.get(evidence.kind, 'bin')}"
    return private_file_response(evidence.file, name, request=request)


@require_POST
def propose(request, pk):
    def apply(finding, data):
        services.propose_publication(
            finding,
            user=request.user,
            at=timezone.now(),
            title=data["title"],
            text=data["text"],
        )
        return "success", "已提出曝光,等待另一名纪委工作人员审核发布。"

    return _finding_action(request, pk, "publication_form", PublicationForm(request.POST), apply)


def publications(request):
    """曝光审核: pending first, then the published and withdrawn ones (纪委 only)."""
    services.require_inspector(request.user)
    rows = list(
        Publication.objects.select_related(
            "finding__inspection__unit", "proposed_by", "approved_by"
        ).order_by("state", "-proposed_at")[:300]
    )
    for row in rows:
        row.may_approve = rules.may_approve_publication(row, request.user)
    return TemplateResponse(
        request,
        "inspections/admin/publications.html",
        {
            "header_title": "曝光审核",
            "page_title": "曝光审核",
            "rows": rows,
            "pending": sum(1 for r in rows if r.state == PublicationState.PENDING),
            "withdraw_form": WithdrawForm(),
        },
    )


def _publication(request, pk):
    services.require_inspector(request.user)
    publication = Publication.objects.filter(pk=pk).first()
    if publication is None:
        raise PermissionDenied
    return publication


@require_POST
def approve(request, pk):
    publication = _publication(request, pk)
    try:
        services.approve_publication(publication, user=request.user, at=timezone.now())
    except services.InspectionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{publication.title}”已在曝光台发布。")
    return redirect("inspection_publications")


@require_POST
def withdraw(request, pk):
    publication = _publication(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_publication(
            publication, user=request.user, at=timezone.now(), reason=reason
        )
    except services.InspectionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{publication.title}”已撤回,曝光台不再显示。")
    return redirect("inspection_publications")
