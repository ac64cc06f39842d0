"""Admin viewsets of the plans module (registered in wagtail_hooks.py)."""

import datetime

from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from ledgers.permissions import UnitScope, UnitScopedViewSetMixin
from ledgers.plans import views
from ledgers.plans.forms import PlanForm, PrivateFileInput
from ledgers.plans.models import Plan, PlanAttachment, PlanType, ReminderLog

OFFICE_ONLY = "plans.publish_plan"


class PlanTypeViewSet(ModelViewSet):
    """The office sets which plans are required, from whom, and by when."""

    model = PlanType
    icon = "list-ul"
    menu_label = "方案类型"
    list_display = ["name", "applies_to", "deadline_label", "is_active"]
    list_filter = ["applies_to", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = [
        "name",
        "description",
        "applies_to",
        "units",
        "deadline_month",
        "deadline_day",
        "is_active",
        "sort_order",
    ]
    add_to_admin_menu = False


class ReminderLogViewSet(ModelViewSet):
    """Read-only record of the reminder e-mails sent by ``send_plan_reminders`` (office)."""

    model = ReminderLog
    icon = "mail"
    menu_label = "提醒记录"
    list_display = ["sent_on", "kind", "unit", "plan_type", "subject", "recipients"]
    list_filter = ["kind", "year", "plan_type"]
    search_fields = ["subject", "recipients", "unit__name"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["subject"]

    def get_queryset(self, request):
        return ReminderLog.objects.select_related("unit", "plan_type")


class PlanCreateView(SnippetViewSet.add_view_class):
    def get_initial(self):
        initial = super().get_initial()
        if (plan_type := self.request.GET.get("plan_type", "")).isdigit():
            initial["plan_type"] = int(plan_type)
        return initial


class PlanInspectView(SnippetViewSet.inspect_view_class):
    EXTRA_LABELS = {"document_link": "方案文件", "attachment_links": "附件", "versions": "历次版本"}

    def get_field_label(self, field_name, field):
        if field_name in self.EXTRA_LABELS:
            return self.EXTRA_LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return super().get_field_display_value(field_name, field)

    def get_document_link_display_value(self):
        return views.document_link(self.object)

    def get_attachment_links_display_value(self):
        return views.attachment_links(self.object)

    def get_versions_display_value(self):
        return views.version_links(self.object)


PlanAttachment.panels = [
    FieldRowPanel([FieldPanel("title"), FieldPanel("file", widget=PrivateFileInput)])
]


class PlanViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    """Clerks file plans for their own unit; the office reviews them through the workflow
    「实施方案审核备案」. Every single-object view refuses another unit's plan."""

    model = Plan
    unit_scope = UnitScope("unit")
    icon = "doc-full"
    menu_label = "实施方案"
    menu_order = 100
    add_view_class = PlanCreateView
    inspect_view_class = PlanInspectView
    inspect_view_enabled = True
    copy_view_enabled = False  # a plan is filed through the workflow, never copied
    inspect_view_fields = [
        "unit",
        "year",
        "plan_type",
        "title",
        "summary",
        "document_link",
        "attachment_links",
        "contact_person",
        "contact_phone",
        "status",
        "first_submitted_at",
        "last_submitted_at",
        "filing_number",
        "filed_at",
        "versions",
    ]
    list_display = [
        "title",
        "unit",
        "plan_type",
        "year",
        "status",
        "filing_number",
        "last_submitted_at",
    ]
    list_filter = ["year", "plan_type", "status", "unit"]
    list_export = [
        "unit",
        "year",
        "plan_type",
        "title",
        "contact_person",
        "contact_phone",
        "get_status_display",
        "first_submitted_at",
        "last_submitted_at",
        "filing_number",
        "filed_at",
    ]
    export_headings = {"get_status_display": "审核状态"}
    export_filename = "实施方案"
    search_fields = ["title", "summary", "unit__name", "filing_number"]
    search_backend_name = None
    ordering = ["-year", "unit__sort_order", "plan_type__sort_order"]
    edit_handler = ObjectList(
        [
            FieldPanel("unit", permission=OFFICE_ONLY),
            FieldRowPanel([FieldPanel("year"), FieldPanel("plan_type")]),
            FieldPanel("title"),
            FieldPanel("summary"),
            FieldPanel("document", widget=PrivateFileInput),
            InlinePanel("attachments", label="附件", heading="附件(可选)"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("contact_person"), FieldPanel("contact_phone")])],
                heading="联系人",
            ),
        ],
        base_form_class=PlanForm,
    )

    def get_queryset(self, request):
        return Plan.objects.select_related(
            "unit", "plan_type", "latest_revision", "locked_by", "live_revision"
        )


class PlansGroup(ViewSetGroup):
    menu_label = "实施方案备案"
    menu_icon = "doc-full"
    menu_order = 300
    items = (
        PlanViewSet(),
        PlanTypeViewSet("plan_types"),
        ReminderLogViewSet("plan_reminders"),
    )
