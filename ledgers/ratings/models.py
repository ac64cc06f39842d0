"""Window ratings (好差评): what the people a window served think of it.

The national 政务服务"好差评" way: a five-level rating (``ledgers.satisfaction``), the points it is
about (服务态度, 办事效率, 办事指南准确, 一次性告知), an optional comment, name and phone. A 差评
that leaves a phone becomes a rectification case for the window unit at once (``services``), so
that someone calls the citizen back (回访) before the case is closed.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from ledgers.ratings import rules
from ledgers.satisfaction import Satisfaction


class Aspect(models.TextChoices):
    """The second-level points of a rating (二级评价指标)."""

    ATTITUDE = "attitude", "服务态度"
    EFFICIENCY = "efficiency", "办事效率"
    GUIDE = "guide", "办事指南准确"
    ONE_TIME = "one_time", "一次性告知"


class RatingQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("unit", "approval_item", "case")


class Rating(models.Model):
    """One rating of a window (a window unit), optionally of one of its approval items.

    Stored as typed by the citizen (name, phone, comment): the office needs the original to call
    back; units see their own ratings without name and phone (``rules.sees_identity``)."""

    unit = models.ForeignKey(
        "ledgers.Unit",
        verbose_name="窗口单位",
        on_delete=models.PROTECT,
        related_name="ratings",
        limit_choices_to={"is_window": True},
        help_text="被评价的窗口单位。",
    )
    approval_item = models.ForeignKey(
        "home.ApprovalItem",
        verbose_name="审批服务事项",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings",
        help_text="从事项页面评价时为该事项;从窗口评价时为空。",
    )
    item_title = models.CharField(
        "事项名称",
        max_length=200,
        blank=True,
        help_text="评价时事项的名称(事项日后改名或删除,统计仍可辨认)。",
    )
    level = models.CharField(
        "评价等级",
        max_length=20,
        choices=Satisfaction.choices,
        db_index=True,
        help_text="非常满意、满意、基本满意、不满意、非常不满意五级。",
    )
    aspects = models.JSONField(
        "评价方面",
        default=list,
        blank=True,
        help_text="服务态度、办事效率、办事指南准确、一次性告知中的一项或几项(代码列表)。",
    )
    comment = models.TextField("意见建议", blank=True, help_text="评价人填写的原文。")
    name = models.CharField("姓名", max_length=50, blank=True, help_text="选填;仅作风办可见。")
    phone = models.CharField(
        "联系电话", max_length=30, blank=True, help_text="选填;仅作风办可见,差评回访用。"
    )
    case = models.ForeignKey(
        "rectification.Case",
        verbose_name="整改问题",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="差评留有电话时自动转为整改问题。",
    )
    created_at = models.DateTimeField("评价时间", auto_now_add=True, db_index=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "窗口评价"
        verbose_name_plural = "窗口评价"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "level"])]

    def __str__(self):
        return f"{self.unit} · {self.get_level_display()}"

    @property
    def is_bad(self):
        return rules.is_bad_rating(self.level)

    @property
    def aspect_labels(self):
        labels = dict(Aspect.choices)
        return [labels.get(code, code) for code in self.aspects or []]

    @property
    def aspects_display(self):
        return "、".join(self.aspect_labels)

    @property
    def item_name(self):
        """The item as rated (its name then), or 窗口整体 for a rating of the whole window."""
        return self.item_title or "窗口整体"


@register_setting(icon="pick", order=300)
class RatingSettings(BaseGenericSetting):
    """How a 差评 with a phone is turned into a case: the office may change the time limit and
    the problem type (default 15 working days, 窗口服务)."""

    time_limit_days = models.PositiveSmallIntegerField(
        "差评整改时限(工作日)",
        default=rules.DEFAULT_TIME_LIMIT_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_TIME_LIMIT_WORKING_DAYS)],
        help_text="留有电话的差评转为整改问题后,交办窗口单位办理的时限,默认15个工作日。",
    )
    category = models.ForeignKey(
        "ledgers.ProblemCategory",
        verbose_name="问题类型",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="差评转成的整改问题的问题类型;留空时使用“窗口服务”。",
    )

    panels = [FieldPanel("time_limit_days"), FieldPanel("category")]

    class Meta:
        verbose_name = "好差评设置"
