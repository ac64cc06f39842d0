"""The year-end assessment (年终考核).

The policy: "对各职能部门、镇街区报送的各项实施意见、报表台账及交办问题的整改成效,作为年终领导班子、
领导干部考察的一项重要内容……制定考核办法,纳入全市岗位目标考核". The evidence already lives in the
other modules; this app adds it up:

* :class:`Scheme` — the office's assessment scheme for a year: weighted :class:`SchemeIndicator`
  rows (weights sum to 100), each a computed indicator of :mod:`ledgers.assessment.indicators`
  with a scoring rule and the unit types it applies to. Locked once the year is frozen; the next
  year starts from a copy.
* :class:`Adjustment` — the office's 加分/扣分 on a unit's card, with a reason and who made it.
* :class:`Freeze` — the year's results as they stood when the office froze them, with the scheme
  version and a content hash; later data never moves them (corrections go through adjustments).
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from ledgers.models import Unit


class IndicatorCode(models.TextChoices):
    """The library of computed indicators (see :mod:`ledgers.assessment.indicators`)."""

    PLANS_ON_TIME = "plans_on_time", "实施意见按期报送"
    LEDGERS_ON_TIME = "ledgers_on_time", "台账按期报送"
    LEDGER_FINDINGS = "ledger_findings", "台账规则检查问题"
    RECT_ON_TIME = "rect_on_time", "交办问题按期办结率"
    RECT_SEND_BACKS = "rect_send_backs", "整改结果被退回重办"
    RECT_REOPENED = "rect_reopened", "群众不满意复核"
    RECT_DISSATISFIED = "rect_dissatisfied", "回访群众不满意"
    SPOT_CONFIRMED = "spot_confirmed", "电话抽查属实率"
    SPOT_FALSE = "spot_false", "电话抽查虚报"
    SPOT_SATISFACTION = "spot_satisfaction", "电话抽查满意率"
    RATING_SATISFACTION = "rating_satisfaction", "好差评满意率"
    TIME_CUT = "time_cut", "审批时限压缩20%达标率"
    INSPECTION_FINDINGS = "inspection_findings", "明察暗访发现问题"


class RuleKind(models.TextChoices):
    LINEAR = "linear", "按比例(两个阈值之间线性计分)"
    DEDUCTION = "deduction", "按次扣分(有扣分下限)"


class NoData(models.TextChoices):
    FULL = "full", "计满分"
    ZERO = "zero", "计零分"


class Scheme(ClusterableModel):
    """A year's assessment scheme (考核办法), edited by the office until the year is frozen."""

    year = models.PositiveIntegerField("年度", unique=True, help_text="每年一个考核方案,如 2026。")
    title = models.CharField(
        "方案名称",
        max_length=120,
        help_text="如“2026年度作风建设工作考核办法”,用于考核结果和考核表的标题。",
    )
    notes = models.TextField("说明", blank=True, help_text="考核办法的说明,印在考核表的备注中。")
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="复制自",
    )
    locked = models.BooleanField(
        "已锁定", default=False, editable=False, help_text="考核结果冻结后方案锁定,不能再修改。"
    )
    published_at = models.DateTimeField(
        "排名公布时间",
        null=True,
        blank=True,
        editable=False,
        help_text="公布后各单位可看到本类别的排名(总分),仍只能看到本单位的考核卡。",
    )
    version = models.PositiveIntegerField(
        "版本", default=1, editable=False, help_text="每次保存加一;冻结结果记下当时的版本。"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year"]

    def __str__(self):
        return self.title or f"{self.year}年度考核方案"

    def definition(self):
        """The scheme's content as plain data (stored with a freeze, hashed)."""
        return {
            "year": self.year,
            "title": self.title,
            "version": self.version,
            "indicators": [i.definition() for i in self.indicators.all()],
        }


class SchemeIndicator(Orderable):
    """One weighted indicator of a scheme: which computed figure, how it becomes points, and
    which unit types it applies to."""

    scheme = ParentalKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        "指标", max_length=30, choices=IndicatorCode.choices, help_text="从系统可计算的指标中选择。"
    )
    label = models.CharField(
        "显示名称", max_length=60, blank=True, help_text="留空则用指标的名称。"
    )
    weight = models.DecimalField(
        "分值(权重)",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
        help_text="本指标满分;同一方案各指标分值合计须为 100。",
    )
    rule = models.CharField(
        "计分规则", max_length=12, choices=RuleKind.choices, default=RuleKind.LINEAR
    )
    full_at = models.DecimalField(
        "满分值",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="按比例计分:数值达到此值得满分(如按期办结率 100)。",
    )
    zero_at = models.DecimalField(
        "零分值",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="按比例计分:数值达到此值得零分(如按期办结率 60);两值之间按比例计分。",
    )
    per_occurrence = models.DecimalField(
        "每次扣分",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="按次扣分:每出现一次扣多少分。",
    )
    floor = models.DecimalField(
        "最低得分",
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text="按次扣分:本指标最低得分(扣完为止时填 0)。",
    )
    no_data = models.CharField(
        "无数据时",
        max_length=8,
        choices=NoData.choices,
        default=NoData.FULL,
        help_text="单位本年度没有可计算的数据(如没有交办问题)时如何计分。",
    )
    for_towns = models.BooleanField("适用镇街区", default=True)
    for_departments = models.BooleanField("适用市直部门", default=True)
    for_windows_only = models.BooleanField(
        "仅窗口单位",
        default=False,
        help_text="勾选后只对窗口单位计分(如好差评、审批时限压缩)。",
    )

    class Meta(Orderable.Meta):
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or IndicatorCode(self.code).label

    def applies_to(self, unit):
        """Whether this indicator scores ``unit`` (its type, and the window flag)."""
        from ledgers.models import UnitKind

        if self.for_windows_only and not unit.is_window:
            return False
        if unit.kind == UnitKind.TOWN:
            return self.for_towns
        return self.for_departments

    def definition(self):
        def num(value):
            return None if value is None else str(value)

        return {
            "code": self.code,
            "label": self.display_label,
            "weight": num(self.weight),
            "rule": self.rule,
            "full_at": num(self.full_at),
            "zero_at": num(self.zero_at),
            "per_occurrence": num(self.per_occurrence),
            "floor": num(self.floor),
            "no_data": self.no_data,
            "for_towns": self.for_towns,
            "for_departments": self.for_departments,
            "for_windows_only": self.for_windows_only,
        }


class Adjustment(models.Model):
    """The office's 加分/扣分 on a unit's year-end card, with the reason and who made it. After a
    freeze this is the only way to correct a result; every adjustment is logged."""

    year = models.PositiveIntegerField("年度")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assessment_adjustments", verbose_name="单位"
    )
    points = models.DecimalField(
        "分数",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
        help_text="加分填正数,扣分填负数,如 2 或 -1.5。",
    )
    reason = models.CharField(
        "理由", max_length=300, help_text="加分或扣分的理由和依据,如“获市级表彰(文号)”。"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="操作人",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    after_freeze = models.BooleanField(
        "冻结后调整", default=False, editable=False, help_text="考核结果冻结后作出的更正。"
    )

    class Meta:
        verbose_name = "加减分"
        verbose_name_plural = "加减分"
        ordering = ["year", "unit__sort_order", "created_at", "pk"]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self):
        sign = "+" if self.points > 0 else ""
        return f"{self.year}年 {self.unit} {sign}{self.points}分"


def content_hash(data):
    """SHA-256 of ``data`` as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Freeze(models.Model):
    """A year's results as they stood when the office froze them: every unit's figures, points
    and evidence, the scheme definition and version, and a hash of both. Later data does not
    move them; the frozen card says when and by whom it was frozen."""

    year = models.PositiveIntegerField("年度", unique=True)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="freezes", verbose_name="考核方案"
    )
    scheme_version = models.PositiveIntegerField("方案版本")
    scheme_definition = models.JSONField("方案内容", default=dict)
    results = models.JSONField(
        "考核结果", default=dict, help_text="各单位各指标的数值、得分和证据。"
    )
    as_of = models.DateField("数据截至", help_text="计算考核结果所用数据的截止日期。")
    content_hash = models.CharField("内容校验值", max_length=64)
    frozen_at = models.DateTimeField("冻结时间")
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="冻结人",
    )

    class Meta:
        verbose_name = "考核结果冻结"
        verbose_name_plural = "考核结果冻结"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度考核结果(已冻结)"

    def payload(self):
        return {
            "scheme": self.scheme_definition,
            "results": self.results,
            "as_of": self.as_of.isoformat(),
        }

    def hash_matches(self):
        return content_hash(self.payload()) == self.content_hash
