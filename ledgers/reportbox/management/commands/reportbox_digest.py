"""Daily digest of untriaged reports to the office mailbox (run from cron once a day)."""

from django.core.management.base import BaseCommand

from ledgers.reportbox.services import send_digest


class Command(BaseCommand):
    help = "把举报箱中待处理的举报汇总发送到作风办邮箱(每天运行一次)。"

    def handle(self, *args, **options):
        count = send_digest()
        if count:
            self.stdout.write(f"已发送每日汇总:{count} 件待处理。")
        else:
            self.stdout.write("没有待处理的举报,未发送邮件。")
