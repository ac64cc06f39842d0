from django.apps import AppConfig


class ReportboxConfig(AppConfig):
    """The online report box (举报箱): public intake, receipt codes, moderation."""

    name = "ledgers.reportbox"
    label = "reportbox"
    verbose_name = "举报箱"
