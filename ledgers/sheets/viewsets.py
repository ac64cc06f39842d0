"""Admin viewsets of the sheets module (registered in wagtail_hooks.py)."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.permissions import UnitScope, UnitScopedViewSetMixin
from ledgers.sheets.admin_forms import (
    TradeCategoryEditView,
    TradeCategoryForm,
    review_code_filterset,
)
from ledgers.sheets.models import LedgerRow, LedgerUpload, Obligation, Period, UnitTradeCategory


class PeriodViewSet(ModelViewSet):
    """Office: reporting periods and their due dates (defaults from the policy)."""

    model = Period
    inspect_view_enabled = True  # read-only roles open rows here
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
    """Uploads, each unit sees its own; the pages at /admin/sheets/ do the uploading and confirming."""

    model = LedgerUpload
    unit_scope = UnitScope("unit")
    icon = "doc-full"
    menu_label = "台账上传记录"
    form_fields = ["message"]  # uploads are made at /admin/sheets/; the office may annotate them
    copy_view_enabled = False
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
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "person_name",
        "phone",
        "category",
        "problem_content",
        "upload",
        "row_number",
        "review_state",
        "review_codes",
    ]
    filterset_class = review_code_filterset()
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
        "review_state",
        "review_codes",
    ]
    search_fields = ["person_name", "phone", "problem_content", "address"]
    search_backend_name = None

    def get_queryset(self, request):
        return LedgerRow.objects.current().select_related(
            "upload__unit", "upload__period", "category", "trade_category"
        )


class UnitTradeCategoryViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """Each unit's own 行业领域 problem types (附件4), grown from what it files. Units see their
    own; the office sees all and merges spellings (edit → 并入). Never the public list."""

    model = UnitTradeCategory
    unit_scope = UnitScope("unit")
    icon = "tag"
    menu_label = "行业领域问题类型"
    form_class = TradeCategoryForm
    edit_view_class = TradeCategoryEditView
    form_fields = ["name", "merged_into"]
    add_view_enabled = False  # types come from the ledgers the units file
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "name",
        "unit",
        "merged_into",
        Column("row_total", label="台账行数"),
        "created_at",
    ]
    list_filter = ["unit"]
    list_export = ["unit", "name", "merged_into", "created_at"]
    search_fields = ["name", "unit__name"]
    search_backend_name = None

    def get_queryset(self, request):
        from django.db.models import Count

        return UnitTradeCategory.objects.select_related("unit", "merged_into").annotate(
            row_total=Count("rows")
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
        UnitTradeCategoryViewSet("sheet_trade_categories"),
    )
