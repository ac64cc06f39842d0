"""纪委's actions on findings: one case per 交办整改, linked both ways; release; evidence checked by
content; four-eyes publication; every action logged."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import ModelLogEntry

from ledgers.inspections import services
from ledgers.inspections.models import Decision, FindingEvidence, PublicationState
from ledgers.rectification.models import CaseSource, CaseState, SourceKind
from tests.ledgers.inspections.conftest import AT, ON


def jpeg_with_gps():
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (36, 30, 0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_hand_over_opens_one_linked_case_for_the_unit(iw):
    finding = iw["hidden"]
    case, created = services.hand_over(finding, user=iw["jiwei"], on=ON, at=AT, time_limit_days=7)
    assert created
    assert case.source == SourceKind.INSPECTION
    assert case.assigned_unit == iw["spj"]
    assert case.state == CaseState.ASSIGNED
    assert case.time_limit_days == 7
    assert case.deadline is not None
    finding.refresh_from_db()
    assert finding.case == case
    assert finding.decision == Decision.RECTIFY
    assert finding.released_at == AT  # the unit now sees the finding
    source = CaseSource.objects.get(case=case)
    assert source.kind == SourceKind.INSPECTION
    # Twice: still one case.
    again, created_again = services.hand_over(finding, user=iw["jiwei"], on=ON, at=AT)
    assert (again, created_again) == (case, False)
    assert CaseSource.objects.filter(kind=SourceKind.INSPECTION).count() == 1
    assert ModelLogEntry.objects.filter(action="inspections.hand_over").count() == 1


def test_only_inspectors_act(iw):
    for user in (iw["office"], iw["clerk_own"]):
        with pytest.raises(PermissionDenied):
            services.hand_over(iw["hidden"], user=user, on=ON, at=AT)
        with pytest.raises(PermissionDenied):
            services.release(iw["hidden"], user=user, at=AT)


def test_decide_and_release(iw):
    finding = iw["hidden"]
    with pytest.raises(services.InspectionRefused, match="先作出处理决定"):
        services.release(finding, user=iw["jiwei"], at=AT)
    with pytest.raises(services.InspectionRefused, match="移送的机关"):
        services.decide(finding, user=iw["jiwei"], at=AT, decision=Decision.TRANSFER)
    services.decide(finding, user=iw["jiwei"], at=AT, decision=Decision.TRANSFER, note="移送市监委")
    services.release(finding, user=iw["jiwei"], at=AT)
    finding.refresh_from_db()
    assert finding.decision == Decision.TRANSFER and finding.released_at == AT
    with pytest.raises(services.InspectionRefused, match="已经告知"):
        services.release(finding, user=iw["jiwei"], at=AT)


def test_no_decision_change_after_hand_over(iw):
    finding = iw["hidden"]
    services.hand_over(finding, user=iw["jiwei"], on=ON, at=AT)
    with pytest.raises(services.InspectionRefused, match="已经交办整改"):
        services.decide(finding, user=iw["jiwei"], at=AT, decision=Decision.NOTIFY)


def test_evidence_is_sniffed_and_reencoded_without_gps(iw):
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    [stored] = services.add_evidence(iw["released"], [photo], user=iw["jiwei"], at=AT)
    data = stored.file.read()
    assert data.startswith(b"\xff\xd8")
    with Image.open(io.BytesIO(data)) as img:
        assert 0x8825 not in img.getexif()
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.InspectionRefused, match="不是允许的类型"):
        services.add_evidence(iw["released"], [fake], user=iw["jiwei"], at=AT)
    assert FindingEvidence.objects.count() == 1  # all or nothing


def test_publication_is_redacted_and_needs_a_second_inspector(iw):
    finding = iw["released"]
    finding.description = (
        "窗口工作人员对张三说找别人去,张三电话13805350001,身份证370602199001011234。"
    )
    finding.save()
    pub = services.propose_publication(finding, user=iw["jiwei"], at=AT)
    assert "13805350001" not in pub.text and "370602199001011234" not in pub.text
    with pytest.raises(services.InspectionRefused, match="另一名纪委工作人员"):
        services.approve_publication(pub, user=iw["jiwei"], at=AT)
    services.approve_publication(pub, user=iw["jiwei2"], at=AT)
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED and pub.approved_by == iw["jiwei2"]
    with pytest.raises(services.InspectionRefused, match="已经提出过"):
        services.propose_publication(finding, user=iw["jiwei"], at=AT)


def test_an_undecided_finding_cannot_be_published(iw):
    with pytest.raises(services.InspectionRefused, match="先作出处理决定"):
        services.propose_publication(iw["hidden"], user=iw["jiwei"], at=AT)
