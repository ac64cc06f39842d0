"""Public views of the report box, served by ReportBoxPage routes (/report/, /report/status/)."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage

from ledgers.reportbox import services
from ledgers.reportbox.forms import ReportForm, StatusLookupForm

SESSION_RECEIPT = "reportbox_receipt"


def client_ip(request):
    """The client address, as the rate limiter sees it (behind a proxy set
    RATELIMIT_IP_META_KEY, e.g. to HTTP_X_REAL_IP)."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    if isinstance(meta_key, str) and meta_key in request.META:
        return request.META[meta_key].split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _phone_key(group, request):
    from ledgers.reportbox.forms import clean_phone

    try:
        return "phone:" + clean_phone(request.POST.get("reporter_phone", ""))
    except Exception:
        return "phone:invalid"


def _code_key(group, request):
    return "code:" + services.normalize_code(request.POST.get("code", ""))


def _limited(request, group, key, rate):
    """Count this request and say whether it is over ``rate``.

    django-ratelimit reports a cache failure as "limited" (fail closed). With the database
    cache (the embedded default) an add/incr race between processes can fail once; the count
    is then retried rather than refusing a citizen for our own hiccup. A cache that keeps
    failing still refuses.
    """
    for _attempt in range(3):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage is None:
            return False
        if usage["limit"] == 0 and usage["count"] == 0 and usage["time_left"] == -1:
            continue  # the failure sentinel: try counting again
        return usage["should_limit"]
    return True


def _code_exhausted(request):
    """True when this receipt code has used up its failed lookups (checked before counting)."""
    usage = get_usage(
        request,
        group="reportbox.lookup.code",
        key=_code_key,
        rate=settings.PORTAL_REPORT_CODE_RATE,
        increment=False,
    )
    return usage is not None and usage["count"] >= usage["limit"]


def _no_store(response):
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


def submission_refusal(request, form):
    """A Chinese message if this (valid) submission exceeds a rate limit, else None. Counts it."""
    if _limited(request, "reportbox.submit.ip", "ip", settings.PORTAL_REPORT_RATE):
        return (
            f"提交过于频繁:同一网络地址在限定时间内最多提交 {settings.PORTAL_REPORT_RATE.split('/')[0]} 件"
            f"({_period(settings.PORTAL_REPORT_RATE)})。请稍后再试,或拨打作风办电话 "
            f"{settings.OFFICE_PHONE} 反映。"
        )
    if form.cleaned_data.get("reporter_phone") and _limited(
        request, "reportbox.submit.phone", _phone_key, settings.PORTAL_REPORT_PHONE_RATE
    ):
        return (
            f"这个电话号码提交过于频繁:每个号码在限定时间内最多提交 "
            f"{settings.PORTAL_REPORT_PHONE_RATE.split('/')[0]} 件({_period(settings.PORTAL_REPORT_PHONE_RATE)})。"
            f"请稍后再试,或拨打作风办电话 {settings.OFFICE_PHONE} 反映。"
        )
    return None


def _period(rate):
    unit = rate.split("/")[1]
    count = "".join(ch for ch in unit if ch.isdigit()) or "1"
    name = {"s": "秒", "m": "分钟", "h": "小时", "d": "天"}.get(unit[-1], unit)
    return f"每 {count} {name}" if count != "1" else f"每{name}"


def report_form(page, request):
    refused = ""
    if request.method == "POST":
        if "_refresh_captcha" in request.POST:
            # A new question without losing what was typed (works without JavaScript).
            form = ReportForm(initial=request.POST.dict())
        else:
            form = ReportForm(request.POST, request.FILES)
            if form.is_valid():
                refused = submission_refusal(request, form)
                if not refused:
                    receipt = services.submit_report(
                        data=form.report_data(),
                        files=form.cleaned_data["attachments"],
                        client_ip=client_ip(request),
                    )
                    request.session[SESSION_RECEIPT] = {
                        "code": receipt.code,
                        "secret": receipt.secret,
                    }
                    return redirect(page.url + page.reverse_subpage("receipt"))
    else:
        form = ReportForm()
    response = page.render(
        request,
        context_overrides={
            "form": form,
            "refused": refused,
            "had_files": bool(request.FILES),
            "office_phone": settings.OFFICE_PHONE,
        },
    )
    if refused or (form.is_bound and form.errors):
        response.status_code = 429 if refused else 400
    return _no_store(response)


def receipt(page, request):
    """Show the receipt code and query password once (they leave the session here)."""
    data = request.session.pop(SESSION_RECEIPT, None)
    context = {}
    if data:
        code = services.format_code(data["code"])
        context = {
            "code": code,
            "secret": data["secret"],
            "receipt_text": (
                f"作风建设门户 网上举报箱 回执\n回执码:{code}\n查询密码:{data['secret']}\n"
                f"查询地址:{request.build_absolute_uri(page.url + 'status/')}\n"
                "请妥善保管,回执码和查询密码只显示这一次。\n"
            ),
        }
    response = page.render(request, context_overrides=context, template="reportbox/receipt.html")
    return _no_store(response)


def status_lookup(page, request):
    result = None
    refused = ""
    not_found = ""
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if _limited(
            request, "reportbox.lookup.ip", "ip", settings.PORTAL_REPORT_LOOKUP_RATE
        ) or _code_exhausted(request):
            refused = (
                "查询次数过多,请一小时后再试。如忘记查询密码,请拨打作风办电话 "
                f"{settings.OFFICE_PHONE}。"
            )
        elif form.is_valid():
            report = services.lookup(form.cleaned_data["code"], form.cleaned_data["secret"])
            if report is None:
                # Count failures per code as well: guessing the password of one known code
                # from many addresses is throttled too.
                _limited(
                    request, "reportbox.lookup.code", _code_key, settings.PORTAL_REPORT_CODE_RATE
                )
                not_found = services.NOT_FOUND_MESSAGE
            else:
                result = services.public_reply_for(report)
                form = StatusLookupForm()
    else:
        form = StatusLookupForm()
    response = page.render(
        request,
        context_overrides={
            "form": form,
            "result": result,
            "refused": refused,
            "not_found": not_found,
            "office_phone": settings.OFFICE_PHONE,
        },
        template="reportbox/status.html",
    )
    if refused:
        response.status_code = 429
    return _no_store(response)
