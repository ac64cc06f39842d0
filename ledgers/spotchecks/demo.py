"""Demo: one published round (2026年上半年) drawn from the demo ledgers with a fixed seed, a few
calls worked (核实属实, 不属实 turned into a case, 无法接通, 拒访). Idempotent: the round is made and
worked once."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from ledgers.models import ProblemCategory
from ledgers.satisfaction import Satisfaction
from ledgers.spotchecks import services
from ledgers.spotchecks.models import Outcome, Round, RoundState, Season, Task

DEMO_SEED = "20260701"

# (task, outcome, answers)
WORK = [
    (
        Task.VISITS,
        Outcome.CONFIRMED,
        {
            "visited": "yes",
            "got_card": "yes",
            "got_survey": "yes",
            "got_leaflet": "yes",
            "difficulty_solved": "yes",
            "satisfaction": Satisfaction.VERY_SATISFIED,
            "note": "走访属实,干部帮助联系了维修。",
        },
    ),
    (
        Task.VISITS,
        Outcome.FALSE,
        {
            "visited": "no",
            "got_card": "no",
            "got_survey": "no",
            "got_leaflet": "no",
            "difficulty_solved": "no",
            "satisfaction": Satisfaction.DISSATISFIED,
            "note": "群众表示今年没有干部上门走访。",
        },
    ),
    (Task.VISITS, Outcome.UNREACHABLE, {}),
    (
        Task.TARGETS,
        Outcome.CONFIRMED,
        {"knows_cadre": "yes", "satisfaction": Satisfaction.SATISFIED},
    ),
    (Task.TARGETS, Outcome.REFUSED, {}),
]


def load(stdout=None):
    office = get_user_model().objects.filter(username="office").first()
    if office is None:
        return None
    round_, created = Round.objects.get_or_create(
        year=2026,
        season=Season.MID_YEAR,
        defaults={
            "check_visits": True,
            "check_targets": True,
            "check_cases": True,
            "check_window": True,
            "per_unit": 2,
            "seed": DEMO_SEED,
        },
    )
    if round_.state == RoundState.DRAFT:
        at = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))
        round_ = services.draw(round_, user=office, on=at.date(), at=at, seed=DEMO_SEED)
        _work(round_, office)
        services.publish(
            round_, user=office, at=timezone.make_aware(datetime.datetime(2026, 7, 20, 17, 0))
        )
    if stdout:
        stdout.write(f"电话抽查:{round_},抽取 {round_.calls.count()} 人,已公布结果。")
    return round_


def _work(round_, office):
    category = ProblemCategory.objects.filter(name="干部作风").first()
    used = set()
    for hour, (task, outcome, answers) in enumerate(WORK):
        call = round_.calls.filter(task=task).exclude(pk__in=used).order_by("unit_id", "position")
        call = call.first()
        if call is None:
            continue
        used.add(call.pk)
        at = timezone.make_aware(datetime.datetime(2026, 7, 6, 9 + hour, 0))
        call = services.record_call(call, user=office, at=at, outcome=outcome, **answers)
        if outcome == Outcome.FALSE and category is not None:
            services.raise_case(call, user=office, on=at.date(), category=category)
