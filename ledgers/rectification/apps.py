from django.apps import AppConfig


class RectificationConfig(AppConfig):
    """The rectification ledger: every problem assigned, handled and closed out (销号)."""

    name = "ledgers.rectification"
    label = "rectification"
    verbose_name = "问题整改"

    def ready(self):
        # Dependencies run one way: this app links itself into the report box and the ledgers.
        from ledgers.rectification.links import LedgerRowCaseLink, ReportCaseLink
        from ledgers.reportbox import handover as report_handover
        from ledgers.sheets import handover as row_handover

        report_handover.register(ReportCaseLink())
        row_handover.register(LedgerRowCaseLink())
