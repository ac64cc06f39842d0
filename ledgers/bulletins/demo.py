"""Demo: two bulletins built from the other modules' demo data — the 2026年上半年 ledger
submissions and the mid-year spot-check results. Idempotent: each is generated once (found again
by its kind and parameters), so repeated runs issue no new numbers."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from ledgers.bulletins import services
from ledgers.bulletins.models import Bulletin, Kind


def _demo_params():
    from ledgers.sheets.models import Period
    from ledgers.spotchecks.models import Round, RoundState

    found = []
    period = Period.objects.filter(year=2026, half=1).first()
    if period is not None:
        found.append((Kind.LEDGERS, {"period": period}, datetime.datetime(2026, 6, 15, 10, 0)))
    round_ = Round.objects.filter(year=2026, season="mid").exclude(state=RoundState.DRAFT).first()
    if round_ is not None:
        found.append((Kind.SPOTCHECK, {"round": round_}, datetime.datetime(2026, 7, 25, 10, 0)))
    return found


def load(stdout=None):
    office = get_user_model().objects.filter(username="office").first()
    if office is None:
        return []
    made = []
    for kind, params, when in _demo_params():
        stored = {key: {"id": value.pk} for key, value in params.items()}
        existing = [
            b
            for b in Bulletin.objects.filter(kind=kind)
            if {k: {"id": v.get("id")} for k, v in b.parameters.items()} == stored
        ]
        if existing:
            made.append(existing[0])
            continue
        made.append(services.generate(kind, params, user=office, at=timezone.make_aware(when)))
    if stdout:
        stdout.write(
            "通报:" + ("、".join(b.number for b in made) if made else "无(缺少演示数据)") + "。"
        )
    return made
