"""Admin forms and filters of the ledger viewsets: the 待核实 filters of the row listing and the
merge form of a unit's 行业领域 problem types."""

import django_filters
from django import forms
from django.db import transaction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView
from wagtail.log_actions import log

from ledgers.sheets.models import FindingCode, LedgerRow, ReviewState, UnitTradeCategory


def review_code_filterset():
    """The row listing's filters: period, attachment, type, area, sphere, 核实状态 and 待核实原因."""

    class LedgerRowFilterSet(WagtailFilterSet):
        review_state = django_filters.ChoiceFilter(
            label="核实状态", choices=ReviewState.choices, empty_label="全部"
        )
        review_code = django_filters.ChoiceFilter(
            label="待核实原因",
            choices=FindingCode.choices,
            method="filter_code",
            empty_label="全部",
        )

        class Meta:
            model = LedgerRow
            fields = ["upload__period", "upload__attachment", "category", "area", "sphere"]

        def filter_code(self, queryset, name, value):
            return queryset.filter(review_codes__contains=f",{value},")

    return LedgerRowFilterSet


class TradeCategoryForm(WagtailAdminModelForm):
    """Rename a spelling, or merge it into another spelling of the same unit."""

    class Meta:
        model = UnitTradeCategory
        fields = ["name", "merged_into"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            self.fields["merged_into"].queryset = UnitTradeCategory.objects.filter(
                unit_id=instance.unit_id, merged_into__isnull=True
            ).exclude(pk=instance.pk)

    def clean_merged_into(self):
        target = self.cleaned_data.get("merged_into")
        if target is None:
            return target
        if target.unit_id != self.instance.unit_id:
            raise forms.ValidationError("只能并入同一单位的行业领域问题类型。")
        if target.pk == self.instance.pk or target.kept().pk == self.instance.pk:
            raise forms.ValidationError("不能并入自己,也不能互相并入。请选择要保留的写法。")
        return target

    def clean_name(self):
        name = self.cleaned_data["name"].strip(" \t\r\n\u3000")
        if not name:
            raise forms.ValidationError("请填写问题类型名称。")
        return name


def merge_trade_category(spelling, user=None):
    """Move the rows of ``spelling`` to the spelling it was merged into; logged."""
    target = spelling.kept()
    if target.pk == spelling.pk:
        return 0
    with transaction.atomic():
        moved = LedgerRow.objects.filter(trade_category=spelling).update(trade_category=target)
        log(
            spelling,
            "sheets.trade_merge",
            user=user,
            data={"into": target.name, "into_id": target.pk, "rows": moved},
        )
    return moved


class TradeCategoryEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        if instance.merged_into_id:
            merge_trade_category(instance, self.request.user)
        return instance
