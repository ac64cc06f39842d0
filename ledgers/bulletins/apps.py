from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """通报: numbered Word documents the office generates from the portal's data, archived with
    their data snapshot, and published (redacted, as a draft) to the work-style column."""

    name = "ledgers.bulletins"
    label = "bulletins"
    verbose_name = "通报"
