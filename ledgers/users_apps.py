from wagtail.users.apps import WagtailUsersAppConfig


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the portal's guard against privilege escalation."""

    user_viewset = "ledgers.users.UserViewSet"
