from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The field network (包村联户): places, the household roster, who answers for which ground,
    visits matched to households and the "一户不漏" coverage."""

    name = "ledgers.network"
    label = "network"
    verbose_name = "包村联户"

    def ready(self):
        from ledgers.network.tasks import on_upload_confirmed
        from ledgers.sheets.signals import upload_confirmed

        upload_confirmed.connect(on_upload_confirmed, dispatch_uid="network_match_visits")
