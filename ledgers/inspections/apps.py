from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """纪委 inspections (明察暗访) of windows and units: findings, decisions, release, the public 曝光台."""

    name = "ledgers.inspections"
    label = "inspections"
    verbose_name = "纪委明察暗访"
