"""Public rating entry (/ratings/…): from a window's guide page, an approval item page or the
QR code at the counter. Plain Django views (never in the anonymous page cache: they carry a
CSRF token and a captcha)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from home.models import ApprovalItem, ServiceGuidePage
from ledgers.models import Unit
from ledgers.phones import phone_digits
from ledgers.ratings import services
from ledgers.ratings.forms import RatingForm
from ledgers.reportbox.public_views import _limited, _no_store, _period

SESSION_KEY = "ratings_thanks"


def rating_rate():
    """Ratings per client address (one counter for all windows)."""
    return settings.PORTAL_RATING_RATE


def rating_phone_rate():
    """Ratings per phone number (each 差评 with a phone opens a case: kept low)."""
    return settings.PORTAL_RATING_PHONE_RATE


def _phone_key(group, request):
    return "phone:" + (phone_digits(request.POST.get("phone", "")) or "none")


def submission_refusal(request, form):
    """A Chinese message if this (valid) rating exceeds a rate limit, else None. Counts it."""
    rate = rating_rate()
    if _limited(request, "ratings.submit.ip", "ip", rate):
        return (
            f"提交过于频繁:同一网络地址在限定时间内最多评价 {rate.split('/')[0]} 次"
            f"({_period(rate)})。请稍后再试,或拨打作风办电话 {settings.OFFICE_PHONE}。"
        )
    phone_rate = rating_phone_rate()
    if form.cleaned_data.get("phone") and _limited(
        request, "ratings.submit.phone", _phone_key, phone_rate
    ):
        return (
            f"这个电话号码评价过于频繁:每个号码在限定时间内最多评价 {phone_rate.split('/')[0]} 次"
            f"({_period(phone_rate)})。请稍后再试,或拨打作风办电话 {settings.OFFICE_PHONE}。"
        )
    return None


def _guide_of(unit):
    return ServiceGuidePage.objects.live().filter(unit=unit).first()


def rate_window(request, unit_id):
    unit = get_object_or_404(Unit.objects.active(), pk=unit_id, is_window=True)
    return _rate(request, unit=unit, guide=_guide_of(unit), item=None)


def rate_item(request, item_id):
    item = get_object_or_404(
        ApprovalItem.objects.select_related("page", "page__unit").filter(
            page__live=True, page__unit__is_window=True, page__unit__is_active=True
        ),
        pk=item_id,
    )
    return _rate(request, unit=item.page.unit, guide=item.page, item=item)


def _rate(request, *, unit, guide, item):
    refused = ""
    if request.method == "POST":
        if "_refresh_captcha" in request.POST:
            # A new question without losing what was typed (works without JavaScript).
            data = request.POST.copy()
            initial = {k: data.get(k) for k in ("level", "comment", "name", "phone")}
            initial["aspects"] = data.getlist("aspects")
            form = RatingForm(initial=initial)
        else:
            form = RatingForm(request.POST)
            if form.is_valid():
                refused = submission_refusal(request, form)
                if not refused:
                    data = form.cleaned_data
                    rating = services.submit_rating(
                        unit=unit,
                        approval_item=item,
                        on=timezone.localdate(),
                        level=data["level"],
                        aspects=data["aspects"],
                        comment=data["comment"],
                        name=data["name"],
                        phone=data["phone"],
                    )
                    request.session[SESSION_KEY] = {
                        "unit": str(unit),
                        "case": rating.case_id is not None,
                        "back": guide.url if guide else "",
                    }
                    return redirect("ratings:thanks")
    else:
        form = RatingForm()
    response = TemplateResponse(
        request,
        "ratings/rate.html",
        {
            "form": form,
            "unit": unit,
            "guide": guide,
            "item": item,
            "item_url": item.get_url(request) if item else "",
            "refused": refused,
            "office_phone": settings.OFFICE_PHONE,
            "action": request.path,
        },
    )
    if refused or (form.is_bound and form.errors):
        response.status_code = 429 if refused else 400
    return _no_store(response)


def thanks(request):
    data = request.session.pop(SESSION_KEY, None)
    response = TemplateResponse(
        request,
        "ratings/thanks.html",
        {"result": data},
    )
    return _no_store(response)
