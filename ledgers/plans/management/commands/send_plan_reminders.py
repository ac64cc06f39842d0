"""Daily: remind units that have not filed their plans, and send the office a digest of late units.

manage.py send_plan_reminders [--today YYYY-MM-DD] [--days N] [--year YYYY]
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ledgers.plans.models import reminder_days_default
from ledgers.plans.reminders import send_plan_reminders


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD:{value}") from exc


class Command(BaseCommand):
    help = "提醒未报送实施方案的单位,并向作风办发送逾期汇总(同一天重复运行不会重复发送)。"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=parse_date, help="按哪一天计算,默认今天。")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="截止前多少天提醒,默认取设置 PLAN_REMINDER_DAYS(7)。",
        )
        parser.add_argument("--year", type=int, default=None, help="年度,默认 --today 所在年。")

    def handle(self, *args, today=None, days=None, year=None, **options):
        today = today or timezone.localdate()
        days = reminder_days_default() if days is None else days
        if days < 0:
            raise CommandError("--days 不能为负数。")
        result = send_plan_reminders(today, days, year=year)
        self.stdout.write(
            f"{today}: 提醒单位 {len(result.unit_mails)} 封;"
            f"逾期 {len(result.late)} 项,汇总{'已发送' if result.digest_sent else '未发送'}。"
        )
        for plan_type, unit in result.skipped_no_address:
            self.stderr.write(f"未发送:{unit.name}({plan_type.name})没有联系邮箱。")
