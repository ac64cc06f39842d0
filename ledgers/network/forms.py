"""Forms of the field network: the roster and assignment-table uploads (checked by content and
size before any decoding, like the ledgers), a responsibility, the coverage period and the
resolution of an unmatched visit."""

from django import forms
from django.utils import timezone

from ledgers.models import Unit, UnitKind
from ledgers.network.models import Community, Compound, Household
from ledgers.sheets.forms import KIND_HELP, clean_workbook


class RosterImportForm(forms.Form):
    community = forms.ModelChoiceField(Community.objects.none(), label="村(社区)")
    file = forms.FileField(
        label="花名册文件",
        help_text="表头需有“小区”“住址”,可有“户主姓名”“联系电话”,列的顺序不限。" + KIND_HELP,
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities

    def clean_file(self):
        return clean_workbook(self.cleaned_data["file"])[0]


class AssignmentImportForm(forms.Form):
    file = forms.FileField(
        label="包联责任划分表",
        help_text="列:镇街区、村(社区)、小区(留空表示整村/整个社区)、包联单位、起始日期。"
        + KIND_HELP,
    )

    def clean_file(self):
        return clean_workbook(self.cleaned_data["file"])[0]


class ResponsibilityForm(forms.Form):
    community = forms.ModelChoiceField(Community.objects.select_related("town"), label="村(社区)")
    compound = forms.ModelChoiceField(
        Compound.objects.select_related("community"),
        label="小区/自然村",
        required=False,
        help_text="留空表示整个村(社区)由该单位包联。",
    )
    unit = forms.ModelChoiceField(
        Unit.objects.active().filter(kind=UnitKind.DEPARTMENT), label="包联单位"
    )
    start_on = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        compound, community = data.get("compound"), data.get("community")
        if compound and community and compound.community_id != community.pk:
            self.add_error("compound", f"“{compound.name}”不属于“{community.name}”,请重新选择。")
        return data


class PeriodForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2016, max_value=2100)
    half = forms.TypedChoiceField(
        label="期间",
        choices=[("", "全年"), ("1", "上半年"), ("2", "下半年")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        initial = {"year": today.year, "half": 1 if today.month <= 6 else 2}
        merged = {**{k: str(v) for k, v in initial.items()}, **(data.dict() if data else {})}
        super().__init__(merged, **kwargs)


class ResolveForm(forms.Form):
    household = forms.ModelChoiceField(
        Household.objects.none(), label="选择住户", required=False, empty_label="(不选,补录新住户)"
    )
    compound = forms.ModelChoiceField(Compound.objects.none(), label="补录到小区", required=False)
    address = forms.CharField(label="住址", max_length=200, required=False)
    head_name = forms.CharField(label="户主姓名", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)

    def __init__(self, *args, households=None, compounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["compound"].queryset = compounds

    def clean(self):
        data = super().clean()
        if not data.get("household") and not (data.get("compound") and data.get("address")):
            raise forms.ValidationError("请选择一户;或选择小区并填写住址,补录为新住户。")
        return data
