from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Public page types: home, work-style column, typical cases, window service guides."""

    name = "home"
    verbose_name = "门户网站"

    def ready(self):
        from home import signals  # noqa: F401
