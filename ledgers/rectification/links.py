"""The rectification app's side of the one-way links to the report box and the ledgers.

The report box (:mod:`ledgers.reportbox.handover`) and the ledgers
(:mod:`ledgers.sheets.handover`) never import this app; :class:`RectificationConfig.ready`
registers these links with them. Through them the report box scopes a report, its attachments
and its exports by the case's *current* responsible unit, reads the case's current deadline,
extensions and answer, and hands a report over and assigns it in one step; the ledgers' page
shows which rows became a case and posts the hand-over here.
"""

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from wagtail.log_actions import log

from ledgers.rectification import rules, services
from ledgers.rectification.models import (
    CLOCK_STATES,
    OPEN_STATES,
    CaseSource,
    CaseState,
    ExtensionState,
)
from ledgers.reportbox.handover import CaseInfo, CaseLink
from ledgers.sheets.handover import RowCaseLink

CASE = "case_sources__case"


def case_url(case_pk):
    return reverse("rectification_admin:detail", args=[case_pk])


def case_info(case):
    """What the report box may show of ``case``: never the reporter."""
    granted = tuple(
        (e.days, e.new_deadline, e.decided_on)
        for e in case.extensions.all()
        if e.state == ExtensionState.GRANTED
    )
    return CaseInfo(
        pk=case.pk,
        slip_number=case.slip_number,
        state=case.state,
        state_label=case.get_state_display(),
        unit_id=case.assigned_unit_id,
        unit_name=case.assigned_unit.name if case.assigned_unit_id else "",
        deadline=case.deadline,
        extensions_granted=granted,
        is_open=case.state in OPEN_STATES,
        overdue_from=case.deadline if case.state in CLOCK_STATES else None,
        answer=case.answer_to_citizen if case.state == CaseState.CLOSED else "",
        url=case_url(case.pk),
        may_object=case.state == CaseState.CLOSED and rules.may_reopen(case.reopen_count),
    )


def assign_report(
    report, *, unit, time_limit_days, user, on, override_reason="", flag=False, note=""
):
    """交办 from the report box: hand the report over (once) and assign its case (numbered slip,
    working-day limit, the conflict rule with its single logged override), in one transaction.
    Raises ``CaseActionError`` (nothing saved) when the case cannot be assigned now."""
    with transaction.atomic():
        case, _created = services.hand_over_report(report, user=user, on=on)
        case = services.assign(
            case,
            unit,
            time_limit_days,
            user=user,
            on=on,
            override_reason=override_reason,
            flag=flag,
        )
        data = {
            "unit": str(unit),
            "unit_id": unit.pk,
            "deadline": case.deadline.isoformat(),
            "time_limit_days": case.time_limit_days,
            "slip_number": case.slip_number,
            "case_id": case.pk,
            "flagged": case.flagged,
            "override_reason": override_reason,
        }
        if note:
            data["note"] = note
        log(instance=report, action="reportbox.assign", user=user, data=data)
    return case


class ReportCaseLink(CaseLink):
    unit_path = f"{CASE}__assigned_unit"

    def has_case_q(self):
        return Q(case_sources__isnull=False)

    def overdue_q(self, today):
        return Q(**{f"{CASE}__state__in": CLOCK_STATES, f"{CASE}__deadline__lt": today})

    def annotations(self):
        return {
            "case_pk": F(CASE),
            "case_slip": F(f"{CASE}__slip_number"),
            "case_state": F(f"{CASE}__state"),
            "case_unit": F(f"{CASE}__assigned_unit__name"),
            "case_deadline": F(f"{CASE}__deadline"),
        }

    def info_from_annotations(self, report):
        if report.case_pk is None:
            return None
        return CaseInfo(
            pk=report.case_pk,
            slip_number=report.case_slip or "",
            state=report.case_state,
            state_label=CaseState(report.case_state).label,
            unit_id=None,
            unit_name=report.case_unit or "",
            deadline=report.case_deadline,
            url=case_url(report.case_pk),
        )

    def case_of(self, report):
        source = (
            CaseSource.objects.select_related("case__assigned_unit")
            .prefetch_related("case__extensions")
            .filter(report=report)
            .first()
        )
        return case_info(source.case) if source else None

    def hand_over_and_assign(self, report, **kwargs):
        case = assign_report(report, **kwargs)
        return case_info(case)

    def record_dissatisfaction(self, report, *, reason, on):
        source = CaseSource.objects.select_related("case").filter(report=report).first()
        if source is None:
            return super().record_dissatisfaction(report, reason=reason, on=on)
        services.record_dissatisfaction(source.case, on=on, reason=reason)


class LedgerRowCaseLink(RowCaseLink):
    def annotations(self):
        return {"case_pk": F(CASE)}

    def not_handed_over_q(self):
        return Q(case_sources__isnull=True)

    def hand_over_url(self, row_pk):
        return reverse("rectification_admin:hand_over", args=["ledger_row", row_pk])

    def case_url(self, case_pk):
        return case_url(case_pk)
