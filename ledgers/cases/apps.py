from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The rectification ledger: every problem assigned, handled and closed out (销号)."""

    name = "ledgers.cases"
    label = "cases"
    verbose_name = "问题整改"
