"""Hand-written admin views of 好差评: figures per unit (window) and per item with an Excel
export, and the printable QR code of each window (office only)."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from openpyxl import Workbook

from home.models import ApprovalItem
from ledgers.excel import safe_row, xlsx_response
from ledgers.models import Unit
from ledgers.permissions import require_office
from ledgers.ratings import figures as fig
from ledgers.ratings.models import Aspect, Rating
from ledgers.roles import is_office, unit_of
from ledgers.satisfaction import Satisfaction


def scope_unit(user):
    """None for the office (every unit); the user's own unit for a clerk; refused otherwise
    (anonymous never gets here: the admin asks for a login; 纪委 has no unit)."""
    if is_office(user):
        return None
    unit = unit_of(user)
    if unit is None:
        raise PermissionDenied
    return unit


class FigureFilter(forms.Form):
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = forms.ModelChoiceField(
        label="窗口单位", queryset=Unit.objects.none(), required=False, empty_label="全部窗口单位"
    )

    def __init__(self, *args, office=False, **kwargs):
        super().__init__(*args, **kwargs)
        if office:
            self.fields["unit"].queryset = Unit.objects.filter(is_window=True)
        else:
            del self.fields["unit"]


def _ratings(request, own_unit):
    form = FigureFilter(request.GET or None, office=own_unit is None)
    ratings = Rating.objects.all()
    units = Unit.objects.filter(is_window=True).order_by("sort_order", "name")
    if own_unit is not None:
        ratings = ratings.filter(unit=own_unit)
        units = Unit.objects.filter(pk=own_unit.pk)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("date_from"):
            ratings = ratings.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            ratings = ratings.filter(created_at__date__lte=data["date_to"])
        if data.get("unit"):
            ratings = ratings.filter(unit=data["unit"])
            units = units.filter(pk=data["unit"].pk)
    return form, ratings, list(units)


def build_figures(ratings, units):
    """Rows per unit (with the window-as-a-whole share and the points of its 差评) and per
    item; a fixed number of queries whatever the number of units, items and ratings."""
    per_unit = fig.by_unit(ratings)
    per_item = fig.by_item(ratings)
    aspects = fig.bad_aspects_by_unit(ratings)
    item_ids = {item_id for (_, item_id) in per_item if item_id}
    items = {i.pk: i for i in ApprovalItem.objects.filter(pk__in=item_ids).only("pk", "name")}
    unit_names = {u.pk: str(u) for u in units}
    unit_rows = []
    total = fig.Figures({})
    for unit in units:
        f = per_unit.get(unit.pk) or fig.Figures({})
        f.aspects = aspects.get(unit.pk, {})
        whole = per_item.get((unit.pk, None))
        unit_rows.append(
            {
                "unit": unit,
                "figures": f,
                "whole": whole.total if whole else 0,
                "aspect_pairs": [
                    (label, f.aspects[code])
                    for code, label in Aspect.choices
                    if f.aspects.get(code)
                ],
            }
        )
        for level in Satisfaction.values:
            total.counts[level] += f.counts[level]
        total.cases += f.cases
    item_rows = []
    for (unit_id, item_id), f in sorted(
        per_item.items(), key=lambda kv: (unit_names.get(kv[0][0], ""), kv[0][1] or 0)
    ):
        if unit_id not in unit_names:
            continue
        name = items[item_id].name if item_id in items else "窗口整体(未指定事项)"
        item_rows.append({"unit": unit_names[unit_id], "item": name, "figures": f})
    return {"units": unit_rows, "items": item_rows, "total": total}


LEVEL_HEADINGS = [label for _, label in Satisfaction.choices]
ASPECT_HEADINGS = [label for _, label in Aspect.choices]


def figures_view(request):
    """Office: every window unit; a unit's clerk: their own unit only; 纪委: refused."""
    own_unit = scope_unit(request.user)
    form, ratings, units = _ratings(request, own_unit)
    data = build_figures(ratings, units)
    if request.GET.get("export") == "xlsx":
        return figures_workbook(data)
    query = request.GET.copy()
    query["export"] = "xlsx"
    return TemplateResponse(
        request,
        "ratings/admin/figures.html",
        {
            "header_title": "好差评统计" if own_unit is None else f"{own_unit} 好差评统计",
            "page_title": "好差评统计",
            "form": form,
            "data": data,
            "level_headings": LEVEL_HEADINGS,
            "aspect_headings": ASPECT_HEADINGS,
            "office": own_unit is None,
            "export_query": query.urlencode(),
        },
    )


def figures_workbook(data):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("按窗口单位")
    ws.append(
        [
            "窗口单位",
            "评价总数",
            *LEVEL_HEADINGS,
            "满意率(%)",
            "差评",
            "转整改问题",
            "其中窗口整体评价",
        ]
        + [f"差评涉及:{h}" for h in ASPECT_HEADINGS]
    )
    for row in data["units"]:
        f = row["figures"]
        ws.append(
            safe_row(
                [str(row["unit"]), f.total, *f.level_counts(), f.rate, f.bad, f.cases, row["whole"]]
                + f.aspect_counts()
            )
        )
    ws = wb.create_sheet("按事项")
    ws.append(["窗口单位", "事项", "评价总数", *LEVEL_HEADINGS, "满意率(%)", "差评"])
    for row in data["items"]:
        f = row["figures"]
        ws.append(safe_row([row["unit"], row["item"], f.total, *f.level_counts(), f.rate, f.bad]))
    return xlsx_response(wb, "好差评统计.xlsx")


# --- QR codes for the counter ----------------------------------------------------------------


def public_base_url():
    """Where citizens reach the site: ``PORTAL_PUBLIC_BASE_URL`` if set, else the default
    Wagtail site's root URL."""
    from wagtail.models import Site

    configured = getattr(settings, "PORTAL_PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def rating_url(unit, base=None):
    return (base or public_base_url()) + reverse("ratings:rate_window", args=[unit.pk])


def qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    return mark_safe(svg.strip())  # noqa: S308 - generated by qrcode from our own URL


def qr_list(request):
    require_office(request.user)
    units = Unit.objects.active().filter(is_window=True).order_by("sort_order", "name")
    base = public_base_url()
    return TemplateResponse(
        request,
        "ratings/admin/qr_list.html",
        {
            "header_title": "窗口评价二维码",
            "page_title": "窗口评价二维码",
            "rows": [(unit, rating_url(unit, base)) for unit in units],
        },
    )


def qr_print(request, pk):
    require_office(request.user)
    unit = get_object_or_404(Unit.objects.filter(is_window=True), pk=pk)
    url = rating_url(unit)
    return TemplateResponse(
        request,
        "ratings/admin/qr_print.html",
        {"unit": unit, "url": url, "svg": qr_svg(url)},
    )
