"""Admin menus: periods and obligations (office), uploads and rows (unit-scoped), a link to the
upload and board pages at /sheets/, and the log action types of this module."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.permissions import UnitScope, UnitScopedViewSetMixin
from ledgers.sheets.models import LedgerRow, LedgerUpload, Obligation, Period


class PeriodViewSet(ModelViewSet):
    """Office: reporting periods and their due dates (defaults from the policy)."""

    model = Period
    icon = "date"
    menu_label = "报送期次"
    list_display = ["__str__", "due_att5", "due_att3", "due_att1", "is_open"]
    list_filter = ["year", "half", "is_open"]
    list_export = ["year", "half", "due_att1", "due_att2", "due_att3", "due_att4", "due_att5"]
    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("half")]),
        FieldRowPanel([FieldPanel("due_att1"), FieldPanel("due_att2")]),
        FieldRowPanel([FieldPanel("due_att3"), FieldPanel("due_att4"), FieldPanel("due_att5")]),
        FieldPanel("is_open"),
    ]
    search_fields = ["year"]
    search_backend_name = None


class ObligationViewSet(ModelViewSet):
    """Office: which unit owes which attachment in a period (generated, editable)."""

    model = Obligation
    icon = "list-ul"
    menu_label = "报送任务"
    list_display = ["period", "unit", "attachment"]
    list_filter = ["period", "attachment", "unit__kind"]
    list_export = ["period", "unit", "attachment"]
    form_fields = ["period", "unit", "attachment"]
    search_fields = ["unit__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return Obligation.objects.select_related("period", "unit")


class LedgerUploadViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Uploads, each unit sees its own; the pages at /sheets/ do the uploading and confirming."""

    model = LedgerUpload
    unit_scope = UnitScope("unit")
    icon = "doc-full"
    menu_label = "台账上传记录"
    form_fields = ["message"]  # uploads are made at /sheets/; the office may annotate them
    inspect_view_enabled = True
    list_display = [
        "unit",
        "period",
        "attachment",
        "status",
        "row_count",
        "error_count",
        "uploaded_at",
    ]
    list_filter = ["period", "attachment", "status"]
    list_export = [
        "unit",
        "period",
        "attachment",
        "status",
        "original_name",
        "row_count",
        "error_count",
        "warning_count",
        "uploaded_at",
        "confirmed_at",
    ]
    inspect_view_fields = [
        "unit",
        "period",
        "attachment",
        "status",
        "original_name",
        "file_kind",
        "row_count",
        "error_count",
        "warning_count",
        "message",
        "uploaded_by",
        "uploaded_at",
        "confirmed_by",
        "confirmed_at",
    ]
    search_fields = ["original_name", "unit__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return LedgerUpload.objects.select_related("unit", "period")


class LedgerRowViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Saved ledger rows (of confirmed uploads), searchable and exportable, unit-scoped."""

    model = LedgerRow
    unit_scope = UnitScope("upload__unit")
    icon = "table"
    menu_label = "台账明细"
    form_fields = ["remarks"]  # rows come from uploads; the office may add a remark
    inspect_view_enabled = True
    list_display = ["person_name", "phone", "category", "problem_content", "upload", "row_number"]
    list_filter = ["upload__period", "upload__attachment", "category", "area", "sphere"]
    list_export = [
        "upload",
        "sheet_name",
        "row_number",
        "person_name",
        "phone",
        "address",
        "category",
        "problem_content",
        "handling",
        "responsible_unit",
        "remarks",
        "cadre",
        "area",
        "sphere",
    ]
    search_fields = ["person_name", "phone", "problem_content", "address"]
    search_backend_name = None

    def get_queryset(self, request):
        return LedgerRow.objects.current().select_related(
            "upload__unit", "upload__period", "category"
        )


class SheetsGroup(ViewSetGroup):
    menu_label = "半年台账"
    menu_icon = "table"
    menu_order = 400
    items = (
        PeriodViewSet("sheet_periods"),
        ObligationViewSet("sheet_obligations"),
        LedgerUploadViewSet("sheet_uploads"),
        LedgerRowViewSet("sheet_rows"),
    )


@hooks.register("register_admin_viewset")
def register_sheets():
    return SheetsGroup()


class SheetsPagesMenuItem(MenuItem):
    def is_shown(self, request):
        from ledgers.roles import is_office, unit_of

        return is_office(request.user) or unit_of(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_sheets_pages():
    return SheetsPagesMenuItem(
        "台账报送与看板", reverse("sheets:index"), icon_name="upload", order=401
    )


@hooks.register("register_log_actions")
def register_sheets_actions(actions):
    actions.register_action("sheets.confirm", "确认台账", "确认台账并替换旧版本")
    actions.register_action("sheets.restore", "恢复台账", "恢复台账历史版本")
