from django.apps import AppConfig


class LedgersConfig(AppConfig):
    """Units, roles and the unit-scoping permission layer every later module builds on."""

    name = "ledgers"
    verbose_name = "单位与台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ledgers import history_scope as history
        from ledgers.copying import harden_copy_views
        from ledgers.excel import install_export_guard

        install_export_guard()
        harden_copy_views()
        history.install()
