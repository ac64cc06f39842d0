"""Telephone spot checks (电话抽查): the office's half-yearly and year-end rounds of random calls
to the people the units' ledgers, cases and windows name, to verify that the work was done.

A :class:`Round` fixes what is checked (the four tasks), how many are called (the sample-size
rule) and the seed of the random draw; drawing creates one :class:`Call` per person sampled.
State changes live in :mod:`ledgers.spotchecks.services`, the sampling rules in
:mod:`ledgers.spotchecks.rules`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ledgers.satisfaction import Satisfaction


class Task(models.TextChoices):
    """The four things the policy has the office check by phone."""

    VISITS = "visits", "包村联户走访户(附件1)"
    TARGETS = "targets", "干部联系服务对象(附件3)"
    CASES = "cases", "交办问题整改(已销号问题的群众)"
    WINDOW = "window", "窗口服务(留下电话的评价人)"


class Season(models.TextChoices):
    MID_YEAR = "mid", "上半年"
    YEAR_END = "year_end", "年终"


class SizeMode(models.TextChoices):
    PER_UNIT = "per_unit", "每个单位每项抽固定人数"
    SHARE = "share", "按比例抽取(设最低人数)"


class RoundState(models.TextChoices):
    DRAFT = "draft", "待抽样"
    DRAWN = "drawn", "抽查中"
    PUBLISHED = "published", "已公布结果"


class Round(models.Model):
    """One spot-check round (抽查轮次): mid-year or year-end of a year, its scope, its sample-size
    rule and the seed of the draw, recorded so that anyone can redraw the same sample and see it
    was not hand-picked."""

    year = models.PositiveIntegerField("年度", help_text="如 2026。")
    season = models.CharField(
        "抽查时段",
        max_length=10,
        choices=Season.choices,
        help_text="上半年抽查核对上半年台账和1—6月的问题、评价;年终抽查核对下半年的。",
    )
    check_visits = models.BooleanField(
        "抽查走访户(附件1)", default=True, help_text="包村(居)联户台账中登记的走访户。"
    )
    check_targets = models.BooleanField(
        "抽查服务对象(附件3)", default=True, help_text="干部联系服务对象台账中登记的服务对象。"
    )
    check_cases = models.BooleanField(
        "抽查整改问题的群众",
        default=True,
        help_text="本时段内已销号、留有电话的整改问题的反映人(匿名反映的不抽)。",
    )
    check_window = models.BooleanField(
        "抽查窗口服务对象",
        default=False,
        help_text="本时段内评价窗口服务时留下电话的群众。",
    )
    size_mode = models.CharField(
        "抽样人数规则",
        max_length=10,
        choices=SizeMode.choices,
        default=SizeMode.PER_UNIT,
        help_text="每个单位、每项任务分别抽样(分层抽样)。",
    )
    per_unit = models.PositiveSmallIntegerField(
        "每单位每项人数",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="按固定人数抽取时使用;不足时全部抽取。",
    )
    share_percent = models.PositiveSmallIntegerField(
        "抽取比例(%)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="按比例抽取时使用,向上取整。",
    )
    minimum = models.PositiveSmallIntegerField(
        "最低人数", default=2, help_text="按比例抽取时每个单位每项至少抽取的人数;不足时全部抽取。"
    )
    exclude_months = models.PositiveSmallIntegerField(
        "近期已抽查不再抽(月)",
        default=6,
        help_text="最近这些月内已经打过电话的群众(按电话号码)不再抽中。",
    )
    seed = models.CharField(
        "随机种子",
        max_length=64,
        blank=True,
        help_text="留空则抽样时自动生成并记录;用同一种子可重新抽出完全相同的名单。",
    )
    state = models.CharField(
        "状态", max_length=12, choices=RoundState.choices, default=RoundState.DRAFT
    )
    drawn_at = models.DateTimeField("抽样时间", null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="抽样人",
    )
    frame = models.JSONField(
        "抽样框",
        default=dict,
        blank=True,
        editable=False,
        help_text="抽样时各单位各项任务的候选名单(来源标识和号码摘要,不含号码本身),用于复核。",
    )
    excluded = models.JSONField(
        "排除的号码摘要",
        default=list,
        blank=True,
        editable=False,
        help_text="抽样时因近期已抽查而排除的号码摘要(不可还原为号码)。",
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查轮次"
        verbose_name_plural = "抽查轮次"
        ordering = ["-year", "-season", "-pk"]

    def __str__(self):
        return f"{self.year}年{self.get_season_display()}电话抽查"

    def clean(self):
        if not self.tasks:
            raise ValidationError("请至少选择一项抽查任务。")

    @property
    def tasks(self):
        flags = {
            Task.VISITS: self.check_visits,
            Task.TARGETS: self.check_targets,
            Task.CASES: self.check_cases,
            Task.WINDOW: self.check_window,
        }
        return [task for task, on in flags.items() if on]

    @property
    def half(self):
        """The ledger half-year (1 or 2) the round checks."""
        return 1 if self.season == Season.MID_YEAR else 2

    @property
    def start(self):
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self):
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def is_drawn(self):
        return self.state != RoundState.DRAFT

    @property
    def is_published(self):
        return self.state == RoundState.PUBLISHED


class Outcome(models.TextChoices):
    CONFIRMED = "confirmed", "核实属实"
    FALSE = "false", "不属实(虚报)"
    UNREACHABLE = "unreachable", "无法接通"
    REFUSED = "refused", "拒访"


class Answer(models.TextChoices):
    YES = "yes", "是"
    NO = "no", "否"
    UNSURE = "unsure", "说不清"


def _answer(label, help_text):
    return models.CharField(
        label, max_length=10, choices=Answer.choices, blank=True, help_text=help_text
    )


class Call(models.Model):
    """One person drawn in a round and the office's call to them: who (as the ledger, case or
    rating named them, snapshot at the draw), what to verify, what the call found."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="calls", verbose_name="抽查轮次"
    )
    unit = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        related_name="spot_calls",
        verbose_name="被抽查单位",
    )
    task = models.CharField("抽查项目", max_length=10, choices=Task.choices)
    position = models.PositiveIntegerField("抽中顺序", help_text="本单位本项目中的抽中顺序。")
    source_ref = models.CharField(
        "来源标识", max_length=120, help_text="如 sheets.ledgerrow:12,抽样框中的候选人标识。"
    )
    person_name = models.CharField("姓名", max_length=100, blank=True)
    phone = models.CharField(
        "联系电话", max_length=40, help_text="仅作风办拨打时点击显示,记录日志。"
    )
    address = models.CharField("住址/工作单位", max_length=255, blank=True)
    facts = models.JSONField(
        "台账记载",
        default=dict,
        blank=True,
        help_text="抽样时台账、问题或评价中记载的情况,供电话核实。",
    )
    outcome = models.CharField(
        "核实结果", max_length=12, choices=Outcome.choices, blank=True, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(
        "拨打次数", default=0, help_text="无法接通的可再拨,最多重拨3次。"
    )
    visited = _answer("是否入户走访", "走访户:干部是否上门走访过。")
    got_card = _answer("是否收到联系卡", "四个一:留一张联系卡。")
    got_survey = _answer("是否填写调查卷", "四个一:填一份调查卷。")
    got_leaflet = _answer("是否收到宣传纸", "四个一:发一份宣传纸。")
    difficulty_solved = _answer("是否帮助解决困难", "四个一:解决一件困难事。")
    knows_cadre = _answer("是否认识联系干部", "服务对象:是否认识联系自己的干部。")
    problem_solved = _answer("问题是否解决", "整改问题:反映的问题是否已解决。")
    answer_received = _answer("是否收到答复", "整改问题:是否收到办理结果的答复。")
    window_service = models.CharField(
        "窗口服务情况",
        max_length=200,
        blank=True,
        help_text="窗口服务对象:对窗口服务的评价(态度、效率、一次性告知等)。",
    )
    satisfaction = models.CharField(
        "满意度", max_length=20, choices=Satisfaction.choices, blank=True
    )
    note = models.TextField("备注", blank=True)
    new_problem = models.TextField(
        "新反映的问题", blank=True, help_text="通话中群众反映的新问题,可一键转为整改问题。"
    )
    called_at = models.DateTimeField("最近拨打时间", null=True, blank=True, db_index=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="拨打人",
    )
    case = models.ForeignKey(
        "rectification.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spot_calls",
        verbose_name="整改问题",
        help_text="由本次电话抽查(不属实或新反映的问题)生成的整改问题。",
    )

    class Meta:
        verbose_name = "抽查电话"
        verbose_name_plural = "抽查电话"
        ordering = ["round", "unit__sort_order", "unit__name", "task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "source_ref"], name="spotcall_once_per_round")
        ]

    def __str__(self):
        return f"{self.round} · {self.unit} · {self.get_task_display()} 第{self.position}号"
