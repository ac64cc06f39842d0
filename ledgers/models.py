"""Units (towns and city departments) and which unit each user belongs to."""

from django.conf import settings
from django.db import models


class UnitKind(models.TextChoices):
    TOWN = "town", "镇街区"
    DEPARTMENT = "department", "市直部门"


class SpecialFunction(models.TextChoices):
    NONE = "", "无"
    HOTLINE_CENTRE = "hotline", "89000民生服务中心"
    ORGANS_COMMITTEE = "organs", "机关工委"


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Unit(models.Model):
    """A town/subdistrict/zone or a city department: the body that files plans and ledgers,
    receives assigned problems, and whose data no other unit may see."""

    name = models.CharField(
        "单位名称", max_length=100, unique=True, help_text="单位全称,如“海阳市行政审批服务局”。"
    )
    short_name = models.CharField(
        "简称", max_length=40, blank=True, help_text="列表中显示的简称,可留空。"
    )
    kind = models.CharField(
        "单位类别", max_length=20, choices=UnitKind.choices, help_text="镇街区或市直部门。"
    )
    is_window = models.BooleanField(
        "窗口单位", default=False, help_text="有对外服务窗口、须压缩审批时限并维护服务指南的单位。"
    )
    special_function = models.CharField(
        "特殊职能",
        max_length=20,
        choices=SpecialFunction.choices,
        blank=True,
        default=SpecialFunction.NONE,
        help_text="89000民生服务中心、机关工委报送附件5。",
    )
    cadre_count = models.PositiveIntegerField(
        "干部人数", default=0, help_text="在册干部人数,用于核对“每名干部联系不少于10名服务对象”。"
    )
    contact_email = models.EmailField("联系邮箱", blank=True, help_text="接收提醒邮件的邮箱。")
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    is_active = models.BooleanField(
        "启用", default=True, help_text="停用的单位不再出现在选择列表中。"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "kind", "name"]

    def __str__(self):
        return self.short_name or self.name


class UnitMembership(models.Model):
    """Ties a login to the one unit it acts for. Office staff and inspectors have no unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_membership",
        verbose_name="用户",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name="所属单位"
    )
    phone = models.CharField("手机号", max_length=20, blank=True, help_text="仅作风办可见。")

    class Meta:
        verbose_name = "单位人员"
        verbose_name_plural = "单位人员"

    def __str__(self):
        return f"{self.user.get_username()} · {self.unit}"


class ProblemArea(models.TextChoices):
    BOTH = "both", "城乡通用"
    URBAN = "urban", "城市"
    RURAL = "rural", "农村"


class ProblemCategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ProblemCategory(models.Model):
    """A problem type (问题类型) shared by the report box, the ledgers and the cases.

    The policy names 城建、环保、物业、治安、教育、医疗、文体活动、干部作风 (urban) and 治安、教育、
    医疗、文化生活、居住环境、干部作风 (rural) and ends with "等": the office adds and retires types.
    """

    name = models.CharField("问题类型", max_length=40, unique=True)
    area = models.CharField(
        "适用范围",
        max_length=10,
        choices=ProblemArea.choices,
        default=ProblemArea.BOTH,
        help_text="政策列举的城市、农村问题类型;新增类型默认城乡通用。",
    )
    in_report_box = models.BooleanField("举报箱可选", default=True)
    is_active = models.BooleanField("启用", default=True, help_text="停用后不再可选,历史数据保留。")
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = ProblemCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "问题类型"
        verbose_name_plural = "问题类型"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name
