"""Demo content of the field network (run by ``load_demo``, repeatable): 方圆街道's 海政社区 (two
compounds) and 方圆村 (two groups), the 包联责任划分 (住建局 海政小区, 教体局 幸福家园, 生态环境局 the
whole 方圆村), a roster imported from a messy workbook, and 住建局's 附件1 of the second half-year
confirmed through the real upload pipeline — most visits match their households, two do not and
wait in 未匹配的走访 for the clerk ``zjj``."""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from ledgers.models import Unit
from ledgers.network import services
from ledgers.network.models import Community, CommunityKind, Compound, Household

TOWN = "方圆街道"
PLACES = [
    # community, kind, [(compound, buildings)]
    ("海政社区", CommunityKind.COMMUNITY, [("海政小区", 6), ("幸福家园", 3)]),
    ("方圆村", CommunityKind.VILLAGE, [("前街组", 0), ("后街组", 0)]),
]
ASSIGN = [
    ("海政社区", "海政小区", "海阳市住房和城乡建设局"),
    ("海政社区", "幸福家园", "海阳市教育和体育局"),
    ("方圆村", None, "海阳市生态环境局"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
CN = "零一二三四五六七八九"


def _phone(seed):
    return f"139{53500000 + seed * 7919 % 10000000:08d}"


def roster_workbook():
    """The community's roster the way it arrives: a title, blank rows, mixed spellings."""
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["海政社区住户花名册(2026年)"])
    ws.append([])
    ws.append(["序号", "小区", "住  址", "户主姓名", "联系电话"])
    n = 0
    for compound, buildings in (("海政小区", 6), ("幸福家园", 3)):
        for b in range(1, buildings + 1):
            for entrance in (1, 2):
                for floor in (1, 2, 3):
                    for door in (1, 2):
                        n += 1
                        room = f"{floor}0{door}"
                        address = (
                            f"{b}号楼{entrance}单元{room}室" if n % 3 else f"{b}栋{entrance}-{room}"
                        )
                        name = SURNAMES[n % 20] + "某" + CN[n % 10]
                        ws.append([n, compound, address, name, _phone(n)])
    ws.append([n + 1, "海政小区", "物业服务中心", "物业", "0535-3221234"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def village_workbook():
    wb = Workbook()
    ws = wb.active
    ws.append(["组", "门牌号", "户主"])
    for group in ("前街组", "后街组"):
        for i in range(1, 16):
            ws.append([group, f"{group}{i}号", SURNAMES[i % 20] + "村民" + CN[i % 10]])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def visits_workbook(unit, period):
    """住建局's 附件1: 24 visits to 海政小区 in the spellings clerks use, two not on the roster."""
    from openpyxl import load_workbook

    from ledgers.sheets.workbooks import template_workbook

    wb = load_workbook(io.BytesIO(template_workbook(1, unit=unit, period=period)))
    ws = wb.active
    ws.delete_rows(5, 21)
    households = list(
        Household.objects.filter(compound__name="海政小区")
        .exclude(address_key="")
        .order_by("pk")[:22]
    )
    for i, h in enumerate(households):
        b, e, r = h.building, h.entrance, h.room
        spoken = "".join(CN[int(ch)] for ch in r)
        address = [
            f"海政社区海政小区{b}号楼{e}单元{r}室",
            f"海政小区{CN[int(b)]}号楼{CN[int(e)]}单元{spoken}",
            f"海政小区{b}-{e}-{r}",
        ][i % 3]
        cadre = ["孙干部", "钱干部", "郑干部"][i % 3] if i < 15 else "冯干部"
        ws.append([address, h.head_name, h.phone, "", cadre, "城市"])
    ws.append(["海政小区9号楼1单元101室", "新住户", "13953500001", "", "冯干部", "城市"])
    ws.append(["海政社区活动室", "社区主任", "", "", "冯干部", "城市"])
    ws.append([])
    ws.append(["注:演示数据。"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@transaction.atomic
def load(stdout=None, today=None):
    from ledgers.sheets import service
    from ledgers.sheets.models import LedgerUpload, Period, UploadStatus

    town = Unit.objects.filter(name=TOWN).first()
    if town is None or Community.objects.filter(town=town, name=PLACES[0][0]).exists():
        return 0
    communities = {}
    for order, (name, kind, compounds) in enumerate(PLACES):
        community = Community.objects.create(town=town, name=name, kind=kind, sort_order=order)
        communities[name] = community
        for sort, (compound, buildings) in enumerate(compounds):
            Compound.objects.create(
                community=community, name=compound, building_count=buildings, sort_order=sort
            )
    start = datetime.date(2026, 1, 1)
    for community, compound, unit_name in ASSIGN:
        unit = Unit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        place = (
            Compound.objects.get(community=communities[community], name=compound)
            if compound
            else None
        )
        services.assign(
            communities[community], place, unit, start_on=start, user=None, note="演示划分"
        )
    on = datetime.date(2026, 7, 1)
    services.import_roster(
        communities["海政社区"], roster_workbook(), "海政社区花名册.xlsx", user=None, on=on
    )
    services.import_roster(
        communities["方圆村"], village_workbook(), "方圆村花名册.xlsx", user=None, on=on
    )
    zjj = Unit.objects.filter(name="海阳市住房和城乡建设局").first()
    period, _ = Period.objects.get_or_create(year=2026, half=2)
    made = 0
    if (
        zjj
        and not LedgerUpload.objects.filter(
            unit=zjj, period=period, attachment=1, status=UploadStatus.CONFIRMED
        ).exists()
    ):
        name = "市住建局-附件1.xlsx"
        upload = LedgerUpload(
            unit=zjj,
            period=period,
            attachment=1,
            original_name=name,
            uploaded_at=timezone.make_aware(datetime.datetime(2026, 10, 20, 9, 0)),
        )
        upload.original.save(name, ContentFile(visits_workbook(zjj, period)), save=False)
        upload.save()
        service.parse_upload(upload)
        service.confirm_upload(
            upload, None, when=timezone.make_aware(datetime.datetime(2026, 10, 20, 10, 0))
        )
        services.match_upload(upload)  # also done by the task after commit; repeatable
        made = 1
    if stdout:
        stdout.write(
            f"包村联户:{Community.objects.filter(town=town).count()} 个村(社区),"
            f"{Household.objects.count()} 户花名册,{made} 份住建局走访台账。"
        )
    return made
