from django.apps import AppConfig


class LegacyCasesConfig(AppConfig):
    name = "tests.ledgers.rectification.legacy_cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
