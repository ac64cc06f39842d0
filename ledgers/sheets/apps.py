from django.apps import AppConfig


class SheetsConfig(AppConfig):
    """The five semiannual Excel ledgers (附件1–5): templates, import, rule checks, exports."""

    name = "ledgers.sheets"
    label = "sheets"
    verbose_name = "半年台账"

    def ready(self):
        from ledgers.sheets import signals  # noqa: F401 - connects the receivers
