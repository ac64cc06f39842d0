"""便民服务 service points (issue 14, point 5).

The policy: "进一步加强镇级便民服务中心、村级便民服务代办点和代办员建设,让群众不出村、不出镇就能得到
优质的服务". A :class:`ServicePoint` is a town's 便民服务中心 (no village) or a village's 代办点
(a :class:`~ledgers.network.models.Community` of the same town). Each point has its
:class:`Agent` rows (代办员; the phone is published only when the unit chooses ``public``) and the
:class:`PointItem` rows naming the approval items (``home.ApprovalItem``) it accepts on the spot
(受理) or takes in and forwards to the window (代办).

A point without any item, or without a 代办员, "needs attention": the office sees it flagged in
the listing and on its home screen.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from home.lean import LeanPageMixin
from home.models import SEGMENT_FIELDS, SegmentedSearchMixin


class PointKind(models.TextChoices):
    CENTRE = "centre", "便民服务中心"
    AGENCY = "agency", "代办点"


class ItemMode(models.TextChoices):
    ACCEPT = "accept", "受理"
    FORWARD = "forward", "代办"


class ServicePointQuerySet(models.QuerySet):
    def with_flags(self):
        """Annotate ``has_items`` and ``has_agents`` (two EXISTS, no query per row)."""
        return self.annotate(
            has_items=Exists(PointItem.objects.filter(point=OuterRef("pk"))),
            has_agents=Exists(Agent.objects.filter(point=OuterRef("pk"))),
        )

    def needing_attention(self):
        return self.with_flags().filter(Q(has_items=False) | Q(has_agents=False))

    def public(self):
        return self.filter(is_active=True)


class ServicePoint(ClusterableModel):
    """A town's 便民服务中心 or a village's 便民服务代办点."""

    town = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        related_name="service_points",
        verbose_name="镇街区",
        limit_choices_to={"kind": "town"},
        help_text="服务点所属镇街区;镇街区填报员新建时自动取本单位。",
    )
    village = models.ForeignKey(
        "network.Community",
        on_delete=models.PROTECT,
        related_name="service_points",
        verbose_name="村(社区)",
        null=True,
        blank=True,
        help_text="代办点所在的村(社区);便民服务中心留空。",
    )
    kind = models.CharField(
        "类别", max_length=20, choices=PointKind.choices, default=PointKind.AGENCY
    )
    name = models.CharField("名称", max_length=100, help_text="如“王家村便民服务代办点”。")
    address = models.CharField("地址", max_length=200)
    hours = models.CharField(
        "办公时间", max_length=200, blank=True, help_text="如“工作日 8:30-12:00,13:30-17:30”。"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    is_active = models.BooleanField(
        "正在运行", default=True, help_text="停用的服务点不在网站上公开。"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = ServicePointQuerySet.as_manager()

    # The content API (home/api.py): public fields only; agents' phones only where public.
    api_fields = [
        APIField("kind"),
        APIField("kind_label"),
        APIField("name"),
        APIField("town_name"),
        APIField("village_name"),
        APIField("address"),
        APIField("hours"),
        APIField("phone"),
        APIField("public_agents"),
        APIField("accepted_items"),
    ]

    class Meta:
        verbose_name = "便民服务点"
        verbose_name_plural = "便民服务点"
        ordering = ["town__sort_order", "town__name", "kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="servicepoint_unique_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == PointKind.AGENCY and not self.village_id:
            raise ValidationError({"village": "代办点必须选择所在的村(社区)。"})
        if self.village_id and self.town_id and self.village.town_id != self.town_id:
            raise ValidationError({"village": "所选村(社区)不属于该镇街区。"})

    @property
    def town_name(self):
        return str(self.town)

    @property
    def village_name(self):
        return self.village.name if self.village_id else ""

    @property
    def kind_label(self):
        return self.get_kind_display()

    def public_agents(self):
        """代办员 as the public sees them: the name, and the phone only where the unit chose so."""
        return [
            {"name": agent.name, "phone": agent.phone if agent.public else ""}
            for agent in self.agents.all()
        ]

    @property
    def accepted_items(self):
        """The items of live guides this point takes: id, name, 受理/代办, the window."""
        return [
            {
                "id": row.item_id,
                "name": row.item.name,
                "mode": row.mode,
                "mode_label": row.get_mode_display(),
                "window": str(row.item.page.unit),
            }
            for row in self.items.all()
            if row.item.page.live
        ]

    @property
    def attention_label(self):
        """What the office should look at ("" when nothing)."""
        has_items = getattr(self, "has_items", None)
        has_agents = getattr(self, "has_agents", None)
        if has_items is None:
            has_items = self.items.exists()
        if has_agents is None:
            has_agents = self.agents.exists()
        missing = [
            text
            for text, present in (("未配事项", has_items), ("未配代办员", has_agents))
            if not present
        ]
        return "、".join(missing)


class Agent(Orderable):
    """A 代办员 of a point. The phone reaches the public only when ``public`` is set."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="agents")
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("电话", max_length=40, blank=True)
    public = models.BooleanField(
        "公开电话", default=False, help_text="由本单位决定;不公开时网站和告知单只显示姓名。"
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("phone"), FieldPanel("public")])]

    class Meta(Orderable.Meta):
        verbose_name = "代办员"
        verbose_name_plural = "代办员"

    def __str__(self):
        return self.name


class PointItem(Orderable):
    """An approval item a point accepts itself (受理) or takes in and forwards (代办)."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        "home.ApprovalItem",
        on_delete=models.CASCADE,
        related_name="service_points",
        verbose_name="审批服务事项",
    )
    mode = models.CharField(
        "方式", max_length=20, choices=ItemMode.choices, default=ItemMode.FORWARD
    )

    panels = [FieldRowPanel([FieldPanel("item"), FieldPanel("mode")])]

    class Meta(Orderable.Meta):
        verbose_name = "可办事项"
        verbose_name_plural = "可办事项"
        # no unique (point, item) constraint: a clerk who removes an item and adds it again in
        # one save would hit it (the form saves new rows before deleting removed ones); the
        # form refuses duplicates instead (ServicePointForm.clean)

    def __str__(self):
        return f"{self.item} ({self.get_mode_display()})"


class ServicePointIndexPage(LeanPageMixin, SegmentedSearchMixin, Page):
    """便民服务点: the public directory of the service points by town, then village, with a
    town/village filter that works without JavaScript."""

    cache_snippet_models = (
        "ledgers.Unit",
        "network.Community",
        "servicepoints.ServicePoint",
        "servicepoints.Agent",
        "servicepoints.PointItem",
    )

    intro = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields + SEGMENT_FIELDS
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "便民服务点目录"

    def search_source_text(self):
        return [self.title, self.intro]

    def get_context(self, request, *args, **kwargs):
        from ledgers.servicepoints import public

        context = super().get_context(request, *args, **kwargs)
        towns, villages, town_id, village_id, groups = public.directory(
            public.parse_id(request.GET.get("town")), public.parse_id(request.GET.get("village"))
        )
        context.update(
            towns=towns,
            villages=villages,
            current_town=town_id,
            current_village=village_id,
            groups=groups,
        )
        return context
