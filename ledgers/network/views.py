"""Hand-written admin views of the field network. Each one asks ``access`` who may reach what;
the work is done by ``services`` and ``coverage``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from openpyxl import Workbook

from ledgers.excel import safe_row, xlsx_response
from ledgers.masking import mask_name, mask_phone
from ledgers.network import access, coverage, services
from ledgers.network.address import find_compound
from ledgers.network.forms import AssignmentImportForm, PeriodForm, ResolveForm, RosterImportForm
from ledgers.network.models import (
    Community,
    Compound,
    Household,
    MatchState,
    RosterImport,
    VisitMatch,
)
from ledgers.permissions import get_in_scope, refuse_missing
from ledgers.private_files import deliver
from ledgers.roles import is_office, unit_of
from ledgers.sheets.reader import LedgerFileError


def _page(request, template, title, **context):
    return TemplateResponse(
        request, template, {"header_title": title, "page_title": title, **context}
    )


# --- coverage ---------------------------------------------------------------------------------


def ground_of(user, on):
    """The compounds whose coverage ``user`` sees: the office all; a town its area (with the
    compounds departments answer for there); a department the compounds it answers for."""
    if is_office(user):
        return Compound.objects.all(), None
    unit = unit_of(user)
    if unit is None:
        raise PermissionDenied
    town = access.town_of(user)
    if town is not None:
        return Compound.objects.filter(community__town=town), None
    return access.responsible_compounds(unit, on), unit


@login_required
def coverage_view(request):
    ground, unit = ground_of(request.user, timezone.localdate())
    form = PeriodForm(request.GET or None)
    form.is_valid()
    year = form.cleaned_data.get("year") or timezone.localdate().year
    half = form.cleaned_data.get("half")
    figures = coverage.compute(year, half, compounds=ground, unit=unit)
    if request.GET.get("export") == "not_visited":
        return not_visited_export(request, year, half, ground, figures)
    return _page(
        request,
        "network/admin/coverage.html",
        "走访覆盖情况",
        form=form,
        figures=figures,
        is_office=is_office(request.user),
        own_unit=unit,
        not_visited_count=figures.total.not_visited,
    )


def not_visited_export(request, year, half, ground, figures):
    """The households not yet visited, for planning the next round (names and phones only for
    the office and the responsible department; a town gets them masked)."""
    personal = is_office(request.user) or access.town_of(request.user) is None
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("未走访住户")
    ws.append([f"{figures.period_label}未走访住户"])
    ws.append(["镇街区", "村(社区)", "小区/自然村", "住址", "户主姓名", "联系电话", "待核实"])
    for h in coverage.not_visited(year, half, ground).iterator(chunk_size=2000):
        name, phone = (
            (h.head_name, h.phone) if personal else (mask_name(h.head_name), mask_phone(h.phone))
        )
        ws.append(
            safe_row(
                [
                    str(h.compound.community.town),
                    h.compound.community.name,
                    h.compound.name,
                    h.address,
                    name,
                    phone,
                    "是" if h.needs_review else "",
                ]
            )
        )
    return xlsx_response(wb, f"未走访住户-{figures.period_label}.xlsx")


# --- the roster -------------------------------------------------------------------------------


def importable_communities(user, on):
    if is_office(user):
        return Community.objects.select_related("town")
    unit = unit_of(user)
    if unit is None:
        raise PermissionDenied
    return (
        Community.objects.filter(compounds__in=access.responsible_compounds(unit, on))
        .distinct()
        .select_related("town")
    )


@login_required
def roster_import(request):
    on = timezone.localdate()
    communities = importable_communities(request.user, on)
    if not is_office(request.user) and not communities.exists():
        raise PermissionDenied
    form = RosterImportForm(request.POST or None, request.FILES or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_roster(
                form.cleaned_data["community"], upload, upload.name, user=request.user, on=on
            )
        except LedgerFileError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(
                request,
                f"已导入:新增 {batch.created_count} 户,更新 {batch.updated_count} 户,"
                f"待核实 {batch.review_count} 户。",
            )
            return redirect("network_roster_result", batch.pk)
    return _page(request, "network/admin/roster_import.html", "导入住户花名册", form=form)


def _batch_for(user, pk):
    batch = RosterImport.objects.select_related("community__town").filter(pk=pk).first()
    if batch is None:
        refuse_missing(access.COMMUNITY_SCOPE, user)
    if not (is_office(user) or batch.imported_by_id == user.pk):
        raise PermissionDenied
    return batch


@login_required
def roster_result(request, pk):
    batch = _batch_for(request.user, pk)
    return _page(request, "network/admin/roster_result.html", "花名册导入结果", batch=batch)


@login_required
def roster_annotated(request, pk):
    batch = _batch_for(request.user, pk)
    if not batch.annotated:
        raise PermissionDenied
    return deliver(batch.annotated, f"花名册问题标注-{batch.community.name}.xlsx", request)


# --- the assignment table -----------------------------------------------------------------------


@login_required
def assignment_import(request):
    if not is_office(request.user):
        raise PermissionDenied
    form = AssignmentImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved, refused = services.import_assignments(upload, upload.name, user=request.user)
        except LedgerFileError as exc:
            form.add_error("file", exc.message)
        else:
            result = {"saved": saved, "refused": refused}
    return _page(
        request,
        "network/admin/assignment_import.html",
        "导入包联责任划分",
        form=form,
        result=result,
    )


# --- visits to resolve ----------------------------------------------------------------------------


def _matches_of(user):
    qs = VisitMatch.objects.filter(state=MatchState.UNMATCHED)
    if is_office(user):
        return qs
    unit = unit_of(user)
    if unit is None:
        raise PermissionDenied
    return qs.filter(unit=unit)


@login_required
def unmatched_list(request):
    matches = (
        _matches_of(request.user)
        .select_related("ledger_row__upload__period", "unit")
        .order_by("-year", "-half", "ledger_row__row_number")[:500]
    )
    return _page(
        request,
        "network/admin/unmatched.html",
        "未匹配的走访",
        matches=matches,
        is_office=is_office(request.user),
    )


@login_required
def resolve_view(request, pk):
    match = get_in_scope(
        access.VISIT_SCOPE,
        request.user,
        VisitMatch.objects.select_related("ledger_row", "unit"),
        action="change",
        pk=pk,
    )
    on = timezone.localdate()
    ground = (
        Compound.objects.all()
        if is_office(request.user)
        else access.responsible_compounds(match.unit, on)
    )
    candidates = Household.objects.filter(pk__in=match.candidates or [], compound__in=ground)
    # the choice list: the candidates and the households of the compound the address names
    named = find_compound(match.ledger_row.address, list(ground.select_related("community")))
    households = (
        Household.objects.filter(compound__in=ground)
        .filter(Q(pk__in=match.candidates or []) | Q(compound=named.pk if named else None))
        .select_related("compound")
    )
    form = ResolveForm(
        request.POST or None,
        households=households,
        compounds=ground.select_related("community"),
        initial={
            "address": match.ledger_row.address,
            "head_name": match.ledger_row.person_name,
            "phone": match.ledger_row.phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = None
        if not d.get("household"):
            new = {k: d[k] for k in ("compound", "address", "head_name", "phone")}
        try:
            services.resolve(
                match,
                user=request.user,
                at=timezone.now(),
                household=d.get("household"),
                new_household=new,
            )
        except services.NetworkRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已确认走访住户。")
            return redirect("network_unmatched")
    return _page(
        request,
        "network/admin/resolve.html",
        "确认走访住户",
        match=match,
        form=form,
        candidates=candidates.select_related("compound"),
    )
