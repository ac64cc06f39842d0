from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Public page types: home, work-style column, typical cases, window service guides."""

    name = "home"
    verbose_name = "门户网站"

    def ready(self):
        from home import pagecache, signals, worker  # noqa: F401

        pagecache.connect()
        worker.connect()
