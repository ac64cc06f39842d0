"""The plan edit form: a clerk files for their own unit only and picks only the plan types their
unit must file; the office may file for any unit."""

import os

from django import forms
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm

from ledgers.plans.models import PlanType
from ledgers.roles import is_office, unit_of


class PrivateFileInput(forms.ClearableFileInput):
    """A file input that never links to a storage URL (private files have none); it shows the
    stored file's name and, when the form sets ``download_url``, a link to the checked download
    view."""

    template_name = "plans/widgets/private_file_input.html"
    download_url = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["file_name"] = os.path.basename(getattr(value, "name", "") or "")
        context["widget"]["download_url"] = self.download_url
        return context


class PlanForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.office = is_office(user)
        if not self.office and self.instance.pk is None:
            # Clerks never choose the unit: it is always their own.
            self.instance.unit = unit_of(user)
        if "plan_type" in self.fields:
            types = PlanType.objects.filter(is_active=True)
            unit = self.instance.unit if self.instance.unit_id else None
            if not self.office and unit is not None:
                types = types.filter(pk__in=[t.pk for t in types if t.applies_to_unit(unit)])
            if self.instance.plan_type_id:
                types = types | PlanType.objects.filter(pk=self.instance.plan_type_id)
            self.fields["plan_type"].queryset = types.distinct()
        if "document" in self.fields and self.instance.pk and self.instance.document:
            widget = self.fields["document"].widget
            if isinstance(widget, PrivateFileInput):
                widget.download_url = reverse("plans:download", args=[self.instance.pk])

    def clean(self):
        cleaned = super().clean()
        if "unit" in self.fields:
            unit = cleaned.get("unit")
        else:
            unit = self.instance.unit if self.instance.unit_id else None
        plan_type = cleaned.get("plan_type", self.instance.plan_type_id and self.instance.plan_type)
        year = cleaned.get("year", self.instance.year)
        if unit is None and not self.office:
            raise forms.ValidationError("您的账号未关联单位,不能报送方案,请联系作风办。")
        if unit is None:
            self.add_error("unit", "请选择报送单位。")
            return cleaned
        if plan_type is not None and not plan_type.applies_to_unit(unit):
            self.add_error("plan_type", f"“{unit}”不在“{plan_type}”的报送范围内。")
        if plan_type is not None and year:
            clash = (
                self._meta.model.objects.filter(unit=unit, year=year, plan_type=plan_type)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if clash is not None:
                self.add_error(
                    "plan_type",
                    f"“{unit}”{year}年度的“{plan_type}”已经存在(“{clash}”),"
                    "请在原方案上修改后重新提交,历次版本都会保留。",
                )
        return cleaned
