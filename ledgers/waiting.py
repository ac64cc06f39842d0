"""The work waiting for a user today, per role, for the admin home screen.

Each role gets a few groups (e.g. a clerk's 待签收 / 已逾期 / 本周到期 / 退回重办 / 台账待报 /
方案退回修改; the office's 新举报 / 待交办 / 单位退回 / 待销号审核 / 方案待审核 / 逾期问题). Every
group has a count, its most urgent items (each a link) and a link to the full list. The work is
done in a constant number of queries whatever the number of cases, reports or plans: one
aggregate for all the case counts, one query per group for its first items.

``today`` is passed in; nothing here asks for the date.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from ledgers.display import format_when
from ledgers.models import SpecialFunction

SHOWN = 5  # items listed per group; the count and the "all" link cover the rest


@dataclass
class Item:
    label: str
    url: str
    note: str = ""


@dataclass
class Group:
    key: str
    title: str
    count: int
    items: list = field(default_factory=list)
    more_url: str = ""
    urgent: bool = False


def end_of_week(today):
    """Sunday of ``today``'s week (weeks start on Monday)."""
    return today + datetime.timedelta(days=6 - today.weekday())


def _case_item(case, note):
    title = case.title if len(case.title) <= 30 else case.title[:29] + "…"
    label = f"{case.slip_number or '#' + str(case.pk)} {title}"
    return Item(label, reverse("rectification_admin:detail", args=[case.pk]), note)


def _deadline_note(case, today):
    if case.deadline is None:
        return ""
    if case.deadline < today:
        return f"已逾期 {(today - case.deadline).days} 天(期限 {format_when(case.deadline, 'prose-date')})"
    return f"期限 {format_when(case.deadline, 'prose-date')}"


# --- unit clerks ----------------------------------------------------------------------------


def clerk_case_filters(today):
    from ledgers.rectification.models import CLOCK_STATES, CaseState

    return {
        "to_sign": Q(state=CaseState.ASSIGNED),
        "overdue": Q(state__in=CLOCK_STATES, deadline__lt=today),
        "due_this_week": Q(
            state__in=CLOCK_STATES, deadline__gte=today, deadline__lte=end_of_week(today)
        ),
        # A case in progress that already had a result submitted was sent back by the office.
        "sent_back": Q(state=CaseState.IN_PROGRESS, result_submitted_on__isnull=False),
    }


def clerk_waiting(unit, today):
    """Groups of work waiting for the clerks of ``unit`` on ``today``."""
    from ledgers.rectification.models import Case

    cases = Case.objects.filter(assigned_unit=unit)
    filters = clerk_case_filters(today)
    counts = cases.aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    queue = reverse("rectification_admin:queue")
    titles = {
        "to_sign": ("待签收的交办问题", True),
        "overdue": ("已逾期的问题", True),
        "due_this_week": ("本周到期的问题", False),
        "sent_back": ("作风办退回重办", True),
    }
    groups = []
    for key, q in filters.items():
        title, urgent = titles[key]
        items = []
        for case in cases.filter(q).order_by("deadline", "assigned_on", "pk")[:SHOWN]:
            note = (
                f"{format_when(case.assigned_on, 'prose-date')} 交办,请及时签收"
                if key == "to_sign"
                else _deadline_note(case, today)
            )
            items.append(_case_item(case, note))
        more = reverse("rectification_admin:overdue") if key == "overdue" else queue
        groups.append(Group(key, title, counts[key], items, more, urgent and counts[key] > 0))
    groups.append(ledgers_due(unit, today))
    groups.append(plans_returned(unit))
    groups.append(visits_unmatched(unit))
    if unit.special_function == SpecialFunction.HOTLINE_CENTRE:  # the 89000 centre's 回访
        groups.insert(0, hotline_callbacks(unit))
    return groups


LEDGER_HORIZON_DAYS = 14  # ledgers due within two weeks (or late) are shown


def ledgers_due(unit, today):
    """Ledger attachments the unit owes in open periods, not yet confirmed, due within two
    weeks or already late (one query)."""
    from ledgers.sheets.models import LedgerUpload, Obligation, UploadStatus

    confirmed = LedgerUpload.objects.filter(
        period=OuterRef("period"),
        unit=OuterRef("unit"),
        attachment=OuterRef("attachment"),
        status=UploadStatus.CONFIRMED,
    )
    owed = (
        Obligation.objects.filter(unit=unit, period__is_open=True)
        .exclude(Exists(confirmed))
        .select_related("period")
    )
    horizon = today + datetime.timedelta(days=LEDGER_HORIZON_DAYS)
    rows = []
    for obligation in owed:
        due = obligation.period.due_date(obligation.attachment)
        if due <= horizon:
            rows.append((due, obligation))
    rows.sort(key=lambda row: (row[0], row[1].attachment))
    items = []
    for due, obligation in rows[:SHOWN]:
        late = due < today
        note = ("已逾期," if late else "") + f"截止 {format_when(due, 'prose-date')}"
        url = reverse("sheets:index") + f"?period={obligation.period_id}"
        items.append(Item(f"{obligation.period} {obligation.get_attachment_display()}", url, note))
    return Group(
        "ledgers_due",
        "待报送的台账",
        len(rows),
        items,
        reverse("sheets:index"),
        any(due < today for due, _ in rows),
    )


def plans_returned(unit):
    """The unit's plans returned by the office for revision (one query)."""
    from ledgers.plans.models import Plan, PlanStatus

    plans = list(
        Plan.objects.filter(unit=unit, status=PlanStatus.RETURNED)
        .select_related("plan_type")
        .order_by("year", "pk")
    )
    items = [
        Item(
            f"{p.year}年 {p.plan_type.name}",
            reverse("wagtailsnippets_plans_plan:edit", args=[p.pk]),
            "按审核意见修改后重新提交",
        )
        for p in plans[:SHOWN]
    ]
    return Group(
        "plans_returned",
        "退回修改的方案",
        len(plans),
        items,
        reverse("wagtailsnippets_plans_plan:list"),
        bool(plans),
    )


def visits_unmatched(unit):
    """附件1 visits of the unit that did not match a household of the roster (one query, two when
    there are more than shown)."""
    from ledgers.network.models import MatchState, VisitMatch

    matches = list(
        VisitMatch.objects.filter(unit=unit, state=MatchState.UNMATCHED)
        .select_related("ledger_row")
        .order_by("-year", "-half", "pk")[: SHOWN + 1]
    )
    count = (
        len(matches)
        if len(matches) <= SHOWN
        else VisitMatch.objects.filter(unit=unit, state=MatchState.UNMATCHED).count()
    )
    items = [
        Item(m.ledger_row.address[:40], reverse("network_resolve", args=[m.pk]), "选择住户或补录")
        for m in matches[:SHOWN]
    ]
    return Group(
        "visits_unmatched", "未匹配住户的走访", count, items, reverse("network_unmatched"), False
    )


# --- the office -----------------------------------------------------------------------------


def office_case_filters(today):
    from ledgers.rectification.models import CLOCK_STATES, CaseState

    return {
        "to_close": Q(state__in=(CaseState.SUBMITTED, CaseState.REOPENED)),
        "returned": Q(state=CaseState.RETURNED),
        "to_assign": Q(state=CaseState.NEW),
        "overdue": Q(state__in=CLOCK_STATES, deadline__lt=today),
    }


def office_waiting(today):
    """Groups of work waiting for the office on ``today``."""
    from ledgers.plans.models import Plan, PlanStatus
    from ledgers.rectification.models import Case
    from ledgers.reportbox.models import Report, Status

    groups = []
    new = Report.objects.filter(status=Status.NEW)
    new_count = new.count()
    new_reports = list(new.select_related("category").order_by("created_at")[:SHOWN])
    groups.append(
        Group(
            "new_reports",
            "新举报(待受理)",
            new_count,
            [
                Item(
                    f"{r.formatted_code} {r.category}",
                    reverse("reportbox_reports:inspect", args=[r.pk]),
                    f"{format_when(r.created_at)} 提交",
                )
                for r in new_reports
            ],
            reverse("reportbox_reports:index") + f"?status={Status.NEW}",
            new_count > 0,
        )
    )

    cases = Case.objects.all()
    filters = office_case_filters(today)
    counts = cases.aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    titles = {
        "to_close": (
            "结果待审核销号",
            True,
            reverse("rectification_admin:index") + "?state=submitted",
        ),
        "returned": (
            "单位退回待重新交办",
            True,
            reverse("rectification_admin:index") + "?state=returned",
        ),
        "to_assign": ("待交办的问题", False, reverse("rectification_admin:index") + "?state=new"),
        "overdue": ("逾期未办结", True, reverse("rectification_admin:overdue")),
    }
    for key, q in filters.items():
        title, urgent, more = titles[key]
        items = []
        for case in (
            cases.filter(q).select_related("assigned_unit").order_by("deadline", "pk")[:SHOWN]
        ):
            if key == "to_close":
                note = f"{case.assigned_unit} 于 {format_when(case.result_submitted_on, 'prose-date')} 报结果"
            elif key == "returned":
                note = f"{case.assigned_unit} 退回:{case.return_reason}"
            elif key == "overdue":
                note = f"{case.assigned_unit} · {_deadline_note(case, today)}"
            else:
                note = f"{format_when(case.received_on, 'prose-date')} 受理"
            items.append(_case_item(case, note))
        groups.append(Group(key, title, counts[key], items, more, urgent and counts[key] > 0))

    pending = list(
        Plan.objects.filter(status=PlanStatus.PENDING)
        .select_related("unit", "plan_type")
        .order_by("last_submitted_at", "pk")
    )
    groups.append(
        Group(
            "plans_in_review",
            "待审核的方案",
            len(pending),
            [
                Item(
                    f"{p.unit} {p.year}年 {p.plan_type.name}",
                    reverse("wagtailsnippets_plans_plan:edit", args=[p.pk]),
                    f"{format_when(p.last_submitted_at)} 提交" if p.last_submitted_at else "",
                )
                for p in pending[:SHOWN]
            ],
            reverse("plans_board"),
            bool(pending),
        )
    )
    groups.append(service_points_flagged())
    return groups


def service_points_flagged():
    """便民服务点需关注: active points without any approval item or without a 代办员 (two
    queries: the count and the first few)."""
    from ledgers.servicepoints.models import ServicePoint

    flagged = ServicePoint.objects.filter(is_active=True).needing_attention()
    count = flagged.count()
    shown = flagged.select_related("town").order_by("town__sort_order", "town__name", "name")
    return Group(
        "service_points",
        "便民服务点需关注(无事项或无代办员)",
        count,
        [
            Item(
                f"{point.town} {point.name}",
                reverse("servicepoints_admin:edit", args=[point.pk]),
                point.attention_label,
            )
            for point in shown[:SHOWN]
        ],
        reverse("servicepoints_admin:index") + "?attention=true",
        False,
    )


# --- 纪委 -----------------------------------------------------------------------------------


def inspector_waiting(today):
    """纪委's work: findings still 待定, publications waiting for a second pair of eyes, reports
    the office forwarded, cases from inspections past their deadline, and the window units to
    inspect (each group one or two queries)."""
    from ledgers.inspections.models import Decision, Finding, Publication, PublicationState
    from ledgers.models import Unit
    from ledgers.rectification.models import Case, SourceKind
    from ledgers.reportbox.models import Report

    groups = []
    pending = Finding.objects.filter(decision=Decision.PENDING).select_related("inspection__unit")
    count = pending.count()
    groups.append(
        Group(
            "findings",
            "待作出处理决定的问题",
            count,
            [
                Item(
                    f"{f.inspection.unit} {f.description[:24]}",
                    reverse("inspection_findings:detail", args=[f.pk]),
                    f"{f.inspection.inspected_on:%Y-%m-%d} 检查",
                )
                for f in pending.order_by("inspection__inspected_on", "pk")[:SHOWN]
            ],
            reverse("inspection_findings:index") + "?decision=pending",
            count > 0,
        )
    )
    proposed = Publication.objects.filter(state=PublicationState.PENDING)
    count = proposed.count()
    groups.append(
        Group(
            "publications",
            "待审核的曝光",
            count,
            [
                Item(p.title, reverse("inspection_publications"), "须由提出人以外的人员审核")
                for p in proposed.order_by("proposed_at")[:SHOWN]
            ],
            reverse("inspection_publications"),
            count > 0,
        )
    )
    forwarded = Report.objects.filter(forwarded_at__isnull=False).select_related("category")
    count = forwarded.count()
    groups.append(
        Group(
            "forwarded",
            "作风办移送的举报",
            count,
            [
                Item(
                    f"{r.formatted_code} {r.category}",
                    reverse("reportbox_forwarded:inspect", args=[r.pk]),
                    f"{format_when(r.forwarded_at)} 移送",
                )
                for r in forwarded.order_by("-forwarded_at")[:SHOWN]
            ],
            reverse("reportbox_forwarded:index"),
            False,
        )
    )
    overdue = Case.objects.overdue(today).filter(source=SourceKind.INSPECTION)
    count = overdue.count()
    groups.append(
        Group(
            "inspection_overdue",
            "明察暗访交办问题·已逾期",
            count,
            [
                _case_item(c, f"{c.assigned_unit},截止 {c.deadline:%Y-%m-%d}")
                for c in overdue.select_related("assigned_unit").order_by("deadline")[:SHOWN]
            ],
            reverse("rectification_admin:index") + "?source=inspection",
            count > 0,
        )
    )
    units = list(Unit.objects.active().filter(is_window=True).order_by("sort_order", "name"))
    groups.append(
        Group(
            "windows",
            "窗口单位(明察暗访对象)",
            len(units),
            [
                Item(u.name, reverse("units:inspect", args=[u.pk]), u.contact_phone or "")
                for u in units
            ],
            reverse("units:index") + "?is_window=true",
            False,
        )
    )
    return groups


def hotline_callbacks(unit):
    """The 89000 centre's entries whose result the handling unit has reported and whose 回访 is
    still to be written (two queries)."""
    from ledgers.rectification.dashboard import CALLBACK_STATES, with_callback
    from ledgers.rectification.models import Case

    cases = with_callback(
        Case.objects.filter(entered_by_unit=unit, needs_callback=True, state__in=CALLBACK_STATES)
    ).filter(callback_done=False)
    items = [
        _case_item(case, f"{case.get_appeal_type_display()},承办单位已报送结果,请回访来电人")
        for case in cases.order_by("result_submitted_on", "pk")[:SHOWN]
    ]
    count = cases.count()
    more = reverse("rectification_admin:hotline") + "?callback=pending"
    return Group("callbacks", "待回访的热线诉求", count, items, more, count > 0)
