"""The library of computed indicators: each turns a year of evidence from another module into one
figure per unit, with the rows behind it.

Every indicator is a function ``(ctx) -> {unit_id: Figure}`` over *all* the units at once, in a
fixed number of queries whatever the number of units (the scorecard test counts them). ``ctx.on``
is the date the figures are taken on (passed in, never "today" here): events after it are not
counted, and deadlines not yet reached are not late.

Evidence items are small dicts — ``{"kind": "case", "pk": 12, "text": "…"}`` — that the card links
to the object's own admin page (see :mod:`ledgers.assessment.evidence`). Their text never holds a
citizen's name or phone: a unit reads its own evidence.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ledgers.assessment.models import IndicatorCode
from ledgers.rules import meets_time_cut_target
from ledgers.satisfaction import BAD_LEVELS, Satisfaction, satisfaction_rate


@dataclass
class Context:
    """What every indicator needs: the year, the date the figures are taken on, the units."""

    year: int
    on: datetime.date
    units: list

    @property
    def unit_ids(self):
        return [u.pk for u in self.units]

    @property
    def first_day(self):
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self):
        return min(datetime.date(self.year, 12, 31), self.on)

    def moments(self):
        """The year up to ``on`` as aware datetimes [start, end) in local time."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end


@dataclass
class Figure:
    """One unit's figure for one indicator: ``value`` (None when there is nothing to judge),
    how it was made (``detail``, in Chinese) and the rows behind it."""

    value: Decimal | None
    detail: str = ""
    evidence: list = field(default_factory=list)
    unit_label: str = ""

    def as_data(self):
        return {
            "value": None if self.value is None else str(self.value),
            "detail": self.detail,
            "evidence": self.evidence,
            "unit_label": self.unit_label,
        }


def _rate(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))


def _count_figure(count, noun, evidence, unit_label="次"):
    return Figure(Decimal(count), f"{count} {noun}", evidence, unit_label)


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _per_unit(ctx, build):
    return {pk: build(pk) for pk in ctx.unit_ids}


# --- plans --------------------------------------------------------------------------------------


def plans_on_time(ctx):
    """实施意见按期报送: plans filed late (first submission after the deadline) or not yet filed once
    the deadline has passed, one occurrence each, for every plan type the unit must file."""
    from ledgers.plans.models import AppliesTo, Plan, PlanType
    from ledgers.plans.rules import is_late, to_local_date

    types = list(PlanType.objects.filter(is_active=True).prefetch_related("units"))
    plans = {
        (p.unit_id, p.plan_type_id): p
        for p in Plan.objects.filter(year=ctx.year, unit__in=ctx.unit_ids).only(
            "pk", "unit_id", "plan_type_id", "title", "first_submitted_at"
        )
    }
    late = {pk: [] for pk in ctx.unit_ids}
    for plan_type in types:
        deadline = plan_type.deadline_for(ctx.year)
        chosen = {u.pk for u in plan_type.units.all()}
        for unit in ctx.units:
            if not _obliged(plan_type, unit, chosen, AppliesTo):
                continue
            plan = plans.get((unit.pk, plan_type.pk))
            submitted = to_local_date(plan.first_submitted_at) if plan else None
            if submitted is not None and submitted > ctx.on:
                submitted = None  # not yet submitted on the day the figures are taken
            if not is_late(deadline, submitted, ctx.on):
                continue
            if plan is None:
                text = f"{plan_type.name}:截止{deadline:%m月%d日},未报送"
                late[unit.pk].append({"kind": "plan_type", "pk": plan_type.pk, "text": text})
            elif submitted is None:
                text = f"{plan_type.name}:截止{deadline:%m月%d日},尚未提交审核"
                late[unit.pk].append({"kind": "plan", "pk": plan.pk, "text": text})
            else:
                days = (submitted - deadline).days
                text = f"{plan_type.name}:{submitted:%m月%d日}提交,逾期{days}天"
                late[unit.pk].append({"kind": "plan", "pk": plan.pk, "text": text})
    return _per_unit(ctx, lambda pk: _count_figure(len(late[pk]), "项逾期或未报", late[pk], "项"))


def _obliged(plan_type, unit, chosen, AppliesTo):
    from ledgers.models import UnitKind

    rule = plan_type.applies_to
    if rule == AppliesTo.TOWNS:
        return unit.kind == UnitKind.TOWN
    if rule == AppliesTo.DEPARTMENTS:
        return unit.kind == UnitKind.DEPARTMENT
    if rule == AppliesTo.WINDOWS:
        return unit.is_window
    if rule == AppliesTo.CHOSEN:
        return unit.pk in chosen
    return True


# --- semiannual ledgers ------------------------------------------------------------------------


def ledgers_on_time(ctx):
    """台账按期报送: each attachment owed for the year's two periods, late when first confirmed after
    its due date (附件3、4 6月5日/12月5日, 附件1、2 6月10日/12月10日, 附件5 6月1日/12月1日 as the
    period sets them), or not confirmed once the due date has passed."""
    from ledgers.sheets.models import LedgerUpload, Obligation, UploadStatus

    obligations = list(
        Obligation.objects.filter(period__year=ctx.year, unit__in=ctx.unit_ids).select_related(
            "period"
        )
    )
    first = {}
    for unit_id, period_id, attachment, pk, confirmed_at in LedgerUpload.objects.filter(
        period__year=ctx.year,
        unit__in=ctx.unit_ids,
        status__in=[UploadStatus.CONFIRMED, UploadStatus.SUPERSEDED],
        confirmed_at__isnull=False,
    ).values_list("unit_id", "period_id", "attachment", "pk", "confirmed_at"):
        key = (unit_id, period_id, attachment)
        if key not in first or confirmed_at < first[key][1]:
            first[key] = (pk, confirmed_at)
    late = {pk: [] for pk in ctx.unit_ids}
    for ob in obligations:
        due = ob.period.due_date(ob.attachment)
        found = first.get((ob.unit_id, ob.period_id, ob.attachment))
        submitted = _local_date(found[1]) if found else None
        if submitted is not None and submitted > ctx.on:
            submitted = None
        if submitted is not None and submitted <= due:
            continue
        if submitted is None and ctx.on <= due:
            continue
        label = f"{ob.period} 附件{ob.attachment}"
        if submitted is None:
            item = {"kind": "obligation", "pk": ob.pk, "text": f"{label}:截止{due:%m月%d日},未报送"}
        else:
            days = (submitted - due).days
            item = {
                "kind": "upload",
                "pk": found[0],
                "text": f"{label}:{submitted:%m月%d日}报送,逾期{days}天",
            }
        late[ob.unit_id].append(item)
    return _per_unit(ctx, lambda pk: _count_figure(len(late[pk]), "份逾期或未报", late[pk], "份"))


def ledger_findings(ctx):
    """台账规则检查问题: rows the policy's rules marked 待核实 per submitted ledger (the current
    confirmed upload of each period and attachment), on average."""
    from ledgers.sheets.models import LedgerUpload

    uploads = {pk: [] for pk in ctx.unit_ids}
    for row in (
        LedgerUpload.objects.current()
        .filter(period__year=ctx.year, unit__in=ctx.unit_ids)
        .select_related("period")
        .order_by("period__half", "attachment")
    ):
        uploads[row.unit_id].append(row)

    def build(pk):
        rows = uploads[pk]
        if not rows:
            return Figure(None, "本年度没有已生效的台账", [], "条/份")
        findings = sum(u.finding_count for u in rows)
        value = (Decimal(findings) / len(rows)).quantize(Decimal("0.1"))
        evidence = [
            {
                "kind": "upload",
                "pk": u.pk,
                "text": f"{u.period} 附件{u.attachment}:{u.finding_count} 行待核实(共 {u.row_count} 行)",
            }
            for u in rows
            if u.finding_count
        ]
        return Figure(value, f"{len(rows)} 份台账共 {findings} 行待核实", evidence, "条/份")

    return _per_unit(ctx, build)


# --- rectification -----------------------------------------------------------------------------


def _cases(ctx):
    from ledgers.rectification.models import Case, CaseState

    return (
        Case.objects.filter(
            assigned_unit__in=ctx.unit_ids,
            assigned_on__gte=ctx.first_day,
            assigned_on__lte=ctx.last_day,
        )
        .exclude(state=CaseState.MERGED)
        .exclude(answered_on_spot=True)
    )


def _case_item(case, text):
    return {
        "kind": "case",
        "pk": case["pk"],
        "text": f"{case['slip_number'] or '#' + str(case['pk'])} {text}",
    }


def rect_on_time(ctx):
    """交办问题按期办结率: closed on time ÷ (closed + open past deadline), for the problems assigned
    in the year (the rectification dashboard's rule, ``rectification.rules.on_time_rate``)."""
    from ledgers.rectification.models import CLOCK_STATES, CaseState
    from ledgers.rectification.rules import on_time_rate

    counts = {pk: {"on_time": 0, "closed": 0, "overdue": 0, "items": []} for pk in ctx.unit_ids}
    for case in _cases(ctx).values(
        "pk", "slip_number", "assigned_unit_id", "state", "deadline", "closed_on", "closed_on_time"
    ):
        c = counts[case["assigned_unit_id"]]
        closed = case["state"] == CaseState.CLOSED and (
            case["closed_on"] is None or case["closed_on"] <= ctx.on
        )
        if closed:
            c["closed"] += 1
            if case["closed_on_time"]:
                c["on_time"] += 1
            else:
                c["items"].append(_case_item(case, f"{case['closed_on'] or ''}销号,未按期办结"))
        elif case["state"] in CLOCK_STATES and case["deadline"] and case["deadline"] < ctx.on:
            c["overdue"] += 1
            c["items"].append(_case_item(case, f"期限{case['deadline']},已逾期未办结"))

    def build(pk):
        c = counts[pk]
        rate = on_time_rate(c["on_time"], c["closed"], c["overdue"])
        detail = f"按期办结 {c['on_time']} / (已销号 {c['closed']} + 逾期未结 {c['overdue']})"
        return Figure(None if rate is None else Decimal(str(rate)), detail, c["items"], "%")

    return _per_unit(ctx, build)


def _logged_case_actions(ctx, action):
    """Log entries of ``action`` on cases of the units within the year: ``{unit_id: [case…]}``."""
    from ledgers.rectification.models import Case

    start, end = ctx.moments()
    entries = list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Case),
            action=action,
            timestamp__gte=start,
            timestamp__lt=end,
        ).values_list("object_id", "timestamp")
    )
    ids = {int(object_id) for object_id, _ in entries if str(object_id).isdigit()}
    cases = {
        c["pk"]: c
        for c in Case.objects.filter(pk__in=ids, assigned_unit__in=ctx.unit_ids).values(
            "pk", "slip_number", "assigned_unit_id"
        )
    }
    found = {pk: [] for pk in ctx.unit_ids}
    for object_id, timestamp in sorted(entries, key=lambda e: e[1]):
        case = cases.get(int(object_id)) if str(object_id).isdigit() else None
        if case is not None:
            found[case["assigned_unit_id"]].append((case, _local_date(timestamp)))
    return found


def rect_send_backs(ctx):
    """整改结果被退回重办: each time the office sent a unit's result back in the year."""
    found = _logged_case_actions(ctx, "rectification.send_back")
    return _per_unit(
        ctx,
        lambda pk: _count_figure(
            len(found[pk]),
            "次退回重办",
            [_case_item(case, f"{day}退回重办") for case, day in found[pk]],
        ),
    )


def rect_reopened(ctx):
    """群众不满意复核: each time a citizen said a closed case was not settled and it reopened."""
    found = _logged_case_actions(ctx, "rectification.dissatisfied")
    return _per_unit(
        ctx,
        lambda pk: _count_figure(
            len(found[pk]),
            "次复核",
            [_case_item(case, f"{day}群众不满意,重新办理") for case, day in found[pk]],
        ),
    )


def rect_dissatisfied(ctx):
    """回访群众不满意: 回访 records in the year where the citizen answered 不满意 or 非常不满意."""
    from ledgers.rectification.models import CaseNote, NoteKind

    found = {pk: [] for pk in ctx.unit_ids}
    for note in (
        CaseNote.objects.filter(
            kind=NoteKind.CALLBACK,
            satisfaction__in=BAD_LEVELS,
            written_on__gte=ctx.first_day,
            written_on__lte=ctx.last_day,
            case__assigned_unit__in=ctx.unit_ids,
        )
        .order_by("written_on", "pk")
        .values(
            "case_id", "case__slip_number", "case__assigned_unit_id", "written_on", "satisfaction"
        )
    ):
        case = {"pk": note["case_id"], "slip_number": note["case__slip_number"]}
        label = Satisfaction(note["satisfaction"]).label
        found[note["case__assigned_unit_id"]].append(
            _case_item(case, f"{note['written_on']}回访:{label}")
        )
    return _per_unit(ctx, lambda pk: _count_figure(len(found[pk]), "次不满意", found[pk]))


# --- spot checks -------------------------------------------------------------------------------


def _calls(ctx):
    from ledgers.spotchecks.models import Call

    return (
        Call.objects.filter(round__year=ctx.year, unit__in=ctx.unit_ids)
        .exclude(outcome="")
        .exclude(called_at__gte=ctx.moments()[1])
        .select_related("round")
        .order_by("round_id", "task", "position")
    )


def _call_item(call, text):
    return {
        "kind": "call",
        "pk": call.pk,
        "text": f"{call.round} {call.get_task_display()} 第{call.position}号:{text}",
    }


def spot_confirmed(ctx):
    """电话抽查属实率: calls that confirmed the ledger ÷ calls that reached the person."""
    from ledgers.spotchecks import rules as spot_rules
    from ledgers.spotchecks.models import Outcome

    counts = {pk: {"confirmed": 0, "reached": 0, "items": []} for pk in ctx.unit_ids}
    for call in _calls(ctx):
        c = counts[call.unit_id]
        if spot_rules.is_reached(call.outcome):
            c["reached"] += 1
        if call.outcome == Outcome.CONFIRMED:
            c["confirmed"] += 1
        elif call.outcome == Outcome.FALSE:
            c["items"].append(_call_item(call, "核实不属实(虚报)"))

    def build(pk):
        c = counts[pk]
        rate = spot_rules.confirmed_rate(c["confirmed"], c["reached"])
        detail = f"属实 {c['confirmed']} / 接通 {c['reached']}"
        return Figure(None if rate is None else Decimal(str(rate)), detail, c["items"], "%")

    return _per_unit(ctx, build)


def spot_false(ctx):
    """电话抽查虚报: calls that found the ledger entry false, one occurrence each."""
    from ledgers.spotchecks.models import Outcome

    found = {pk: [] for pk in ctx.unit_ids}
    for call in _calls(ctx).filter(outcome=Outcome.FALSE):
        found[call.unit_id].append(_call_item(call, "核实不属实(虚报)"))
    return _per_unit(ctx, lambda pk: _count_figure(len(found[pk]), "人次虚报", found[pk], "人次"))


def spot_satisfaction(ctx):
    """电话抽查满意率: good answers (非常满意/满意/基本满意) ÷ all answers on the calls."""
    counts = {pk: ({}, []) for pk in ctx.unit_ids}
    for call in _calls(ctx).exclude(satisfaction=""):
        levels, items = counts[call.unit_id]
        levels[call.satisfaction] = levels.get(call.satisfaction, 0) + 1
        if call.satisfaction in BAD_LEVELS:
            items.append(_call_item(call, Satisfaction(call.satisfaction).label))

    def build(pk):
        levels, items = counts[pk]
        rate = satisfaction_rate(levels)
        detail = f"回答满意度 {sum(levels.values())} 人,不满意 {len(items)} 人"
        return Figure(None if rate is None else Decimal(str(rate)), detail, items, "%")

    return _per_unit(ctx, build)


# --- windows -----------------------------------------------------------------------------------


def rating_satisfaction(ctx):
    """好差评满意率: good ratings ÷ all ratings the unit's windows received in the year."""
    from ledgers.ratings.models import Rating

    start, end = ctx.moments()
    counts = {pk: ({}, []) for pk in ctx.unit_ids}
    for pk, unit_id, level, created_at, item_title in (
        Rating.objects.filter(unit__in=ctx.unit_ids, created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
        .values_list("pk", "unit_id", "level", "created_at", "item_title")
    ):
        levels, items = counts[unit_id]
        levels[level] = levels.get(level, 0) + 1
        if level in BAD_LEVELS:
            text = (
                f"{_local_date(created_at)} {item_title or '窗口服务'}:{Satisfaction(level).label}"
            )
            items.append({"kind": "rating", "pk": pk, "text": text})

    def build(pk):
        levels, items = counts[pk]
        rate = satisfaction_rate(levels)
        detail = f"评价 {sum(levels.values())} 次,差评 {len(items)} 次"
        return Figure(None if rate is None else Decimal(str(rate)), detail, items, "%")

    return _per_unit(ctx, build)


def time_cut(ctx):
    """审批时限压缩20%达标率: the unit's published approval items whose promised time limit was
    cut by at least 20% (``ledgers.rules.meets_time_cut_target``) ÷ all its items."""
    from home.models import ApprovalItem

    counts = {pk: {"met": 0, "all": 0, "items": []} for pk in ctx.unit_ids}
    for unit_id, page_id, name, original, current in (
        ApprovalItem.objects.filter(page__unit__in=ctx.unit_ids, page__live=True)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page__unit_id", "page_id", "name", "original_days", "current_days")
    ):
        c = counts[unit_id]
        c["all"] += 1
        if meets_time_cut_target(original, current):
            c["met"] += 1
        else:
            text = f"{name}:原{original}个工作日,现{current}个工作日,未压缩20%"
            c["items"].append({"kind": "page", "pk": page_id, "text": text})

    def build(pk):
        c = counts[pk]
        rate = _rate(c["met"], c["all"])
        return Figure(rate, f"达标 {c['met']} / 事项 {c['all']}", c["items"], "%")

    return _per_unit(ctx, build)


def inspection_findings(ctx):
    """明察暗访发现问题: findings 纪委 released about the unit from inspections in the year."""
    from ledgers.inspections.models import Finding

    start, end = ctx.moments()
    found = {pk: [] for pk in ctx.unit_ids}
    for pk, unit_id, inspected_on, category in (
        Finding.objects.filter(
            inspection__unit__in=ctx.unit_ids,
            inspection__inspected_on__gte=ctx.first_day,
            inspection__inspected_on__lte=ctx.last_day,
            released_at__isnull=False,
            released_at__lt=end,
        )
        .order_by("inspection__inspected_on", "pk")
        .values_list("pk", "inspection__unit_id", "inspection__inspected_on", "category__name")
    ):
        found[unit_id].append(
            {"kind": "finding", "pk": pk, "text": f"{inspected_on}明察暗访发现:{category}"}
        )
    return _per_unit(ctx, lambda pk: _count_figure(len(found[pk]), "个问题", found[pk], "个"))


# The library: code -> function. The scheme picks from these; defaults seed a new scheme.
LIBRARY = {
    IndicatorCode.PLANS_ON_TIME: plans_on_time,
    IndicatorCode.LEDGERS_ON_TIME: ledgers_on_time,
    IndicatorCode.LEDGER_FINDINGS: ledger_findings,
    IndicatorCode.RECT_ON_TIME: rect_on_time,
    IndicatorCode.RECT_SEND_BACKS: rect_send_backs,
    IndicatorCode.RECT_REOPENED: rect_reopened,
    IndicatorCode.RECT_DISSATISFIED: rect_dissatisfied,
    IndicatorCode.SPOT_CONFIRMED: spot_confirmed,
    IndicatorCode.SPOT_FALSE: spot_false,
    IndicatorCode.SPOT_SATISFACTION: spot_satisfaction,
    IndicatorCode.RATING_SATISFACTION: rating_satisfaction,
    IndicatorCode.TIME_CUT: time_cut,
    IndicatorCode.INSPECTION_FINDINGS: inspection_findings,
}


def compute(code, ctx):
    return LIBRARY[IndicatorCode(code)](ctx)
