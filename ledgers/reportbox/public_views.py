"""Public views of the report box, served by ReportBoxPage routes (/report/, /report/status/)."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage

from ledgers.reportbox import rules, services
from ledgers.reportbox.forms import ObjectionForm, ReportForm, StatusLookupForm
from ledgers.reportbox.handover import link
from ledgers.reportbox.models import Report
from ledgers.rules import ActionRefused
from ledgers.uploads import human_size

SESSION_RECEIPT = "reportbox_receipt"


def client_ip(request):
    """The client address, as the rate limiter sees it (behind a proxy set
    RATELIMIT_IP_META_KEY, e.g. to HTTP_X_REAL_IP)."""
    meta_key = settings.RATELIMIT_IP_META_KEY
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
    return "code:" + services.normalise_code(request.POST.get("code", ""))


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


def count_code_failure(request):
    """Count a failed lookup of the POSTed receipt code (from any address, on any page)."""
    _limited(request, "reportbox.lookup.code", _code_key, settings.PORTAL_REPORT_CODE_RATE)


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


def request_too_large(request):
    """True when the declared body is larger than the attachments allowed plus the text: refused
    before Django reads the body into memory or temporary files."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > rules.MAX_REQUEST_BYTES


def report_form(page, request):
    refused = ""
    if request.method == "POST" and request_too_large(request):
        refused = (
            f"提交的内容超过 {human_size(rules.MAX_REQUEST_BYTES)}:最多 {rules.MAX_ATTACHMENTS} 个附件,"
            f"每个不超过 {human_size(rules.MAX_ATTACHMENT_BYTES)}。请减少或压缩附件后重新提交。"
        )
        response = page.render(
            request,
            context_overrides={
                "form": ReportForm(),
                "refused": refused,
                "too_large": True,
                "office_phone": settings.OFFICE_PHONE,
            },
        )
        response.status_code = 413
        return _no_store(response)
    if request.method == "POST":
        if "_refresh_captcha" in request.POST:
            # A new question without losing what was typed (works without JavaScript).
            form = ReportForm(initial=request.POST.dict())
        else:
            # Captcha, honeypot and fields first (files only counted and sized), then the rate
            # limit; only then is any attachment read, decoded or re-written.
            form = ReportForm(request.POST, request.FILES)
            if form.is_valid():
                refused = submission_refusal(request, form)
                files = None if refused else form.prepare_attachments()
                if files is not None:
                    receipt = services.submit_report(
                        data=form.report_data(),
                        files=files,
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


STATUS_SESSION_KEY = "reportbox.status.report"


def _objection(request, context):
    """Second step, once: the citizen who just looked up a handed-over report says the answer
    does not satisfy them. The report found is remembered in the session for this step only."""
    report = Report.objects.filter(pk=request.session.get(STATUS_SESSION_KEY)).first()
    if report is None:
        context["not_found"] = services.NOT_FOUND_MESSAGE
        return
    form = ObjectionForm(request.POST)
    context["result"] = services.public_reply_for(report)
    if form.is_valid():
        try:
            link().record_dissatisfaction(
                report, reason=form.cleaned_data["reason"], on=timezone.localdate()
            )
            context["objection_saved"] = True
        except ActionRefused as exc:
            form.add_error(None, str(exc))
    if not context.get("objection_saved"):
        context["objection"] = form
    context["case"] = link().case_of(report)


def status_lookup(page, request):
    """Lookup by receipt code and query password; after hand-over it shows the case's state,
    current deadline, granted extensions and answer, and takes the one objection.

    Throttling cannot be turned against the reporter: the per-address limit stops one client
    from trying many codes, and a code that has failed many times (from anywhere) is not locked
    — its lookups then also need the image captcha. The reporter (a person, with the right
    password) still gets in; a script guessing the password has to solve an image per guess.
    """
    result = None
    refused = ""
    not_found = ""
    extra = {}
    if request.method == "POST" and "reason" in request.POST:
        form = StatusLookupForm()
        _objection(request, extra)
    elif request.method == "POST" and "_refresh_captcha" in request.POST:
        # A new captcha question; the code is kept, the password is never echoed.
        form = StatusLookupForm(initial={"code": request.POST.get("code", "")}, with_captcha=True)
    elif request.method == "POST":
        needs_captcha = _code_exhausted(request)
        form = StatusLookupForm(request.POST, with_captcha=needs_captcha)
        if _limited(request, "reportbox.lookup.ip", "ip", settings.PORTAL_REPORT_LOOKUP_RATE):
            refused = (
                "查询次数过多,请一小时后再试。如忘记查询密码,请拨打作风办电话 "
                f"{settings.OFFICE_PHONE}。"
            )
        elif form.is_valid():
            report = services.lookup(form.cleaned_data["code"], form.cleaned_data["secret"])
            if report is None:
                # Count failures per code as well: guessing the password of one known code
                # from many addresses then meets the captcha.
                count_code_failure(request)
                not_found = services.NOT_FOUND_MESSAGE
                if not needs_captcha and _code_exhausted(request):
                    form = StatusLookupForm(
                        initial={"code": request.POST.get("code", "")}, with_captcha=True
                    )
            else:
                result = services.public_reply_for(report)
                form = StatusLookupForm()
                # After hand-over the case owns the state: its progress, current deadline,
                # granted extensions and answer are shown here (no other status page).
                extra["case"] = case = link().case_of(report)
                request.session[STATUS_SESSION_KEY] = report.pk
                if case is not None and case.may_object:
                    extra["objection"] = ObjectionForm()
        elif needs_captcha and "captcha" in form.errors:
            # Keep the code; ask again with a fresh captcha (the password is never echoed).
            errors = form.errors["captcha"]
            form = StatusLookupForm(
                initial={"code": request.POST.get("code", "")}, with_captcha=True
            )
            not_found = " ".join(errors)
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
            **extra,
        },
        template="reportbox/status.html",
    )
    if refused:
        response.status_code = 429
    return _no_store(response)
