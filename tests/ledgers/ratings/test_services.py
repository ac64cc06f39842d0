"""A 差评 with a phone becomes exactly one case for the window unit, with a 15-working-day limit
(or the office's setting) and a mandatory 回访 before close; other ratings open none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from ledgers.ratings import services
from ledgers.ratings.models import Rating, RatingSettings
from ledgers.rectification import services as cases
from ledgers.rectification.models import Case, CaseSource, CaseState, Outcome, SourceKind
from ledgers.rectification.workdays import WorkingCalendar, add_working_days
from tests.ledgers.ratings.conftest import D, rate

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_bad_rating_with_phone_opens_exactly_one_case(world):
    rating = rate(
        world["window"],
        level="very_dissatisfied",
        approval_item=world["item"],
        aspects=["one_time", "attitude"],
        comment="第一次没说要带原件,白跑一趟",
        name="陈先生",
        phone="139 0535 1122",
    )
    assert Case.objects.count() == 1
    case = rating.case
    assert case.source == SourceKind.RATING
    assert case.assigned_unit == world["window"] and case.state == CaseState.ASSIGNED
    assert case.time_limit_days == 15
    calendar = WorkingCalendar.from_db()
    assert case.deadline == add_working_days(case.clock_start, 15, calendar)
    assert case.needs_callback
    assert case.category.name == "窗口服务"
    assert case.reporter_name == "陈先生" and case.reporter_phone == "139 0535 1122"
    assert not case.show_identity_to_unit
    assert "陈先生" not in case.title and "1122" not in case.title
    assert "1122" not in case.content and "非常不满意" in case.content
    assert "一次性告知" in case.content and "企业设立登记" in case.content
    assert CaseSource.objects.get(case=case).reference == f"ratings.rating:{rating.pk}"
    # Stored as typed.
    assert Rating.objects.get().phone == "139 0535 1122"
    # Opening again for the same rating returns the same case.
    again, created = cases.open_case_from_source(
        rating, kind=SourceKind.RATING, user=None, on=D(2026, 9, 30)
    )
    assert not created and again.pk == case.pk and Case.objects.count() == 1
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(rating.pk)).values_list("action", flat=True)
    )
    assert {"ratings.submit", "ratings.case"} <= actions


@pytest.mark.parametrize(
    ("level", "phone"),
    [
        ("very_satisfied", "13905351122"),
        ("satisfied", "13905351122"),
        ("basic", "13905351122"),
        ("dissatisfied", ""),
        ("very_dissatisfied", ""),
    ],
)
def test_good_rating_or_no_phone_opens_no_case(world, level, phone):
    rating = rate(world["window"], level=level, phone=phone)
    assert rating.case is None
    assert Case.objects.count() == 0


def test_office_changes_the_time_limit_and_category(world):
    from ledgers.models import ProblemCategory

    settings = RatingSettings.load()
    settings.time_limit_days = 10
    settings.category = ProblemCategory.objects.get(name="干部作风")
    settings.save()
    case = rate(world["window"], level="dissatisfied", phone="13905351122").case
    assert case.time_limit_days == 10 and case.category.name == "干部作风"


def test_category_created_off_the_report_box_when_missing(world):
    from ledgers.models import ProblemCategory

    ProblemCategory.objects.filter(name="窗口服务").delete()
    case = rate(world["window"], level="dissatisfied", phone="13905351122").case
    assert case.category.name == "窗口服务" and not case.category.in_report_box


def test_bad_rating_case_cannot_close_without_callback_then_can(world):
    case = rate(world["window"], level="dissatisfied", phone="13905351122").case
    clerk, office = world["clerk"], world["office"]
    cases.sign(case, user=clerk, on=D(2026, 9, 30))
    cases.submit_result(
        case,
        user=clerk,
        on=D(2026, 10, 9),
        outcome=Outcome.SOLVED,
        detail="已约谈窗口工作人员,补充一次性告知清单",
        files=[SimpleUploadedFile("a.png", PNG)],
    )
    case.refresh_from_db()
    with pytest.raises(cases.CaseActionError, match="回访"):
        cases.close(case, user=office, on=D(2026, 10, 12), answer="已整改")
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    cases.record_callback(case, user=office, on=D(2026, 10, 12), text="已电话回访陈先生,表示满意")
    cases.close(case, user=office, on=D(2026, 10, 12), answer="已整改")
    assert case.state == CaseState.CLOSED


def test_aspects_keep_known_codes_in_order(world):
    rating = rate(world["window"], aspects=["one_time", "bogus", "attitude"])
    assert rating.aspects == ["attitude", "one_time"]
    assert rating.aspects_display == "服务态度、一次性告知"


def test_saving_a_rating_purges_the_guide_page_only(world, monkeypatch):
    from home import pagecache

    purged = []
    monkeypatch.setattr(pagecache, "purge_tags", lambda *tags: purged.extend(tags))
    services.submit_rating(unit=world["window"], on=D(2026, 9, 29), level="satisfied")
    assert purged == [pagecache.page_tag(world["guide"].path)]


def test_deleting_a_rating_purges_its_guide_page(world, monkeypatch):
    from home import pagecache

    rating = services.submit_rating(unit=world["window"], on=D(2026, 9, 29), level="satisfied")
    purged = []
    monkeypatch.setattr(pagecache, "purge_tags", lambda *tags: purged.extend(tags))
    rating.delete()
    assert purged == [pagecache.page_tag(world["guide"].path)]


def test_item_name_kept_as_rated(world):
    rating = rate(world["window"], approval_item=world["item"])
    assert rating.item_title == "企业设立登记" and rating.item_name == "企业设立登记"
    assert rate(world["window"]).item_name == "窗口整体"
