"""What 纪委 does with an inspection's findings: decide, hand over for rectification, release to
the unit, attach evidence, propose and approve a publication. Each action checks the rule
(``rules.py``), runs in one transaction and is logged; times and dates are passed in."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.log_actions import log

from ledgers.inspections import rules
from ledgers.inspections.access import is_inspecting
from ledgers.inspections.models import (
    Decision,
    Finding,
    FindingEvidence,
    Publication,
    PublicationState,
)
from ledgers.redaction import redact
from ledgers.rules import ActionRefused

ACTION_LABELS = {
    "record": "录入明察暗访",
    "decide": "作出处理决定",
    "hand_over": "交办整改",
    "release": "告知被检查单位",
    "evidence": "上传佐证材料",
    "propose": "提出曝光",
    "approve": "审核发布曝光",
    "withdraw": "撤回曝光",
}


class InspectionRefused(ActionRefused):
    pass


def _log(instance, action, user=None, **data):
    log(instance=instance, action=f"inspections.{action}", user=user, data=data)


def require_inspector(user):
    if not is_inspecting(user):
        raise PermissionDenied


def record_inspection(inspection, *, user):
    """Log a newly recorded inspection (the form saves it; the creator is set here)."""
    require_inspector(user)
    if inspection.created_by_id is None:
        type(inspection).objects.filter(pk=inspection.pk).update(created_by=user)
        inspection.created_by = user
    _log(inspection, "record", user, findings=inspection.findings.count())


def decide(finding, *, user, at, decision, note=""):
    """通报 or 移送 (recorded, no further workflow here), or back to 待定. 交办整改 goes through
    :func:`hand_over`, which opens the case."""
    require_inspector(user)
    if decision not in (Decision.PENDING, Decision.NOTIFY, Decision.TRANSFER):
        raise InspectionRefused("交办整改请用“交办整改”按钮,系统会同时生成整改问题。")
    if not rules.may_decide(finding):
        raise InspectionRefused("这条问题已经交办整改,处理决定不能再改。")
    if decision == Decision.TRANSFER and not (note or "").strip():
        raise InspectionRefused("移送的,请在“处理说明”中写明移送的机关和事由。")
    with transaction.atomic():
        finding.decision = decision
        finding.decision_note = (note or "").strip()
        finding.decided_at = at if decision != Decision.PENDING else None
        finding.save(update_fields=["decision", "decision_note", "decided_at"])
        _log(finding, "decide", user, decision=decision)
    return finding


def hand_over(finding, *, user, on, at, time_limit_days=None, note=""):
    """交办整改: one rectification case for the inspected unit (source 纪委明察暗访), assigned at
    once with a time limit in working days; the finding links to it and is released to the unit.
    A second call returns the same case. Returns ``(case, created)``."""
    from ledgers.rectification.models import SourceKind
    from ledgers.rectification.services import open_case_from_source

    require_inspector(user)
    if finding.case_id is not None:
        return finding.case, False
    days = time_limit_days or rules.HAND_OVER_TIME_LIMIT_DEFAULT
    if not 1 <= days <= rules.HAND_OVER_TIME_LIMIT_MAX:
        raise InspectionRefused(
            f"办理时限须在 1 到 {rules.HAND_OVER_TIME_LIMIT_MAX} 个工作日之间。"
        )
    inspection = finding.inspection
    content = finding.description.strip()
    where = f"{inspection.unit}{(' ' + inspection.window) if inspection.window else ''}"
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.case_id is not None:
            return locked.case, False
        case, created = open_case_from_source(
            finding,
            kind=SourceKind.INSPECTION,
            user=user,
            on=on,
            unit=inspection.unit,
            time_limit_days=days,
            category=finding.category,
            content=content,
            title=f"明察暗访:{where}"[:40],
            snapshot={
                "inspection": str(inspection),
                "mode": inspection.get_mode_display(),
                "content": content,
            },
        )
        finding.case = case
        finding.decision = Decision.RECTIFY
        finding.decision_note = (note or "").strip()
        finding.decided_at = at
        if finding.released_at is None:
            finding.released_at = at
        finding.save(
            update_fields=["case", "decision", "decision_note", "decided_at", "released_at"]
        )
        _log(finding, "hand_over", user, case=case.pk, days=days)
    return case, created


def release(finding, *, user, at):
    """告知被检查单位: from now on the unit sees the finding (never the working notes)."""
    require_inspector(user)
    if finding.decision == Decision.PENDING:
        raise InspectionRefused("请先作出处理决定(通报、移送或交办整改),再告知被检查单位。")
    if not rules.may_release(finding):
        raise InspectionRefused("这条问题已经告知被检查单位。")
    with transaction.atomic():
        finding.released_at = at
        finding.save(update_fields=["released_at"])
        _log(finding, "release", user)
    return finding


def add_evidence(finding, files, *, user, at):
    """Photos or files for a finding: every file is checked by content and size (images
    re-encoded without EXIF/GPS, PDFs cleaned) before any is stored — all or nothing."""
    from ledgers.reportbox.services import AttachmentError, clean_attachment
    from ledgers.uploads import validate_upload

    require_inspector(user)
    files = list(files or [])
    if not files:
        raise InspectionRefused("请选择要上传的照片或文件。")
    existing = finding.evidence.count()
    if existing + len(files) > rules.EVIDENCE_MAX_FILES:
        raise InspectionRefused(
            f"每条问题最多 {rules.EVIDENCE_MAX_FILES} 个佐证材料(已有 {existing} 个)。"
        )
    cleaned, errors = [], []
    for f in files:
        try:
            kind = validate_upload(f, rules.EVIDENCE_KINDS, rules.EVIDENCE_MAX_BYTES)
            cleaned.append(clean_attachment(f, kind))
        except ValidationError as exc:
            errors.extend(exc.messages)
        except AttachmentError as exc:
            errors.append(f"{f.name}:{exc}")
    if errors:
        raise InspectionRefused(" ".join(errors))
    stored = []
    with transaction.atomic():
        for item in cleaned:
            evidence = FindingEvidence(
                finding=finding,
                kind=item.kind,
                original_name=item.original_name,
                size=len(item.data),
                sha256=item.sha256,
                uploaded_by=user,
                uploaded_at=at,
            )
            evidence.file.save("evidence", ContentFile(item.data), save=False)
            evidence.save()
            stored.append(evidence)
        _log(finding, "evidence", user, files=len(stored))
    return stored


def default_publication(finding):
    """A proposed 曝光台 text: the finding with names, phones and ID numbers removed."""
    inspection = finding.inspection
    title = f"{inspection.unit}{inspection.get_mode_display()}发现{finding.category}问题"
    return title[:100], redact(finding.description.strip(), public=True)


def propose_publication(finding, *, user, at, title="", text=""):
    """提出曝光: a redacted text waiting for another 纪委 member's approval."""
    require_inspector(user)
    has = Publication.objects.filter(finding=finding).exists()
    if not rules.may_propose_publication(finding, has):
        if has:
            raise InspectionRefused("这条问题已经提出过曝光。")
        raise InspectionRefused("请先作出处理决定,再提出曝光。")
    default_title, default_text = default_publication(finding)
    title = (title or "").strip() or default_title
    text = redact((text or "").strip() or default_text, public=True)
    with transaction.atomic():
        publication = Publication.objects.create(
            finding=finding, title=title[:100], text=text, proposed_by=user, proposed_at=at
        )
        _log(publication, "propose", user, finding=finding.pk)
    return publication


def approve_publication(publication, *, user, at):
    """Four eyes: another 纪委 member approves; the 曝光台 shows it from now on."""
    require_inspector(user)
    if publication.state != PublicationState.PENDING:
        raise InspectionRefused("这条曝光不在待审核状态。")
    if not rules.may_approve_publication(publication, user):
        raise InspectionRefused("曝光须由提出人以外的另一名纪委工作人员审核发布。")
    with transaction.atomic():
        publication.state = PublicationState.PUBLISHED
        publication.approved_by = user
        publication.published_at = at
        publication.save(update_fields=["state", "approved_by", "published_at"])
        _log(publication, "approve", user)
        purge_exposure_pages()
    return publication


def withdraw_publication(publication, *, user, at, reason=""):
    require_inspector(user)
    if not rules.may_withdraw_publication(publication):
        raise InspectionRefused("这条曝光已经撤回。")
    with transaction.atomic():
        publication.state = PublicationState.WITHDRAWN
        publication.save(update_fields=["state"])
        _log(publication, "withdraw", user, reason=(reason or "").strip()[:200])
        purge_exposure_pages()
    return publication


def purge_exposure_pages():
    """The 曝光台 lists publications: drop its cached copies (now and after commit)."""
    from home import pagecache
    from ledgers.inspections.models import ExposurePage

    for path in ExposurePage.objects.values_list("path", flat=True):
        pagecache.purge_tags(pagecache.page_tag(path))
