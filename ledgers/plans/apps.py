from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Implementation plans filed by units for review and filing (实施意见 审核备案)."""

    name = "ledgers.plans"
    label = "plans"
    verbose_name = "实施方案备案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ledgers.plans import signals

        signals.connect()
