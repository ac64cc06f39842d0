"""Purge every page from the anonymous page cache (after a deployment that changed templates)."""

from django.core.management.base import BaseCommand

from home import pagecache


class Command(BaseCommand):
    help = "清空公开页面缓存(部署了新模板或样式后运行;发布、撤下、移动页面时会自动清除)。"

    def handle(self, *args, **options):
        pagecache.purge_all()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("页面缓存已清空。"))
