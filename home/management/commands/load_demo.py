"""Load the demo content (idempotent): units, logins, the public site, then each module's demo."""

import datetime
import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from home import demo_content
from ledgers.demo import DEMO_PASSWORD, USERS, load_units, load_users

MODULE_DEMOS = [
    "ledgers.reportbox.demo",
    "ledgers.plans.demo",
    "ledgers.sheets.demo",
    "ledgers.rectification.demo",
    "ledgers.spotchecks.demo",
    "ledgers.ratings.demo",
    "ledgers.inspections.demo",
    "ledgers.network.demo",
    "ledgers.bulletins.demo",
    "ledgers.servicepoints.demo",
    "ledgers.assessment.demo",
]


class Command(BaseCommand):
    help = "加载演示内容(可重复运行):单位、演示账号、专栏文章、典型事例、窗口服务指南及各模块演示数据。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="演示数据的基准日期 YYYY-MM-DD(默认今天)")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["today"]) if options.get("today") else None
        with transaction.atomic():
            units = load_units()
            load_users(units)
            home = demo_content.load_site(units, today=today)
        self.stdout.write(f"站点首页:{home.title}(共 {Page.objects.count()} 个页面)")
        for module_name in MODULE_DEMOS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            if hasattr(module, "load"):
                module.load(stdout=self.stdout)
        site = Site.objects.get(is_default_site=True)
        self.stdout.write(
            self.style.SUCCESS(f"演示内容已就绪。演示账号(密码均为 {DEMO_PASSWORD}):")
        )
        for username, display, group, unit in USERS:
            self.stdout.write(
                f"  {username:<10} {group:<6} {display}{(' · ' + unit) if unit else ''}"
            )
        self.stdout.write(
            f"网站:http://127.0.0.1:8000/    管理后台:http://127.0.0.1:8000/admin/  ({site.hostname})"
        )
