"""Drawing, verifying, calling, raising cases and publishing (services, real database)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ledgers.models import ProblemCategory
from ledgers.rectification.models import Case, CaseSource, CaseState, SourceKind
from ledgers.spotchecks import services
from ledgers.spotchecks.models import Call, Outcome, RoundState, Task
from tests.ledgers.spotchecks.conftest import AT, ON

pytestmark = pytest.mark.django_db


def sample_of(round_):
    return list(
        round_.calls.order_by("unit_id", "task", "position").values_list("source_ref", flat=True)
    )


def test_draw_is_stratified_by_unit_and_task_and_records_the_seed(world, drawn):
    assert drawn.state == RoundState.DRAWN and drawn.seed == "42"
    counts = {}
    for call in drawn.calls.all():
        counts[(call.unit_id, call.task)] = counts.get((call.unit_id, call.task), 0) + 1
    a, b = world["a"].pk, world["b"].pk
    assert counts == {(a, Task.VISITS): 3, (b, Task.VISITS): 3, (a, Task.TARGETS): 3}
    call = drawn.calls.filter(unit=world["a"], task=Task.VISITS).first()
    assert (
        call.phone
        and call.person_name.startswith("村民1-")
        and call.source_ref.startswith("sheets.ledgerrow:")
    )
    assert drawn.frame[f"{a}|visits"] and len(drawn.frame[f"{a}|visits"]) == 12
    entry = ModelLogEntry.objects.get(action="spotchecks.draw")
    assert entry.user == world["office"] and entry.data["seed"] == "42"
    assert entry.data["calls"] == 9


def test_same_seed_same_sample_different_seed_different(world, round_factory):
    office = world["office"]
    first = services.draw(round_factory(seed="777", per_unit=4), user=office, on=ON, at=AT)
    same = services.draw(
        round_factory(seed="777", per_unit=4, exclude_months=0), user=office, on=ON, at=AT
    )
    other = services.draw(
        round_factory(seed="778", per_unit=4, exclude_months=0), user=office, on=ON, at=AT
    )
    assert sample_of(first) == sample_of(same)
    assert sample_of(first) != sample_of(other)


def test_a_seed_is_generated_when_none_is_given(world, round_factory):
    round_ = services.draw(round_factory(), user=world["office"], on=ON, at=AT)
    assert round_.seed.isdigit() and len(round_.seed) == 12
    assert services.redraw(round_) == services.stored_sample(round_)


def test_verify_redraws_the_stored_sample_and_is_logged(world, drawn):
    result = services.verify(drawn, user=world["office"])
    assert result["matches"] and result["frame_unchanged"] and result["calls"] == 9
    assert ModelLogEntry.objects.filter(action="spotchecks.verify").count() == 1
    # A hand-picked swap is caught.
    call = drawn.calls.filter(unit=world["a"], task=Task.VISITS).first()
    drawn_keys = set(drawn.calls.values_list("source_ref", flat=True))
    outsider = next(k for k, _ in drawn.frame[f"{world['a'].pk}|visits"] if k not in drawn_keys)
    Call.objects.filter(pk=call.pk).update(source_ref=outsider)
    assert not services.verify(drawn, user=world["office"])["matches"]


def test_verify_tells_when_the_ledgers_changed_since(world, drawn):
    from tests.ledgers.spotchecks.conftest import rows

    rows(world["b"], 2, 1, attachment=3)
    result = services.verify(drawn, user=world["office"])
    assert result["matches"] and not result["frame_unchanged"]


def test_recently_called_people_are_not_drawn_again(world, drawn, round_factory):
    office = world["office"]
    called = list(drawn.calls.filter(unit=world["b"]))
    for i, call in enumerate(called):
        services.record_call(
            call,
            user=office,
            at=AT + datetime.timedelta(days=1, minutes=i),
            outcome=Outcome.CONFIRMED,
        )
    later = datetime.date(2026, 12, 20)
    at_later = timezone.make_aware(datetime.datetime(2026, 12, 20, 9))
    next_round = services.draw(
        round_factory(seed="42", per_unit=5), user=office, on=later, at=at_later
    )
    new_b = set(next_round.calls.filter(unit=world["b"]).values_list("phone", flat=True))
    assert len(new_b) == 2  # 5 people, 3 called in the last 6 months
    assert not new_b & {c.phone for c in called}
    assert len(next_round.excluded) == 3
    # Beyond the window they may be drawn again.
    far = datetime.date(2027, 3, 1)
    again = services.draw(
        round_factory(year=2026, seed="42", per_unit=5, exclude_months=1),
        user=office,
        on=far,
        at=timezone.make_aware(datetime.datetime(2027, 3, 1, 9)),
    )
    assert again.calls.filter(unit=world["b"]).count() == 5


def test_only_the_office_draws_and_only_once(world, round_factory, drawn):
    with pytest.raises(PermissionDenied):
        services.draw(round_factory(), user=world["clerk_a"], on=ON)
    with pytest.raises(PermissionDenied):
        services.draw(round_factory(), user=world["inspector"], on=ON)
    with pytest.raises(services.SpotCheckRefused):
        services.draw(drawn, user=world["office"], on=ON)


def test_unreachable_calls_are_retried_three_times(world, drawn):
    call = drawn.calls.first()
    for n in range(1, 5):
        call = services.record_call(call, user=world["office"], at=AT, outcome=Outcome.UNREACHABLE)
        assert call.attempts == n
    with pytest.raises(services.SpotCheckRefused):
        services.record_call(call, user=world["office"], at=AT, outcome=Outcome.UNREACHABLE)


def test_a_reached_call_can_be_corrected_without_counting_an_attempt(world, drawn):
    call = drawn.calls.first()
    call = services.record_call(call, user=world["office"], at=AT, outcome=Outcome.UNREACHABLE)
    call = services.record_call(
        call, user=world["office"], at=AT, outcome=Outcome.CONFIRMED, note="属实"
    )
    call = services.record_call(call, user=world["office"], at=AT, outcome=Outcome.FALSE)
    assert call.attempts == 2 and call.outcome == Outcome.FALSE and call.note == "属实"


def test_a_false_finding_creates_exactly_one_linked_case(world, drawn):
    call = drawn.calls.filter(unit=world["a"], task=Task.VISITS).first()
    call = services.record_call(
        call, user=world["office"], at=AT, outcome=Outcome.FALSE, visited="no", note="没人来过"
    )
    category = ProblemCategory.objects.get(name="干部作风")
    case, created = services.raise_case(call, user=world["office"], on=ON, category=category)
    assert created and case.source == SourceKind.SPOT_CHECK
    assert case.assigned_unit == world["a"] and case.state == CaseState.ASSIGNED
    assert case.reporter_phone == call.phone and call.person_name not in case.safe_title
    assert "入户走访" in case.content
    call.refresh_from_db()
    assert call.case == case
    again, created_again = services.raise_case(call, user=world["office"], on=ON, category=category)
    assert again == case and not created_again
    assert Case.objects.filter(source=SourceKind.SPOT_CHECK).count() == 1
    assert CaseSource.objects.get(case=case).reference == f"spotchecks.call:{call.pk}"


def test_a_confirmed_call_without_new_problem_raises_no_case(world, drawn):
    call = services.record_call(
        drawn.calls.first(), user=world["office"], at=AT, outcome=Outcome.CONFIRMED
    )
    with pytest.raises(services.SpotCheckRefused):
        services.raise_case(
            call, user=world["office"], on=ON, category=ProblemCategory.objects.first()
        )
    call = services.record_call(
        call, user=world["office"], at=AT, outcome=Outcome.CONFIRMED, new_problem="村口路灯坏了"
    )
    case, created = services.raise_case(
        call, user=world["office"], on=ON, category=ProblemCategory.objects.first()
    )
    assert created and "村口路灯坏了" in case.content


def test_publish_closes_the_round(world, drawn):
    services.publish(drawn, user=world["office"], at=AT)
    drawn.refresh_from_db()
    assert drawn.state == RoundState.PUBLISHED
    with pytest.raises(services.SpotCheckRefused):
        services.record_call(
            drawn.calls.first(), user=world["office"], at=AT, outcome=Outcome.CONFIRMED
        )
    with pytest.raises(services.SpotCheckRefused):
        services.publish(drawn, user=world["office"], at=AT)


def test_reveal_is_logged_with_who(world, drawn):
    call = drawn.calls.first()
    assert services.reveal_phone(call, user=world["office"]) == call.phone
    entry = ModelLogEntry.objects.get(action="spotchecks.reveal")
    assert entry.user == world["office"] and entry.object_id == str(call.pk)
    with pytest.raises(PermissionDenied):
        services.reveal_phone(call, user=world["clerk_a"])


def test_case_citizens_are_drawn_from_closed_cases_with_a_phone(world, round_factory):
    from ledgers.spotchecks.population import case_citizens

    category = ProblemCategory.objects.get(name="物业")
    base = {"category": category, "content": "电梯坏了", "title": "电梯坏了", "received_on": ON}
    Case.objects.create(
        state="closed",
        assigned_unit=world["a"],
        closed_on=datetime.date(2026, 5, 3),
        reporter_name="钱七",
        reporter_phone="13800001111",
        **base,
    )
    Case.objects.create(
        state="closed",
        assigned_unit=world["a"],
        closed_on=datetime.date(2026, 5, 3),
        reporter_phone="",
        **base,
    )
    Case.objects.create(
        state="closed",
        assigned_unit=world["a"],
        closed_on=datetime.date(2026, 5, 3),
        reporter_phone="13800002222",
        reporter_anonymous=True,
        **base,
    )
    Case.objects.create(
        state="closed",
        assigned_unit=world["a"],
        closed_on=datetime.date(2026, 8, 3),
        reporter_phone="13800003333",
        **base,
    )
    Case.objects.create(
        state="in_progress", assigned_unit=world["a"], reporter_phone="13800004444", **base
    )
    people = list(case_citizens(round_factory(check_cases=True)))
    assert [p.phone for p in people] == ["13800001111"]
    assert people[0].unit_id == world["a"].pk and people[0].task == Task.CASES
