"""Who may be called for each task of a round (the sampling frame), read from the ledgers, the
cases and the window ratings. Every provider returns :class:`Person` entries; rows without a
usable phone number cannot be called and are left out.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from ledgers.spotchecks.models import Task
from ledgers.spotchecks.rules import Candidate, person_key


@dataclass
class Person:
    unit_id: int
    task: str
    key: str  # source reference, e.g. "sheets.ledgerrow:12"
    name: str
    phone: str
    address: str = ""
    facts: dict = field(default_factory=dict)

    @property
    def person(self):
        return person_key(self.phone)

    @property
    def stratum(self):
        return (self.unit_id, self.task)

    def candidate(self):
        return Candidate(self.key, self.person)


def _ledger_people(round_, attachment, task):
    from ledgers.sheets.models import LedgerRow

    rows = (
        LedgerRow.objects.current()
        .filter(
            upload__attachment=attachment,
            upload__period__year=round_.year,
            upload__period__half=round_.half,
        )
        .exclude(phone="")
        .select_related("upload")
        .order_by("pk")
    )
    for row in rows:
        facts = {"联系干部": row.cadre, "台账备注": row.remarks, "工作表": row.sheet_name}
        yield Person(
            unit_id=row.upload.unit_id,
            task=task,
            key=f"sheets.ledgerrow:{row.pk}",
            name=row.person_name,
            phone=row.phone,
            address=row.address,
            facts={k: v for k, v in facts.items() if v},
        )


def visited_households(round_):
    """附件1: households the unit says its cadres visited in the round's half-year. A row matched
    to a household of the roster (包村联户) is called on the roster's phone when the ledger gives
    none, and the household and a phone that differs from the roster's are shown to the caller."""
    from ledgers.sheets.models import LedgerRow

    rows = (
        LedgerRow.objects.current()
        .filter(
            upload__attachment=1,
            upload__period__year=round_.year,
            upload__period__half=round_.half,
        )
        .select_related("upload", "visit_match__household__compound")
        .order_by("pk")
    )
    for row in rows:
        match = getattr(row, "visit_match", None)
        household = match.household if match is not None else None
        phone = row.phone or (household.phone if household else "")
        if not phone:
            continue
        facts = {"联系干部": row.cadre, "台账备注": row.remarks, "工作表": row.sheet_name}
        if household is not None:
            facts["花名册住户"] = f"{household.compound.name} {household.address}"
            if row.phone and household.phone and row.phone != household.phone:
                facts["花名册电话"] = household.phone
            if not row.phone:
                facts["号码来源"] = "花名册"
        yield Person(
            unit_id=row.upload.unit_id,
            task=Task.VISITS,
            key=f"sheets.ledgerrow:{row.pk}",
            name=row.person_name,
            phone=phone,
            address=row.address,
            facts={k: v for k, v in facts.items() if v},
        )


def service_targets(round_):
    """附件3: service targets the unit's cadres say they keep in contact with."""
    return _ledger_people(round_, 3, Task.TARGETS)


def case_citizens(round_):
    """Citizens who reported a problem that was closed out (销号) in the round's half-year and
    left a phone; anonymous reporters are never called."""
    Case = apps.get_model("rectification", "Case")
    cases = (
        Case.objects.filter(
            state="closed",
            assigned_unit__isnull=False,
            closed_on__gte=round_.start,
            closed_on__lte=round_.end,
            reporter_anonymous=False,
        )
        .exclude(reporter_phone="")
        .order_by("pk")
    )
    for case in cases:
        yield Person(
            unit_id=case.assigned_unit_id,
            task=Task.CASES,
            key=f"rectification.case:{case.pk}",
            name=case.reporter_name,
            phone=case.reporter_phone,
            address=case.full_place,
            facts={
                "问题": case.title,
                "交办单": case.slip_number,
                "办理结果": case.get_outcome_display(),
                "答复群众": case.answer_to_citizen,
                "销号日期": case.closed_on.isoformat() if case.closed_on else "",
            },
        )


def window_users(round_):
    """People who rated a window (好差评) in the round's half-year and left a phone number
    (``ratings.Rating``: unit, approval_item, level, name, phone, created_at)."""
    try:
        Rating = apps.get_model("ratings", "Rating")
    except LookupError:
        return
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(round_.start, datetime.time.min), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(round_.end + datetime.timedelta(days=1), datetime.time.min), tz
    )
    ratings = (
        Rating.objects.filter(created_at__gte=start, created_at__lt=end, unit__isnull=False)
        .exclude(phone="")
        .select_related("approval_item")
        .order_by("pk")
    )
    for rating in ratings:
        item = rating.approval_item
        yield Person(
            unit_id=rating.unit_id,
            task=Task.WINDOW,
            key=f"ratings.rating:{rating.pk}",
            name=rating.name,
            phone=rating.phone,
            facts={
                "评价": rating.get_level_display(),
                "事项": str(item) if item is not None else "",
                "评价时间": timezone.localtime(rating.created_at).strftime("%Y-%m-%d %H:%M"),
            },
        )


PROVIDERS = {
    Task.VISITS: visited_households,
    Task.TARGETS: service_targets,
    Task.CASES: case_citizens,
    Task.WINDOW: window_users,
}


def population(round_):
    """Everyone who may be called for the round's tasks: ``{stratum: [Person, …]}``."""
    strata = {}
    for task in round_.tasks:
        for person in PROVIDERS[task](round_) or ():
            if person.person:
                strata.setdefault(person.stratum, []).append(person)
    return strata
