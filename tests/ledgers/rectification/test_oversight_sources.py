"""Cases raised by the oversight parts (spot checks, 好差评, 纪委): once per source object, assigned
at once when a unit is given, and a case that needs a 回访 cannot be closed without one."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from ledgers.models import ProblemCategory
from ledgers.rectification import rules, services
from ledgers.rectification.models import CaseSource, CaseState, NoteKind, Outcome, SourceKind
from tests.ledgers.rectification.conftest import D

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_callback_missing_rule():
    assert rules.callback_missing(True, 0)
    assert not rules.callback_missing(True, 1)
    assert not rules.callback_missing(False, 0)


def raise_case(world, source_obj, **kwargs):
    return services.open_case_from_source(
        source_obj,
        kind=SourceKind.RATING,
        user=None,
        on=D(2026, 9, 29),
        content="窗口工作人员态度差,电话13805351234",
        category=world["category"],
        **kwargs,
    )


def test_open_case_from_source_once_and_assigned(world):
    source = ProblemCategory.objects.get(name="物业")  # any saved object stands for a source
    case, created = raise_case(
        world, source, unit=world["zjj"], time_limit_days=15, needs_callback=True
    )
    assert created and case.state == CaseState.ASSIGNED
    assert case.assigned_unit == world["zjj"] and case.time_limit_days == 15
    assert case.deadline == D(2026, 10, 27)  # clock from 30 Sept; 国庆 off, Sat 10 Oct works
    assert case.slip_number.startswith("海作交〔2026〕")
    assert "13805351234" not in case.title
    again, created = raise_case(world, source, unit=world["other"])
    assert not created and again.pk == case.pk and again.assigned_unit == world["zjj"]
    assert CaseSource.objects.get(case=case).kind == SourceKind.RATING


def test_case_needing_callback_cannot_close_without_one(world):
    source = ProblemCategory.objects.get(name="物业")
    case, _ = raise_case(world, source, unit=world["zjj"], needs_callback=True)
    services.sign(case, user=world["clerk_zjj"], on=D(2026, 9, 30))
    services.submit_result(
        case,
        user=world["clerk_zjj"],
        on=D(2026, 10, 9),
        outcome=Outcome.SOLVED,
        detail="已批评教育",
        files=[SimpleUploadedFile("a.png", PNG)],
    )
    with pytest.raises(services.CaseActionError, match="回访"):
        services.close(case, user=world["office"], on=D(2026, 10, 12), answer="已处理")
    with pytest.raises(PermissionDenied):
        services.record_callback(case, user=world["clerk_other"], on=D(2026, 10, 12), text="已回访")
    note = services.record_callback(
        case, user=world["clerk_zjj"], on=D(2026, 10, 12), text="已电话回访,群众满意"
    )
    assert note.kind == NoteKind.CALLBACK
    services.close(case, user=world["office"], on=D(2026, 10, 12), answer="已处理")
    assert case.state == CaseState.CLOSED
