from django.apps import AppConfig


class SpotChecksConfig(AppConfig):
    """Telephone spot checks (抽查) of the units' ledgers, cases and windows: rounds, reproducible samples, calls, results."""

    name = "ledgers.spotchecks"
    label = "spotchecks"
    verbose_name = "电话抽查"
