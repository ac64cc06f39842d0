"""Back-fill or check a ledger from the command line with the same parsing, checks and rules
as the web upload. Saves only with --commit (rows with errors only with --skip-errors as well).
Exit status 0 when saved or acceptable, 1 when rows have errors, 2 when the file is refused.
Every message is printed once, in Chinese; a run that saves nothing stores nothing (no upload
record, no file): it runs in a transaction that is rolled back, and the stored file is deleted."""

import os
import sys

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ledgers.sheets import service
from ledgers.sheets.layouts import LAYOUTS
from ledgers.sheets.models import Period, UploadStatus


def resolve_period(value):
    """ "12" (pk), "2026-1" / "2026-2" or "2026年上半年"."""
    value = str(value).strip()
    if value.isdigit():
        return Period.objects.filter(pk=int(value)).first()
    for sep in ("-", "H", "h"):
        if sep in value:
            year, half = value.split(sep, 1)
            if year.isdigit() and half in ("1", "2"):
                return Period.objects.filter(year=int(year), half=int(half)).first()
    if value.endswith(("上半年", "下半年")) and value[:4].isdigit():
        return Period.objects.filter(
            year=int(value[:4]), half=1 if value.endswith("上半年") else 2
        ).first()
    return None


def print_preview(write, upload):
    report = upload.report or {}
    write(f"单位:{upload.unit.name}  期次:{upload.period}  附件{upload.attachment}")
    if upload.status == UploadStatus.REFUSED:
        return  # the refusal itself is the command's error message, printed once
    write(
        f"读取数据 {report.get('rows', 0)} 行;错误 {upload.error_count} 行,"
        f"待核实 {upload.finding_count} 行,提示 {upload.warning_count} 处"
    )
    for sheet in report.get("sheets", []):
        write(
            f"  工作表“{sheet['name']}”:表头第 {sheet['header_row'] or '—'} 行,数据 {sheet['rows']} 行,"
            f"跳过 {sheet['skipped']} 行 {sheet['note']}".rstrip()
        )
    for issue in report.get("issues", []):
        label = {"error": "错误", "finding": "待核实"}.get(issue["level"], "提示")
        where = f"{issue['sheet']}!{issue['column'] or ''}{issue['row'] or ''}"
        write(f"  [{label}] {where} {issue['header']}:{issue['message']}")
    for finding in report.get("findings", []):
        write(f"  [规则] {finding['message']}")


class Command(BaseCommand):
    help = "检查并(加 --commit 时)导入一份半年台账,输出与网页上传相同的检查结果。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="单位 id、全称或简称")
        parser.add_argument("--period", required=True, help="期次 id、2026-1 或 2026年上半年")
        parser.add_argument("--attachment", required=True, type=int, choices=sorted(LAYOUTS))
        parser.add_argument("--commit", action="store_true", help="检查通过后保存并替换旧版本")
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="与 --commit 一起使用:跳过有错误的行,保存其余的行(跳过的行随上传记录保留)",
        )

    def execute(self, *args, **options):
        """From the command line, print a refusal once, in Chinese, without Django's English
        ``CommandError:`` prefix, and exit with its status (call_command still raises)."""
        if options.get("traceback") or not getattr(self, "_called_from_command_line", False):
            return super().execute(*args, **options)
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def handle(self, *args, **options):
        unit = service.resolve_unit(options["unit"])
        if unit is None:
            raise CommandError(f"找不到单位“{options['unit']}”。")
        period = resolve_period(options["period"])
        if period is None:
            raise CommandError(f"找不到期次“{options['period']}”。")
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(f"文件不存在:{path}")
        stored = None
        saved = False
        try:
            with transaction.atomic():
                with open(path, "rb") as handle:
                    upload = service.create_upload(
                        unit=unit,
                        period=period,
                        attachment=options["attachment"],
                        file=File(handle),
                        name=os.path.basename(path),
                    )
                stored = upload.original
                saved = self._check_and_save(upload, options)
                if not saved:
                    transaction.set_rollback(True)  # a dry run stores nothing
        finally:
            if stored is not None and not saved:
                stored.storage.delete(stored.name)

    def _check_and_save(self, upload, options):
        service.parse_upload(upload)
        upload.refresh_from_db()
        print_preview(self.stdout.write, upload)
        if upload.status == UploadStatus.REFUSED:
            raise CommandError(f"拒收:{upload.message}", returncode=2)
        skip = options["skip_errors"]
        if upload.error_count and not (options["commit"] and skip):
            raise CommandError(
                f"有 {upload.error_count} 行错误,未保存。请修改后重试;"
                "或加 --commit --skip-errors 跳过错误行、保存其余的行。",
                returncode=1,
            )
        if not options["commit"]:
            self.stdout.write("检查通过。未保存(加 --commit 保存)。")
            return False
        try:
            service.confirm_upload(upload, None, skip_errors=skip)
        except service.LedgerRejected as exc:
            raise CommandError(exc.message, returncode=1) from exc
        text = f"已保存 {upload.row_count} 行,为当前版本"
        if upload.finding_count:
            text += f";其中 {upload.finding_count} 行标记为待核实"
        if upload.skipped_count:
            text += f";跳过错误行 {upload.skipped_count} 行"
        self.stdout.write(self.style.SUCCESS(text + "。"))
        return True
