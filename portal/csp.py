"""Content-Security-Policy (django-csp) for the public site and the Wagtail admin.

The public site runs only the site's own scripts (``'self'``, plus a per-request nonce for any
inline script a template marks with ``nonce="{{ request.csp_nonce }}"``). Wagtail 8's admin still
writes small inline ``<script>`` blocks (date pickers, inline panels) and ``style`` attributes,
so pages under ``/admin/`` add ``'unsafe-inline'`` to ``script-src`` (no nonce is issued there,
which would make browsers ignore ``'unsafe-inline'``). Everything else — other origins, plugins,
framing by other sites, forms posting elsewhere — is refused everywhere.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def is_admin_path(path):
    return path.startswith(settings.PORTAL_CSP_ADMIN_PREFIXES)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's additions on ``PORTAL_CSP_ADMIN_PREFIXES``."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.update = {**settings.PORTAL_CSP_ADMIN_UPDATE, **(parts.update or {})}
            parts.nonce = None  # a nonce would switch 'unsafe-inline' off for Wagtail's scripts
        return parts
