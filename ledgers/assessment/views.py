"""Admin views of the year-end assessment (mounted by SchemeViewSet under /admin/assessment/).

Every view asks :mod:`ledgers.assessment.access` first, before it looks anything up.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledgers.assessment import access, services, workbook
from ledgers.assessment.evidence import with_urls
from ledgers.assessment.forms import AdjustmentForm, FreezeForm, NewSchemeForm
from ledgers.assessment.models import Freeze, IndicatorCode, Scheme
from ledgers.assessment.scoring import adjustments_by_unit, card_for, is_scored, ranked
from ledgers.excel import xlsx_response
from ledgers.roles import is_office, unit_of


def _today():
    return timezone.localdate()


def _on(scheme, today):
    """Live figures are taken on today, or on the year's last day once the year is over."""
    return min(today, datetime.date(scheme.year, 12, 31))


def _scheme(year):
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is None:
        raise Http404
    return scheme


def _results(scheme):
    results, frozen = services.year_results(scheme, _on(scheme, _today()))
    groups = ranked(results, adjustments_by_unit(scheme.year))
    return results, frozen, groups


def index(request):
    """Years with a scheme: the office's and 纪委's way in; a unit goes to its own cards."""
    if not access.may_open_assessment(request.user):
        raise PermissionDenied
    schemes = list(Scheme.objects.all())
    frozen = {f.year: f for f in Freeze.objects.select_related("frozen_by")}
    unit = unit_of(request.user)
    return TemplateResponse(
        request,
        "assessment/admin/index.html",
        {
            "header_title": "年终考核",
            "page_title": "年终考核",
            "schemes": [(s, frozen.get(s.year)) for s in schemes],
            "is_office": is_office(request.user),
            "reads_everything": access.reads_everything(request.user),
            "unit": unit,
        },
    )


def new_scheme(request):
    """A new year's scheme: a copy of an earlier year's, or the default indicators."""
    access.require_manager(request.user)
    latest = Scheme.objects.first()
    form = NewSchemeForm(
        request.POST or None,
        initial={"year": (latest.year + 1) if latest else _today().year, "source": latest},
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(
                form.cleaned_data["year"], user=request.user, source=form.cleaned_data["source"]
            )
        except services.AssessmentRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"已新建{scheme.year}年度考核方案,请核对指标和分值。")
            return redirect("assessment_schemes:edit", scheme.pk)
    return TemplateResponse(
        request,
        "assessment/admin/new_scheme.html",
        {"header_title": "新建考核方案", "page_title": "新建考核方案", "form": form},
    )


def results(request, year):
    """The ranking of a year within each unit type, with a chart; the office acts from here."""
    export = request.GET.get("export")
    if export:
        access.require_manager(request.user)
    if not access.reads_everything(request.user):
        unit = unit_of(request.user)
        if unit is None:
            raise PermissionDenied
        scheme = Scheme.objects.filter(year=year).first()
        if scheme is None or scheme.published_at is None:
            return redirect("assessment_schemes:card", year, unit.pk)
    scheme = _scheme(year)
    access.require_ranking(request.user, scheme)
    _results_data, frozen, groups = _results(scheme)
    office = is_office(request.user)
    own = unit_of(request.user)
    if export == "xlsx":
        return xlsx_response(
            workbook.build(scheme, groups, frozen), f"{scheme.year}年度作风建设考核结果.xlsx"
        )
    return TemplateResponse(
        request,
        "assessment/admin/results.html",
        {
            "header_title": f"{scheme.year}年度考核结果",
            "page_title": f"{scheme.year}年度考核结果",
            "scheme": scheme,
            "frozen": frozen,
            "groups": groups,
            "charts": _charts(groups),
            "is_office": office,
            "reads_everything": access.reads_everything(request.user),
            "own_unit_id": own.pk if own else None,
            "freeze_form": FreezeForm(initial={"as_of": datetime.date(scheme.year, 12, 31)}),
        },
    )


def _charts(groups):
    charts = []
    for kind, label, rows in groups:
        top = max((float(r["total"]) for r in rows), default=0) or 1
        bars = [
            {
                "label": r["name"],
                "rank": r["rank"],
                "total": r["total"],
                "percent": max(0, min(100, round(100 * float(r["total"]) / max(top, 100), 1))),
            }
            for r in rows
        ]
        charts.append({"key": kind, "title": f"{label}总分", "bars": bars})
    return charts


def card(request, year, unit_id):
    """One unit's card: each indicator's figure, points and evidence; adjustments; total, rank."""
    access.require_card(request.user, unit_id)
    scheme = _scheme(year)
    _results_data, frozen, groups = _results(scheme)
    row, size = card_for(groups, unit_id)
    if row is None:
        raise Http404
    form = AdjustmentForm(initial={"unit": unit_id}) if is_office(request.user) else None
    return _card_response(request, scheme, frozen, row, size, form)


def _card_response(request, scheme, frozen, row, size, form, status=200):
    return TemplateResponse(
        request,
        "assessment/admin/card.html",
        {
            "header_title": f"{row['name']} · {scheme.year}年度考核",
            "page_title": f"{row['name']} · {scheme.year}年度考核",
            "scheme": scheme,
            "frozen": frozen,
            "row": row,
            "size": size,
            "is_office": is_office(request.user),
            "show_rank": access.may_read_ranking(request.user, scheme),
            "form": form,
        },
        status=status,
    )


def evidence(request, year, unit_id, code):
    """The exact rows behind one indicator of one card."""
    access.require_card(request.user, unit_id)
    if code not in IndicatorCode.values:
        raise Http404
    scheme = _scheme(year)
    _results_data, frozen, groups = _results(scheme)
    row, _size = card_for(groups, unit_id)
    line = next((ln for ln in row["lines"] if ln["code"] == code), None) if row else None
    if line is None:
        raise Http404
    return TemplateResponse(
        request,
        "assessment/admin/evidence.html",
        {
            "header_title": f"{row['name']} · {line['label']}",
            "page_title": f"{row['name']} · {line['label']}",
            "scheme": scheme,
            "frozen": frozen,
            "row": row,
            "line": line,
            "items": with_urls(line["evidence"], request.user),
        },
    )


@require_POST
def adjust(request, year):
    access.require_manager(request.user)
    scheme = _scheme(year)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            services.add_adjustment(
                scheme.year,
                unit,
                form.cleaned_data["points"],
                form.cleaned_data["reason"],
                user=request.user,
            )
        except services.AssessmentRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"已为{unit}记录加减分。")
            return redirect("assessment_schemes:card", scheme.year, unit.pk)
    unit_id = form.data.get("unit")
    if not str(unit_id).isdigit():
        messages.error(request, "请从单位的考核卡上加减分。")
        return redirect("assessment_schemes:results", scheme.year)
    _results_data, frozen, groups = _results(scheme)
    row, size = card_for(groups, int(unit_id))
    if row is None:
        raise Http404
    messages.error(request, "加减分没有保存,请按提示修改。")
    return _card_response(request, scheme, frozen, row, size, form, status=400)


@require_POST
def freeze(request, year):
    access.require_manager(request.user)
    scheme = _scheme(year)
    form = FreezeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写数据截至日期,格式如 2026-12-31。")
        return redirect("assessment_schemes:results", scheme.year)
    try:
        services.freeze(
            scheme, on=form.cleaned_data["as_of"], user=request.user, now=timezone.now()
        )
    except services.AssessmentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{scheme.year}年度考核结果已冻结,方案已锁定。")
    return redirect("assessment_schemes:results", scheme.year)


@require_POST
def publish(request, year):
    access.require_manager(request.user)
    scheme = _scheme(year)
    try:
        services.publish(scheme, user=request.user, now=timezone.now())
    except services.AssessmentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "排名已公布:各单位可看到本类别排名和本单位考核卡。")
    return redirect("assessment_schemes:results", scheme.year)


def my_card(request):
    """A unit's way in from the menu: its card for the latest year with a scheme."""
    unit = unit_of(request.user)
    if unit is None:
        return redirect("assessment_schemes:overview")
    if not is_scored(unit):
        messages.info(request, f"{unit}不参加年终考核评分。")
        return redirect(reverse("wagtailadmin_home"))
    # This year's card (or the latest before it), not next year's scheme being drafted.
    scheme = Scheme.objects.filter(year__lte=_today().year).first() or Scheme.objects.last()
    if scheme is None:
        messages.info(request, "作风办尚未制定考核方案。")
        return redirect(reverse("wagtailadmin_home"))
    return redirect("assessment_schemes:card", scheme.year, unit.pk)


def scheme_year(request, pk):
    access.require_manager(request.user)
    return redirect("assessment_schemes:results", get_object_or_404(Scheme, pk=pk).year)
