"""A case walked through every state by each role; hand-over, merge, cluster, dissatisfaction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from ledgers.rectification import lookback, services
from ledgers.rectification.models import (
    CaseSource,
    CaseState,
    ExtensionState,
    Outcome,
    SourceKind,
)
from tests.factories import ledger_row
from tests.ledgers.rectification.conftest import assigned_case, make_case, submit_report

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def actions(case):
    return list(
        ModelLogEntry.objects.for_instance(case)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )


def test_full_walk_through_every_state(world):
    office, clerk = world["office"], world["clerk_zjj"]
    case = make_case(world)
    assert case.state == CaseState.NEW
    assert case.sources.get().kind == SourceKind.DIRECT

    # 交办 on Tue 29 Sep with 5 working days; slip numbered; clock provisionally from 30 Sep.
    services.assign(case, world["zjj"], 5, user=office, on=D(2026, 9, 29), flag=True)
    assert case.state == CaseState.ASSIGNED and case.flagged
    assert case.slip_number == "海作交〔2026〕第0001号"
    assert case.clock_start == D(2026, 9, 30)

    # 签收 on Wed 30 Sep: deadline 5 working days later = 8, 9, 10 (Sat), 12, 13 October.
    with pytest.raises(PermissionDenied):
        services.sign(case, user=world["clerk_other"], on=D(2026, 9, 30))
    services.sign(case, user=clerk, on=D(2026, 9, 30))
    assert case.state == CaseState.IN_PROGRESS
    assert case.deadline == D(2026, 10, 13)

    services.record_handling(
        case, user=clerk, section="物业科", person="孙科长", measures="更换灯具"
    )
    services.add_note(case, user=clerk, on=D(2026, 10, 8), kind="progress", text="已采购灯具")

    ext = services.request_extension(case, user=clerk, on=D(2026, 10, 9), days=2, reason="等配件")
    with pytest.raises(services.CaseActionError):
        services.request_extension(case, user=clerk, on=D(2026, 10, 9), days=1, reason="再等")
    with pytest.raises(PermissionDenied):
        services.decide_extension(ext, user=clerk, on=D(2026, 10, 9), grant=True)
    services.decide_extension(ext, user=office, on=D(2026, 10, 9), grant=True, note="同意")
    ext.refresh_from_db()
    assert ext.state == ExtensionState.GRANTED
    assert case.deadline == ext.new_deadline == D(2026, 10, 15)

    with pytest.raises(services.CaseActionError, match="佐证材料"):
        services.submit_result(
            case, user=clerk, on=D(2026, 10, 14), outcome=Outcome.SOLVED, detail="已修好"
        )
    services.submit_result(
        case,
        user=clerk,
        on=D(2026, 10, 14),
        outcome=Outcome.SOLVED,
        detail="已更换灯具",
        files=[png()],
    )
    assert case.state == CaseState.SUBMITTED and case.evidence.count() == 1

    # The office sends it back once, then closes it.
    services.send_back(case, user=office, on=D(2026, 10, 14), reason="缺照片", extra_days=1)
    assert case.state == CaseState.IN_PROGRESS and case.deadline == D(2026, 10, 15)
    services.submit_result(
        case, user=clerk, on=D(2026, 10, 15), outcome=Outcome.SOLVED, detail="已更换灯具"
    )
    with pytest.raises(PermissionDenied):
        services.close(case, user=clerk, on=D(2026, 10, 16), answer="好")
    services.close(case, user=office, on=D(2026, 10, 16), answer="路灯已修复。", publish=True)
    assert case.state == CaseState.CLOSED and case.closed_on_time is True

    # The citizen is not satisfied: reopened once, then never again.
    services.record_dissatisfaction(case, on=D(2026, 10, 20), reason="晚上还是不亮")
    assert case.state == CaseState.REOPENED and not case.publish_result
    services.close(case, user=office, on=D(2026, 10, 21), answer="复核:已全部修复。")
    with pytest.raises(services.CaseActionError, match="复核过一次"):
        services.record_dissatisfaction(case, on=D(2026, 10, 22), reason="还是不满意")

    assert actions(case) == [
        "rectification.create",
        "rectification.assign",
        "rectification.sign",
        "rectification.handle",
        "rectification.note",
        "rectification.request_extension",
        "rectification.decide_extension",
        "rectification.submit",
        "rectification.send_back",
        "rectification.submit",
        "rectification.close",
        "rectification.dissatisfied",
        "rectification.close",
    ]


def test_wrong_state_refused_with_chinese_message(world):
    case = make_case(world)
    with pytest.raises(services.CaseActionError, match="待交办"):
        services.close(case, user=world["office"], on=D(2026, 10, 1), answer="x")


def test_return_within_two_working_days_then_reroute(world):
    case = assigned_case(world, on=D(2026, 9, 30))
    with pytest.raises(services.CaseActionError, match="退回期限"):
        services.return_case(case, user=world["clerk_zjj"], on=D(2026, 10, 10), reason="非本单位")
    with pytest.raises(services.CaseActionError, match="退回理由"):
        services.return_case(case, user=world["clerk_zjj"], on=D(2026, 10, 9), reason=" ")
    services.return_case(case, user=world["clerk_zjj"], on=D(2026, 10, 9), reason="属教育问题")
    assert case.state == CaseState.RETURNED
    first_slip = case.slip_number
    services.assign(case, world["other"], 3, user=world["office"], on=D(2026, 10, 9))
    assert case.assigned_unit == world["other"] and case.slip_number != first_slip
    assert case.return_reason == ""


def test_auto_sign_after_one_working_day(world):
    case = assigned_case(world, on=D(2026, 9, 30), days=3)
    assert not services.auto_sign(case, on=D(2026, 10, 7))
    assert services.auto_sign(case, on=D(2026, 10, 8))
    assert case.state == CaseState.IN_PROGRESS and case.signed_automatically
    assert case.clock_start == D(2026, 10, 8) and case.deadline == D(2026, 10, 12)


def test_conflict_of_interest_needs_logged_override(world):
    case = make_case(world, concerned_unit=world["zjj"])
    with pytest.raises(services.CaseActionError, match="回避"):
        services.assign(case, world["zjj"], 5, user=world["office"], on=D(2026, 9, 29))
    services.assign(
        case,
        world["zjj"],
        5,
        user=world["office"],
        on=D(2026, 9, 29),
        override_reason="唯一主管部门",
    )
    entry = ModelLogEntry.objects.for_instance(case).get(action="rectification.conflict_override")
    assert entry.data["reason"] == "唯一主管部门"


def test_staged_and_explained_outcomes_need_their_details(world):
    case = assigned_case(world)
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    clerk = world["clerk_zjj"]
    with pytest.raises(services.CaseActionError, match="分期"):
        services.submit_result(
            case, user=clerk, on=D(2026, 10, 8), outcome=Outcome.STAGED, detail="x", files=[png()]
        )
    services.submit_result(
        case,
        user=clerk,
        on=D(2026, 10, 8),
        outcome=Outcome.STAGED,
        detail="明年春季改造管网",
        staged_until=D(2027, 5, 1),
        files=[png()],
    )
    assert case.staged_plan_until == D(2027, 5, 1)


def test_bad_evidence_stores_nothing(world):
    case = assigned_case(world)
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image" * 10)
    with pytest.raises(services.CaseActionError, match="photo.jpg"):
        services.submit_result(
            case,
            user=world["clerk_zjj"],
            on=D(2026, 10, 8),
            outcome=Outcome.SOLVED,
            detail="好",
            files=[png(), fake],
        )
    assert case.evidence.count() == 0
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_reporter_identity_hidden_from_unit(world):
    case = make_case(world)
    assert case.reporter_for(world["office"]) == ("王小明", "13805351234")
    # No part of the name or phone without the reporter's consent (not even "王**").
    assert case.reporter_for(world["clerk_zjj"]) == ("", "")
    case.show_identity_to_unit = True
    case.assigned_unit = world["zjj"]  # the consent opens the identity to the handling unit
    assert case.reporter_for(world["clerk_zjj"]) == ("王小明", "13805351234")
    assert case.reporter_for(world["clerk_other"]) == ("", "")  # and to nobody else


def test_hand_over_report_once(world):
    receipt = submit_report(world, content="电梯坏了没人修,住户上下楼很困难", reporter_name="李四")
    report = receipt.report
    case, created = services.hand_over_report(report, user=world["office"], on=D(2026, 9, 28))
    again, created_again = services.hand_over_report(
        report, user=world["office"], on=D(2026, 9, 29)
    )
    assert created and not created_again and again.pk == case.pk
    source = case.sources.get()
    assert (
        source.kind == SourceKind.REPORT_BOX and source.receipt_code == receipt.report.receipt_code
    )
    assert source.reference == f"reportbox.report:{report.pk}" and source.report_id == report.pk
    assert (case.town, case.village, case.compound) == ("方圆街道", "海滨社区", "海滨花园")
    assert case.reporter_name == "李四"
    report.refresh_from_db()
    assert report.status == "assigned" and report.assigned_at is not None
    with pytest.raises(PermissionDenied):
        services.hand_over_report(report, user=world["clerk_zjj"], on=D(2026, 9, 28))


def test_anonymous_report_keeps_no_identity(world):
    report = submit_report(world, is_anonymous=True, reporter_name="", reporter_phone="").report
    case, _ = services.hand_over_report(report, user=world["office"], on=D(2026, 9, 28))
    assert case.reporter_anonymous and case.reporter_name == "" and case.reporter_phone == ""


def test_hand_over_ledger_row_exactly_once(world):
    row = ledger_row(world["town"])
    case, created = services.hand_over_ledger_row(row, user=world["office"], on=D(2026, 9, 28))
    _, created_again = services.hand_over_ledger_row(row, user=world["office"], on=D(2026, 9, 28))
    assert created and not created_again
    assert CaseSource.objects.filter(ledger_row=row).count() == 1
    assert case.source == SourceKind.VISIT_LEDGER
    assert case.sources.get().resident_key == "13900002222"
    # 附件5 rows are handed over whatever their (usually empty) sphere column says.
    hotline = ledger_row(world["town"], attachment=5, sphere="", problem_content="噪音扰民")
    assert (
        services.hand_over_ledger_row(hotline, user=world["office"], on=D(2026, 9, 28))[0].source
        == SourceKind.HOTLINE
    )


def test_industry_rows_and_rows_without_category_refused(world):
    with pytest.raises(services.CaseActionError, match="行业领域"):
        services.hand_over_ledger_row(
            ledger_row(world["town"], attachment=4, sphere="sector"),
            user=world["office"],
            on=D(2026, 9, 28),
        )
    with pytest.raises(services.CaseActionError, match="问题类型"):
        services.hand_over_ledger_row(
            ledger_row(world["town"], category=None), user=world["office"], on=D(2026, 9, 28)
        )


def test_cluster_detection_and_merge_keeps_every_source(world):
    office = world["office"]
    cases, rows = [], []
    for i, (name, phone) in enumerate(
        [("甲", "13900000001"), ("乙", "13900000002"), ("丙", "13900000003")]
    ):
        row = ledger_row(
            world["town"], problem_content=f"电梯故障{i}", person_name=name, phone=phone
        )
        rows.append(row)
        cases.append(services.hand_over_ledger_row(row, user=office, on=D(2026, 9, 1 + i))[0])
    # Same person twice does not make a cluster by itself.
    make_case(world, compound="别的小区", reporter_phone="13900000009", received_on=D(2026, 9, 2))
    clusters = lookback.find_clusters(
        services.Case.objects.all(), D(2026, 7, 1), D(2026, 12, 31), threshold=3
    )
    assert len(clusters) == 1
    assert clusters[0]["residents"] == 3 and len(clusters[0]["cases"]) == 3
    assert lookback.find_clusters(services.Case.objects.all(), D(2026, 9, 2), D(2026, 12, 31)) == []

    primary = services.merge_cases(cases[0], cases[1:], user=office)
    assert primary.sources.count() == 3
    for dup in cases[1:]:
        dup.refresh_from_db()
        assert dup.state == CaseState.MERGED and dup.merged_into_id == primary.pk
    # Handing a merged row over again still finds the (primary) case, never a duplicate.
    again, created = services.hand_over_ledger_row(rows[1], user=office, on=D(2026, 9, 5))
    assert not created and again.pk == primary.pk


def test_place_history_groups_by_half_year(world):
    make_case(world, received_on=D(2026, 3, 1))
    make_case(world, received_on=D(2026, 9, 1))
    make_case(world, compound="别处", received_on=D(2026, 9, 2))
    groups = lookback.place_history(services.Case.objects.all(), compound="海滨花园")
    assert [(p, len(c)) for p, c in groups] == [("2026年下半年", 1), ("2026年上半年", 1)]


def test_slip_numbers_run_per_year(world):
    a = assigned_case(world, on=D(2026, 12, 30))
    b = assigned_case(world, on=D(2026, 12, 31))
    c = assigned_case(world, on=D(2027, 1, 4))
    assert [a.slip_number, b.slip_number, c.slip_number] == [
        "海作交〔2026〕第0001号",
        "海作交〔2026〕第0002号",
        "海作交〔2027〕第0001号",
    ]


def test_split_address():
    assert services.split_address("凤城街道 凤城社区 阳光小区 3号楼") == (
        "凤城街道",
        "凤城社区",
        "阳光小区",
    )
    assert services.split_address("留格庄镇北村") == ("留格庄镇", "北村", "")
    assert services.split_address("") == ("", "", "")


def test_hand_over_real_ledger_row_once_and_look_back(world):
    from ledgers.sheets.models import LedgerRow, LedgerUpload, Period, UploadStatus

    upload = LedgerUpload.objects.create(
        unit=world["town"],
        period=Period.objects.create(year=2026, half=2),
        attachment=2,
        status=UploadStatus.CONFIRMED,
    )
    row = LedgerRow.objects.create(
        upload=upload,
        sheet_name="附件2",
        row_number=5,
        person_name="赵六",
        phone="13900002222",
        address="方圆街道海滨社区海滨花园5号楼",
        category=world["category"],
        problem_content="小区垃圾清运不及时",
        sphere="public",
    )
    case, created = services.hand_over_ledger_row(row, user=world["office"], on=D(2026, 12, 12))
    again, created_again = services.hand_over_ledger_row(
        row, user=world["office"], on=D(2026, 12, 13)
    )
    assert created and not created_again and again.pk == case.pk
    source = case.sources.get()
    assert source.ledger_row_id == row.pk and source.kind == SourceKind.VISIT_LEDGER
    assert (case.town, case.village, case.compound) == ("方圆街道", "海滨社区", "海滨花园")
    assert source.snapshot["problem_content"] == "小区垃圾清运不及时"

    groups = lookback.ledger_history(world["office"], compound="海滨花园")
    assert [(p, [r.pk for r in rows]) for p, rows in groups] == [(str(upload.period), [row.pk])]
    assert lookback.ledger_history(world["clerk_zjj"], compound="海滨花园") == []

    row.pk = None
    row.sphere = "sector"
    row.row_number = 6
    row.save()
    with pytest.raises(services.CaseActionError, match="行业领域"):
        services.hand_over_ledger_row(row, user=world["office"], on=D(2026, 12, 12))


def test_hand_over_real_report_links_fk(world):
    from tests.ledgers.rectification.conftest import submit_report

    receipt = submit_report(world, content="海滨花园电梯坏了一周没人修", is_anonymous=True)
    case, _ = services.hand_over_report(receipt.report, user=world["office"], on=D(2026, 9, 28))
    source = case.sources.get()
    assert source.report_id == receipt.report.pk and source.receipt_code == receipt.code
    assert case.reporter_anonymous and case.reporter_name == ""
