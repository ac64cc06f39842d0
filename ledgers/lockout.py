"""Login throttling (django-axes) and the office's screen to unlock.

Axes counts failed logins per username and per client address (``AXES_LOCKOUT_PARAMETERS``);
after ``AXES_FAILURE_LIMIT`` failures either one is locked for ``AXES_COOLOFF_TIME``, and even the
right password is refused with a Chinese message (:func:`lockout_response`). The office sees the
counted attempts at ``/admin/login_lockouts/`` and unlocks one: that removes every attempt of its
username and of its address (``axes.utils.reset``), and the unlock is logged.
"""

from django.conf import settings
from django.shortcuts import render
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ledgers.roles import is_office

UNLOCK_ACTION = "portal.login_unlock"


def client_ip(request):
    """The address axes counts: the same one the report box's rate limits use (behind a proxy,
    ``RATELIMIT_IP_META_KEY`` names the header nginx sets, e.g. ``HTTP_X_REAL_IP``)."""
    meta_key = settings.RATELIMIT_IP_META_KEY
    if isinstance(meta_key, str) and meta_key in request.META:
        return request.META[meta_key].split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def cooloff_minutes():
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60) if cooloff else None


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429), in Chinese, saying what to do."""
    from axes.helpers import get_client_username

    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": cooloff_minutes(),
        "office_phone": settings.OFFICE_PHONE,
    }
    return render(
        request,
        "security/login_locked.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def is_locked(attempt):
    """Whether this row's failures alone reach the limit."""
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def unlock(attempt, user):
    """Remove every counted failure of ``attempt``'s username and address; log it on the row."""
    from axes.utils import reset

    log(
        instance=attempt,
        action=UNLOCK_ACTION,
        user=user,
        data={"username": attempt.username, "ip_address": attempt.ip_address},
    )
    return reset(ip=attempt.ip_address, username=attempt.username, ip_or_username=True)


class OfficeOnlyPolicy(ModelPermissionPolicy):
    """The office may list the attempts and unlock (delete) them; nobody adds or edits them."""

    ACTIONS = {"view", "delete"}

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and is_office(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class LockoutIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        return [
            ListingButton(
                "解锁",
                url=self.get_delete_url(instance),
                icon_name="lock-open",
                attrs={"aria-label": f"解锁 {instance.username or ''} {instance.ip_address or ''}"},
                priority=10,
            )
        ]


class UnlockView(DeleteView):
    page_title = "解锁登录"
    template_name = "security/confirm_unlock.html"

    @property
    def confirmation_message(self):
        return (
            f"解锁后,账号“{self.object.username or '—'}”和地址 {self.object.ip_address or '—'} "
            "的失败次数清零,可以立即重新登录。确认解锁吗?"
        )

    def get_success_message(self):
        return f"已解锁:账号“{self.object.username or '—'}”,地址 {self.object.ip_address or '—'}。"

    def delete_action(self):
        unlock(self.object, self.request.user)


class LoginLockoutViewSet(ModelViewSet):
    """Office: failed-login counters (axes ``AccessAttempt``), with a 解锁 button per row."""

    icon = "lock"
    menu_label = "登录锁定"
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    copy_view_enabled = False
    inspect_view_enabled = False
    exclude_form_fields = []
    list_display = [
        "username",
        "ip_address",
        Column("failures_since_start", label="失败次数"),
        Column("locked", label="已锁定", accessor=lambda a: "是" if is_locked(a) else "否"),
        "attempt_time",
    ]
    search_fields = ["username", "ip_address"]
    search_backend_name = None
    ordering = ["-attempt_time"]

    def __init__(self, *args, **kwargs):
        from axes.models import AccessAttempt

        self.model = AccessAttempt
        super().__init__(*args, **kwargs)
        self.permission_policy = OfficeOnlyPolicy(AccessAttempt)
        register_permission_policy(AccessAttempt, self.permission_policy)
