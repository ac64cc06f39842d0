"""Demo ledgers (idempotent): the 2026 periods and a few confirmed uploads, so that the office's
board shows on-time, late and missing cells. Called by the lead's ``load_demo`` command."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from ledgers.models import Unit
from ledgers.sheets import service
from ledgers.sheets.models import LedgerUpload, Period, UploadStatus
from ledgers.sheets.workbooks import template_workbook

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海燕", "德明", "春梅", "国庆", "玉兰", "振华"]
RURAL_TYPES = ["治安", "教育", "医疗", "文化生活", "居住环境", "干部作风"]
URBAN_TYPES = ["城建", "环保", "物业", "治安", "教育", "医疗"]
PROBLEMS = {
    "治安": "夜间村口路灯不亮,存在安全隐患",
    "教育": "孩子上学路途远,希望增加校车",
    "医疗": "村卫生室常用药品不全",
    "文化生活": "文化广场健身器材损坏",
    "居住环境": "生活垃圾清运不及时",
    "干部作风": "到镇上办事多次跑腿",
    "城建": "小区门前道路破损积水",
    "环保": "附近饭店油烟扰民",
    "物业": "物业公司不及时维修电梯",
}


def _person(seed):
    name = SURNAMES[seed % len(SURNAMES)] + GIVEN[(seed // len(SURNAMES)) % len(GIVEN)]
    return name, f"138{53500000 + seed * 7919 % 10000000:08d}"


def _rows(attachment, count, offset, rural=True):
    rows = []
    for i in range(count):
        name, phone = _person(offset + i)
        cadre = f"{SURNAMES[(i // 5) % 20]}干部"
        kind = (RURAL_TYPES if rural else URBAN_TYPES)[i % 6]
        place = f"{'方圆村' if rural else '海政小区'}{i + 1}号"
        rows.append(
            {
                1: [place, name, phone, "", cadre, "农村" if rural else "城市"],
                2: [
                    name,
                    place,
                    phone,
                    kind,
                    PROBLEMS[kind],
                    "",
                    cadre,
                    "农村" if rural else "城市",
                ],
                3: [name, f"海阳市某企业{i + 1}", phone, "", cadre],
                4: [
                    name,
                    f"海阳市某企业{i + 1}",
                    phone,
                    kind,
                    PROBLEMS[kind],
                    "",
                    cadre,
                    "公共方面" if i % 2 else "行业领域",
                ],
                5: [name, phone, PROBLEMS[kind], "已转责任单位办理", "海阳市住房和城乡建设局", ""],
            }[attachment]
        )
    return rows


def workbook_for(unit, period, attachment, rows):
    """Fill the official template the way a clerk would and return the bytes."""
    wb = load_workbook(io.BytesIO(template_workbook(attachment, unit=unit, period=period)))
    ws = wb.active
    ws.delete_rows(5, 21)  # drop the blank bordered rows and the note; re-add the note below
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append(["注:演示数据。"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


PLAN = [
    # unit, attachment, rows, confirmed on (month, day), rural
    ("方圆街道", 1, 40, (6, 8), False),
    ("方圆街道", 2, 12, (6, 8), False),
    ("方圆街道", 3, 400, (6, 3), False),
    ("方圆街道", 4, 10, (6, 3), False),
    ("留格庄镇", 1, 140, (6, 9), True),
    ("留格庄镇", 2, 20, (6, 12), True),
    ("海阳市住房和城乡建设局", 3, 300, (6, 7), False),
    ("海阳市89000民生服务中心", 5, 25, (5, 30), False),
]


def load(stdout=None):
    first, _ = Period.objects.get_or_create(year=2026, half=1)
    Period.objects.get_or_create(year=2026, half=2)
    first.ensure_obligations()  # units created after the period still owe their ledgers
    made = 0
    for offset, (unit_name, attachment, count, (month, day), rural) in enumerate(PLAN):
        unit = Unit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        if LedgerUpload.objects.filter(
            unit=unit, period=first, attachment=attachment, status=UploadStatus.CONFIRMED
        ).exists():
            continue
        content = workbook_for(
            unit, first, attachment, _rows(attachment, count, offset * 1000, rural)
        )
        name = f"{unit.short_name or unit.name}-附件{attachment}.xlsx"
        upload = LedgerUpload(
            unit=unit,
            period=first,
            attachment=attachment,
            original_name=name,
            uploaded_at=timezone.make_aware(datetime.datetime(2026, month, day, 9, 0)),
        )
        upload.original.save(name, ContentFile(content), save=False)
        upload.save()
        service.parse_upload(upload)
        if upload.error_count:
            if stdout:
                stdout.write(f"演示台账 {name} 有错误:{upload.message}")
            continue
        service.confirm_upload(
            upload, None, when=timezone.make_aware(datetime.datetime(2026, month, day, 10, 0))
        )
        made += 1
    if stdout:
        stdout.write(f"半年台账:2026年上、下半年期次,{made} 份演示台账。")
    return made
