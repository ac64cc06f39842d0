"""Clear the client addresses of reports older than the retention period (default 30 days,
settings.PORTAL_REPORT_IP_RETENTION_DAYS): they are kept only as long as abuse control needs."""

from django.conf import settings
from django.core.management.base import BaseCommand

from ledgers.reportbox.services import purge_client_ips


class Command(BaseCommand):
    help = "清除超过保存期限的举报提交地址(IP)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保存天数,默认 {settings.PORTAL_REPORT_IP_RETENTION_DAYS}。",
        )

    def handle(self, *args, days=None, **options):
        count = purge_client_ips(days=days)
        self.stdout.write(f"已清除 {count} 件举报的提交地址。")
