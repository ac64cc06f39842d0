"""The places a town is made of and who serves them (包村联户).

The policy splits every compound of the city's communities, and the villages in the countryside,
among the city departments; each cadre visits about 5 households per round and every household is
visited once a year ("一户不漏"). These models hold that ground: town (a :class:`~ledgers.models.Unit`
of kind 镇街区) → :class:`Community` (社区 or 村) → :class:`Compound` (小区, or 自然村/组) →
:class:`Household` (the roster, where the community provides one); :class:`Responsibility` says
which department answers for a compound or a whole village, with from/to dates so that the history
stays; :class:`CadreAssignment` is the unit's own split of its ground among its cadres;
:class:`VisitMatch` ties each confirmed 附件1 row to the household visited.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ledgers.uploads import private_storage


def annotated_path(instance, filename):
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return f"network/rosters/{instance.community_id}/annotated-{stamp}.xlsx"


class CommunityKind(models.TextChoices):
    COMMUNITY = "community", "社区"
    VILLAGE = "village", "村"


class Community(models.Model):
    """A 社区 (urban community) or 村 (village) of a town: the level the roster comes from."""

    town = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        related_name="communities",
        verbose_name="镇街区",
        limit_choices_to={"kind": "town"},
        help_text="所属镇街区。",
    )
    name = models.CharField("村(社区)", max_length=60, help_text="如“东村社区”“王家村”。")
    kind = models.CharField(
        "类别", max_length=20, choices=CommunityKind.choices, default=CommunityKind.COMMUNITY
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "村(社区)"
        verbose_name_plural = "村(社区)"
        ordering = ["town__sort_order", "town__name", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="community_unique_name"),
        ]

    def __str__(self):
        return f"{self.town} {self.name}"


class Compound(models.Model):
    """A 小区 of a community or a 自然村/组 of a village: the smallest ground that is assigned."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name="村(社区)"
    )
    name = models.CharField("小区/自然村", max_length=80, help_text="如“幸福小区”“前王组”。")
    building_count = models.PositiveIntegerField(
        "楼栋数", default=0, help_text="小区的楼栋数;自然村填 0。"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "小区/自然村"
        verbose_name_plural = "小区/自然村"
        ordering = ["community__town__name", "community__name", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name"),
        ]

    def __str__(self):
        return f"{self.community.name} {self.name}"


class Responsibility(models.Model):
    """包联责任划分: the department that answers for a compound — or, with no compound, for the
    whole village/community — from ``start_on`` until ``end_on`` (open: still responsible).
    Re-assigning closes the old row and opens a new one, so the history stays."""

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name="村(社区)",
    )
    compound = models.ForeignKey(
        Compound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name="小区/自然村",
        help_text="留空表示整个村(社区)由该单位包联。",
    )
    unit = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name="包联单位",
    )
    start_on = models.DateField("起始日期")
    end_on = models.DateField("终止日期", null=True, blank=True, help_text="空表示仍在包联。")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "包联责任"
        verbose_name_plural = "包联责任"
        ordering = ["community__town__name", "community__name", "compound__name", "-start_on"]
        indexes = [models.Index(fields=["unit", "end_on"], name="resp_unit_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="resp_dates_ordered",
            ),
        ]

    def __str__(self):
        place = self.compound.name if self.compound_id else f"{self.community.name}(全村/社区)"
        return f"{place} → {self.unit}"

    # for the Excel export (the same columns the import reads)
    @property
    def town_name(self):
        return self.community.town.name

    @property
    def community_name(self):
        return self.community.name

    @property
    def compound_name(self):
        return self.compound.name if self.compound_id else ""


class RosterImport(models.Model):
    """One roster workbook taken in for a community: who, when, and what became of its rows."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="roster_imports", verbose_name="村(社区)"
    )
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    created_count = models.PositiveIntegerField("新增户数", default=0)
    updated_count = models.PositiveIntegerField("更新户数", default=0)
    review_count = models.PositiveIntegerField("待核实户数", default=0)
    issues = models.JSONField("问题清单", default=list, blank=True)
    annotated = models.FileField(
        "标注问题的工作簿",
        storage=private_storage,
        upload_to=annotated_path,
        max_length=255,
        blank=True,
        help_text="原文件中有问题的单元格已标色并加批注,私有保存。",
    )

    class Meta:
        verbose_name = "花名册导入"
        verbose_name_plural = "花名册导入"
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.community} · {self.original_name}"


class Household(models.Model):
    """A household of the roster (住户花名册): the unit of "一户不漏". Personal data (head of
    household, phone) is seen by the office and the responsible department only."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="households", verbose_name="小区/自然村"
    )
    address = models.CharField("住址", max_length=200, help_text="按花名册原样保存。")
    address_key = models.CharField(
        "地址键",
        max_length=120,
        blank=True,
        db_index=True,
        help_text="楼号-单元-室号的规范形式(中文数字、号楼/栋/幢统一),用于与走访台账匹配。",
    )
    building = models.CharField("楼号", max_length=20, blank=True)
    entrance = models.CharField("单元", max_length=20, blank=True)
    room = models.CharField("室号", max_length=20, blank=True)
    head_name = models.CharField("户主姓名", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    needs_review = models.BooleanField(
        "待核实", default=False, help_text="地址无法拆出楼号/室号或与他户重复,请人工核对。"
    )
    review_note = models.CharField("核实说明", max_length=200, blank=True)
    roster_import = models.ForeignKey(
        RosterImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        verbose_name="来自导入",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "住户"
        verbose_name_plural = "住户花名册"
        ordering = ["compound_id", "address_key", "pk"]
        indexes = [models.Index(fields=["compound", "address_key"], name="household_addr")]

    def __str__(self):
        return f"{self.compound.name} {self.address}"


class CadreAssignment(models.Model):
    """A unit's split of its ground: which of its cadres visits which building (or household) of
    a compound it answers for. Blank building and no household: the whole compound."""

    unit = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
        verbose_name="单位",
    )
    cadre_name = models.CharField("干部姓名", max_length=40)
    compound = models.ForeignKey(
        Compound,
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
        verbose_name="小区/自然村",
    )
    building = models.CharField("楼号", max_length=20, blank=True, help_text="留空表示整个小区。")
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cadre_assignments",
        verbose_name="住户",
    )

    class Meta:
        verbose_name = "干部包户"
        verbose_name_plural = "干部包户"
        ordering = ["unit", "cadre_name", "compound", "building"]

    def __str__(self):
        return f"{self.cadre_name} · {self.compound.name} {self.building}".strip()


class MatchState(models.TextChoices):
    MATCHED = "matched", "已匹配"
    UNMATCHED = "unmatched", "未匹配"
    RESOLVED = "resolved", "人工确认"


class MatchMethod(models.TextChoices):
    ADDRESS = "address", "地址"
    NAME = "name", "地址+姓名"
    PHONE = "phone", "电话"
    HAND = "hand", "人工"
    NONE = "", "—"


class VisitMatch(models.Model):
    """A confirmed 附件1 row and the household it visited — or, unmatched, left for the unit to
    resolve by hand (choose a household or add one). Coverage counts matched households."""

    ledger_row = models.OneToOneField(
        "sheets.LedgerRow",
        on_delete=models.CASCADE,
        related_name="visit_match",
        verbose_name="台账行",
    )
    unit = models.ForeignKey(
        "ledgers.Unit", on_delete=models.CASCADE, related_name="visit_matches", verbose_name="单位"
    )
    year = models.PositiveIntegerField("年度")
    half = models.PositiveSmallIntegerField("半年")
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="住户",
    )
    state = models.CharField(
        "匹配状态", max_length=20, choices=MatchState.choices, default=MatchState.UNMATCHED
    )
    method = models.CharField(
        "匹配方式", max_length=20, choices=MatchMethod.choices, blank=True, default=""
    )
    candidates = models.JSONField(
        "候选住户", default=list, blank=True, help_text="地址相近的住户编号,供人工选择。"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "走访匹配"
        verbose_name_plural = "走访匹配"
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["unit", "state"], name="visitmatch_unit_state"),
            models.Index(fields=["household", "year", "half"], name="visitmatch_household"),
        ]

    def __str__(self):
        return f"{self.ledger_row_id} → {self.household_id or '未匹配'}"
