"""Optional TOTP two-factor login for the office, 纪委 and superusers (django-otp).

- ``/admin/two-factor/``: the user creates a TOTP device (QR code as inline SVG and the secret as
  text), confirms it with a current 6-digit code, or removes it after entering a current code.
- After the password step a user with a confirmed device must enter a code at
  ``/admin/two-factor/verify/`` before any protected page answers (:class:`TwoFactorMiddleware`,
  after django-otp's ``OTPMiddleware``). Wrong codes are throttled by the device itself
  (django-otp's ``ThrottlingMixin``: the wait doubles with each failure).
- ``PORTAL_2FA_REQUIRED_FOR_SUPERUSERS`` (on in production): a superuser without a confirmed device
  is sent to the enrolment page and can use nothing else until enrolled.

Clerks (单位填报员) are not offered enrolment: they see only their own unit's data.
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from ledgers.roles import is_inspector, is_office

ENROL_ACTION = "portal.2fa_enrol"
REMOVE_ACTION = "portal.2fa_remove"
DEVICE_NAME = "作风建设门户"


def may_enrol(user):
    """Office staff, 纪委 and superusers may set up two-factor login; clerks are not offered it."""
    return bool(user and user.is_authenticated and (is_office(user) or is_inspector(user)))


def must_enrol(user):
    """A superuser without a confirmed device, while production requires two-factor for them."""
    return bool(
        getattr(settings, "PORTAL_2FA_REQUIRED_FOR_SUPERUSERS", False)
        and user.is_authenticated
        and user.is_superuser
        and not user_has_device(user, confirmed=True)
    )


def must_verify(user):
    """Signed in with the password, has a confirmed device, not yet verified in this session."""
    return bool(
        user.is_authenticated and not user.is_verified() and user_has_device(user, confirmed=True)
    )


class TwoFactorMiddleware:
    """Keep an unverified user (see :func:`must_verify`, :func:`must_enrol`) out of the protected
    prefixes (``PORTAL_2FA_PROTECTED_PREFIXES``: the admin and the staff pages built on it), except
    for the two-factor pages, login and logout. Must come after ``OTPMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self.redirect_for(request)
        return redirect_to if redirect_to is not None else self.get_response(request)

    def redirect_for(self, request):
        path = request.path_info
        prefixes = getattr(settings, "PORTAL_2FA_PROTECTED_PREFIXES", ("/admin/",))
        if not path.startswith(tuple(prefixes)):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(user, "is_verified"):
            return None
        open_paths = (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("portal_two_factor_verify"),
            reverse("portal_two_factor"),
            # The icon sprite and the JS catalogue the two-factor pages themselves load.
            reverse("wagtailadmin_sprite"),
            reverse("wagtailadmin_javascript_catalog"),
        )
        if path in open_paths:
            # The enrolment page itself is refused to a user who still has to verify.
            if path == reverse("portal_two_factor") and must_verify(user):
                return self.to_verify(request)
            return None
        if must_verify(user):
            return self.to_verify(request)
        if must_enrol(user):
            return HttpResponseRedirect(reverse("portal_two_factor"))
        return None

    @staticmethod
    def to_verify(request):
        url = reverse("portal_two_factor_verify")
        if request.method == "GET":
            from urllib.parse import urlencode

            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)


class CodeForm(forms.Form):
    token = forms.RegexField(
        label="6 位动态验证码",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "请输入验证器应用上显示的 6 位数字。",
            "invalid": "验证码是 6 位数字,请照验证器应用上显示的输入(不含空格)。",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        device = self.device
        if device is None:
            raise forms.ValidationError("尚未设置两步验证。")
        allowed, info = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(throttle_message(info))
        if not device.verify_token(token):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    "验证码不正确。" + throttle_message(info),
                )
            raise forms.ValidationError(
                "验证码不正确或已过期。请确认手机时间准确,输入验证器应用上当前显示的 6 位数字。"
            )
        return token


def throttle_message(info):
    from django.utils import timezone

    locked_until = (info or {}).get("locked_until")
    if locked_until:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return f"错误次数过多,请 {seconds} 秒后再试;如无法登录,请联系作风办。"
    return "错误次数过多,请稍后再试;如无法登录,请联系作风办。"


def qr_svg(device):
    """The device's otpauth:// URL as an inline SVG (no image file, no CDN)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    return mark_safe(svg.strip())  # noqa: S308 - generated by qrcode from our own data


def secret_text(device):
    """The secret in base32, in groups of four, for typing into an app instead of scanning."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def real_user(user):
    """``request.user`` under ``OTPMiddleware`` is a lazy object wrapping another lazy object;
    Wagtail's log registry looks up the log model by the instance's type, so unwrap both."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def enrol(request):
    """Create (or show) the pending device and confirm it with a code; or show the confirmed one."""
    user = request.user
    if not may_enrol(user):
        raise PermissionDenied
    device = confirmed_device(user)
    if device is not None:
        return TemplateResponse(
            request,
            "security/two_factor.html",
            {"device": device, "form": CodeForm(device=device), "required": must_enrol(user)},
        )
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None, device=pending)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            log(
                instance=real_user(user),
                action=ENROL_ACTION,
                user=user,
                data={"device": pending.name},
            )
        otp_login(request, pending)
        messages.success(
            request, "两步验证已启用。以后登录时,输入密码后还要输入验证器上的 6 位数字。"
        )
        return redirect("portal_two_factor")
    return TemplateResponse(
        request,
        "security/two_factor.html",
        {
            "pending": pending,
            "form": form,
            "qr_svg": qr_svg(pending),
            "secret": secret_text(pending),
            "required": must_enrol(user),
        },
    )


@require_POST
def remove(request):
    """Remove the user's devices after a current code; logged."""
    user = request.user
    if not may_enrol(user):
        raise PermissionDenied
    device = confirmed_device(user)
    if device is None:
        return redirect("portal_two_factor")
    form = CodeForm(request.POST, device=device)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "security/two_factor.html",
            {"device": device, "form": form, "required": False},
            status=400,
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        log(instance=real_user(user), action=REMOVE_ACTION, user=user, data={"device": device.name})
    messages.success(request, "两步验证已关闭。")
    return redirect("portal_two_factor")


def verify(request):
    """The second login step: the code from the user's confirmed device; keeps ``next``."""
    user = request.user
    default = reverse("wagtailadmin_home")
    next_url = safe_next(request, default)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    device = confirmed_device(user)
    if device is None:
        return HttpResponseRedirect(next_url)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return HttpResponseRedirect(next_url)
    return TemplateResponse(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.is_bound else 200,
    )
