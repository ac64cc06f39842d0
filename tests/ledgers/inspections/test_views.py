"""Every inspections view as anonymous / another unit's clerk / the inspected unit's clerk /
the office / 纪委: units reach only their released findings and never the inspection record, the
inspectors or the working notes; the office reads; 纪委 acts. Listings keep constant query counts;
the 曝光台 shows approved publications only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.inspections import services
from ledgers.inspections.models import Finding, Publication
from tests.ledgers.inspections.conftest import AT, INSPECTORS, NOTES, ON
from tests.utils import assert_login_required, assert_refused

ROLES = ["anonymous", "clerk_other", "clerk_own", "office", "jiwei"]


def png_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    return out.getvalue()


def as_role(client, iw, role):
    if role != "anonymous":
        client.force_login(iw[role])
    return client


def check(response, expected):
    if expected == "login":
        assert_login_required(response)
    elif expected == "refused":
        assert_refused(response)
    else:
        assert response.status_code == expected, response.status_code


# url name, args (from the world), expected per role in ROLES order
GET_VIEWS = [
    ("inspections:index", [], ["login", "refused", "refused", 200, 200]),
    ("inspections:add", [], ["login", "refused", "refused", "refused", 200]),
    ("inspections:detail", ["inspection"], ["login", "refused", "refused", 200, 200]),
    ("inspections:edit", ["inspection"], ["login", "refused", "refused", "refused", 200]),
    ("inspections:history", ["inspection"], ["login", "refused", "refused", "refused", 200]),
    ("inspection_findings:index", [], ["login", 200, 200, 200, 200]),
    ("inspection_findings:detail", ["released"], ["login", "refused", 200, 200, 200]),
    ("inspection_findings:detail", ["hidden"], ["login", "refused", "refused", 200, 200]),
    ("inspection_findings:edit", ["released"], ["login", "refused", "refused", "refused", 200]),
    ("inspection_findings:history", ["released"], ["login", "refused", "refused", "refused", 200]),
    (
        "inspection_findings:delete",
        ["released"],
        ["login", "refused", "refused", "refused", "refused"],
    ),
    ("inspection_publications", [], ["login", "refused", "refused", "refused", 200]),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_VIEWS)
@pytest.mark.parametrize("index", range(len(ROLES)))
def test_get_views_per_role(client, iw, name, args, expected, index):
    role = ROLES[index]
    url = reverse(name, args=[iw[a].pk for a in args])
    response = as_role(client, iw, role).get(url)
    check(response, expected[index])
    if response.status_code == 200 and role != "jiwei":
        body = response.content.decode()
        assert NOTES not in body  # the working notes: 纪委 only
        if role.startswith("clerk"):
            assert INSPECTORS not in body
            assert iw["hidden"].description not in body


def test_inspectors_see_the_working_notes(client, iw):
    client.force_login(iw["jiwei"])
    body = client.get(reverse("inspections:detail", args=[iw["inspection"].pk])).content.decode()
    assert NOTES in body and INSPECTORS in body


def test_a_unit_lists_only_its_released_findings(client, iw):
    client.force_login(iw["clerk_own"])
    body = client.get(reverse("inspection_findings:index")).content.decode()
    assert iw["released"].description in body
    assert iw["hidden"].description not in body
    client.force_login(iw["clerk_other"])
    body = client.get(reverse("inspection_findings:index")).content.decode()
    assert iw["released"].description not in body


POST_ACTIONS = [
    ("inspection_findings:decide", {"decision": "notify", "note": "通报"}),
    ("inspection_findings:hand_over", {"time_limit_days": "10"}),
    ("inspection_findings:release", {}),
    ("inspection_findings:propose", {"title": "", "text": ""}),
]


@pytest.mark.parametrize(("name", "data"), POST_ACTIONS)
@pytest.mark.parametrize("role", ["anonymous", "clerk_other", "clerk_own", "office"])
def test_only_inspectors_act_on_findings(client, iw, name, data, role):
    finding = iw["hidden"]
    response = as_role(client, iw, role).post(reverse(name, args=[finding.pk]), data)
    check(response, "login" if role == "anonymous" else "refused")
    finding.refresh_from_db()
    assert finding.decision == "pending" and finding.case_id is None and finding.released_at is None
    assert not Publication.objects.exists()


def test_inspector_hands_over_from_the_finding_page(client, iw):
    client.force_login(iw["jiwei"])
    url = reverse("inspection_findings:hand_over", args=[iw["hidden"].pk])
    response = client.post(url, {"time_limit_days": "0"})
    assert response.status_code == 400
    assert "办理时限至少 1 个工作日" in response.content.decode()
    response = client.post(url, {"time_limit_days": "8"})
    assert response.status_code == 302
    finding = Finding.objects.get(pk=iw["hidden"].pk)
    assert finding.case.time_limit_days == 8
    # 纪委 sees the case state on the finding.
    body = client.get(reverse("inspection_findings:detail", args=[finding.pk])).content.decode()
    assert finding.case.get_state_display() in body
    # The unit now sees the finding, with the case.
    client.force_login(iw["clerk_own"])
    assert client.get(reverse("inspection_findings:detail", args=[finding.pk])).status_code == 200


def test_evidence_download_per_role(client, iw):
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    [released_ev] = services.add_evidence(iw["released"], [upload], user=iw["jiwei"], at=AT)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    [hidden_ev] = services.add_evidence(iw["hidden"], [upload], user=iw["jiwei"], at=AT)
    cases = [
        (released_ev, ["login", "refused", 200, 200, 200]),
        (hidden_ev, ["login", "refused", "refused", 200, 200]),
    ]
    for evidence, expected in cases:
        for index, role in enumerate(ROLES):
            client.logout()
            url = reverse("inspection_findings:evidence", args=[evidence.finding_id, evidence.pk])
            check(as_role(client, iw, role).get(url), expected[index])


def test_upload_evidence_through_the_page(client, iw):
    client.force_login(iw["jiwei"])
    url = reverse("inspection_findings:add_evidence", args=[iw["released"].pk])
    bad = SimpleUploadedFile("a.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(url, {"files": [bad]})
    assert response.status_code == 400
    assert "不是允许的类型" in response.content.decode()
    good = SimpleUploadedFile("b.png", png_bytes(), content_type="image/png")
    assert client.post(url, {"files": [good]}).status_code == 302
    assert iw["released"].evidence.count() == 1


def test_publication_queue_four_eyes_and_the_public_page(client, iw):
    from ledgers.inspections.demo import ensure_page
    from tests.ledgers.inspections.test_exposure import exposure_home

    exposure_home()
    page = ensure_page()
    pub = services.propose_publication(iw["released"], user=iw["jiwei"], at=AT)
    client.force_login(iw["jiwei"])
    response = client.post(reverse("inspection_publication_approve", args=[pub.pk]))
    assert response.status_code == 302
    pub.refresh_from_db()
    assert pub.state == "pending"  # the proposer cannot approve
    client.logout()
    assert pub.title not in client.get(page.url).content.decode()
    client.force_login(iw["jiwei2"])
    client.post(reverse("inspection_publication_approve", args=[pub.pk]))
    pub.refresh_from_db()
    assert pub.state == "published"
    client.logout()
    assert pub.title in client.get(page.url).content.decode()
    client.force_login(iw["jiwei2"])
    client.post(reverse("inspection_publication_withdraw", args=[pub.pk]), {"reason": "有误"})
    client.logout()
    assert pub.title not in client.get(page.url).content.decode()


def test_findings_export_escapes_formulas_and_keeps_to_the_scope(client, iw):
    Finding.objects.filter(pk=iw["released"].pk).update(description="=1+2 窗口无人")
    client.force_login(iw["clerk_own"])
    response = client.get(reverse("inspection_findings:index") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=1+2 窗口无人" in values
    assert iw["hidden"].description not in values


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_listings_keep_constant_query_counts(client, iw):
    from ledgers.inspections.models import Inspection

    client.force_login(iw["jiwei"])
    urls = [reverse("inspection_findings:index"), reverse("inspections:index")]
    before = [_count(client, u) for u in urls]
    for n in range(6):
        inspection = Inspection.objects.create(
            inspected_on=ON, unit=iw["other"], inspectors="x", checked="y"
        )
        finding = Finding.objects.create(
            inspection=inspection, category=iw["category"], description=f"问题{n}"
        )
        services.hand_over(finding, user=iw["jiwei"], on=ON, at=AT)
    after = [_count(client, u) for u in urls]
    assert after == before
    # A unit's list of its released findings, 1 row and then 7.
    client.force_login(iw["clerk_own"])
    one = _count(client, urls[0])
    for n in range(6):
        finding = Finding.objects.create(
            inspection=iw["inspection"], category=iw["category"], description=f"本单位问题{n}"
        )
        services.hand_over(finding, user=iw["jiwei"], on=ON, at=AT)
    assert _count(client, urls[0]) == one
