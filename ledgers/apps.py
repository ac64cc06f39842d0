from django.apps import AppConfig


class LedgersConfig(AppConfig):
    """Units, roles and the unit-scoping permission layer every later module builds on."""

    name = "ledgers"
    verbose_name = "单位与台账"
    default_auto_field = "django.db.models.BigAutoField"
