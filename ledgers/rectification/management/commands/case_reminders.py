import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from ledgers.rectification.reminders import run_daily


class Command(BaseCommand):
    help = "交办问题每日催办:逾期自动签收、临期/到期提醒、挂牌督办逾期升级(每天运行一次)。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期运行(YYYY-MM-DD),默认今天。")

    def handle(self, *args, **options):
        today = (
            datetime.date.fromisoformat(options["date"])
            if options["date"]
            else timezone.localdate()
        )
        done = run_daily(today)
        self.stdout.write(
            f"{today}: 自动签收 {done['auto_signed']} 件,临期提醒 {done['before']} 件,"
            f"到期提醒 {done['due']} 件,督办升级 {done['escalation']} 件"
        )
