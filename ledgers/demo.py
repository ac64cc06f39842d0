"""Demo units and logins (idempotent). Module demos (``ledgers/<app>/demo.py``) build on these."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ledgers.models import SpecialFunction, Unit, UnitKind, UnitMembership
from ledgers.roles import CLERK_GROUP, INSPECTOR_GROUP, OFFICE_GROUP

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - demo logins only, printed by make run

# name, short name, kind, window unit, special function, cadres
UNITS = [
    ("方圆街道", "方圆街道", UnitKind.TOWN, False, "", 40),
    ("东村街道", "东村街道", UnitKind.TOWN, False, "", 36),
    ("凤城街道", "凤城街道", UnitKind.TOWN, False, "", 30),
    ("留格庄镇", "留格庄镇", UnitKind.TOWN, False, "", 28),
    ("盘石店镇", "盘石店镇", UnitKind.TOWN, False, "", 25),
    ("海阳市行政审批服务局", "市行政审批服务局", UnitKind.DEPARTMENT, True, "", 45),
    ("海阳市公安局", "市公安局", UnitKind.DEPARTMENT, True, "", 60),
    ("海阳市人力资源和社会保障局", "市人社局", UnitKind.DEPARTMENT, True, "", 35),
    ("海阳市住房和城乡建设局", "市住建局", UnitKind.DEPARTMENT, False, "", 30),
    ("海阳市生态环境局", "市生态环境局", UnitKind.DEPARTMENT, False, "", 20),
    ("海阳市教育和体育局", "市教体局", UnitKind.DEPARTMENT, False, "", 32),
    (
        "海阳市89000民生服务中心",
        "89000民生服务中心",
        UnitKind.DEPARTMENT,
        False,
        SpecialFunction.HOTLINE_CENTRE,
        12,
    ),
    (
        "中共海阳市直属机关工作委员会",
        "市直机关工委",
        UnitKind.DEPARTMENT,
        False,
        SpecialFunction.ORGANS_COMMITTEE,
        8,
    ),
]

# username, display name, group, unit name or None
USERS = [
    ("office", "作风办 王主任", OFFICE_GROUP, None),
    ("jiwei", "纪委 李检查员", INSPECTOR_GROUP, None),
    ("jiwei2", "纪委 陈检查员", INSPECTOR_GROUP, None),  # the second pair of eyes (曝光审核)
    ("spj", "行政审批服务局 张填报员", CLERK_GROUP, "海阳市行政审批服务局"),
    ("fangyuan", "方圆街道 赵填报员", CLERK_GROUP, "方圆街道"),
    ("zjj", "住建局 孙填报员", CLERK_GROUP, "海阳市住房和城乡建设局"),
    ("hotline", "89000民生服务中心 周填报员", CLERK_GROUP, "海阳市89000民生服务中心"),
]


def load_units():
    units = {}
    for order, (name, short, kind, window, special, cadres) in enumerate(UNITS):
        unit, _ = Unit.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "is_window": window,
                "special_function": special,
                "cadre_count": cadres,
                "sort_order": order,
                "contact_email": f"unit{order + 1}@example.gov.cn",
                "contact_phone": f"0535-32{order + 10:02d}001",
            },
        )
        units[name] = unit
    return units


def load_users(units):
    User = get_user_model()
    users = {}
    for username, display, group_name, unit_name in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": display, "email": f"{username}@example.gov.cn"},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
        if unit_name:
            UnitMembership.objects.update_or_create(user=user, defaults={"unit": units[unit_name]})
        users[username] = user
    return users
