"""Forms of the year-end assessment (messages in Chinese, what was typed is kept)."""

from decimal import Decimal

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from ledgers.assessment import rules
from ledgers.assessment.models import RuleKind, Scheme
from ledgers.models import Unit


class SchemeForm(WagtailAdminModelForm):
    """The scheme with its indicators: weights must add up to 100, each rule needs its numbers,
    an indicator appears once, and a locked (frozen) scheme cannot be saved."""

    def is_valid(self):
        valid = super().is_valid()
        if self.instance.pk and self.instance.locked:
            self.add_error(None, "本年度考核结果已冻结,方案已锁定,不能修改;更正请用加减分。")
            return False
        if not valid:
            return False
        if self.instance.pk and "year" in self.changed_data:
            self.add_error("year", "方案的年度不能修改;要为另一年度制定方案,请新建年度考核方案。")
            return False
        forms_ = [
            f
            for f in self.formsets["indicators"].forms
            if f.has_changed() or f.instance.pk
            if not (f.cleaned_data.get("DELETE"))
        ]
        ok = True
        seen = {}
        weights = []
        for position, form in enumerate(forms_, start=1):
            data = form.cleaned_data
            code = data.get("code")
            if code in seen:
                form.add_error("code", f"该指标已在第 {seen[code]} 项中,同一指标只能出现一次。")
                ok = False
            seen[code] = position
            weights.append(data.get("weight") or Decimal("0"))
            if data.get("rule") == RuleKind.LINEAR:
                if data.get("full_at") is None or data.get("zero_at") is None:
                    form.add_error("full_at", "按比例计分须填写“满分值”和“零分值”。")
                    ok = False
                elif data["full_at"] == data["zero_at"]:
                    form.add_error("zero_at", "“零分值”不能等于“满分值”。")
                    ok = False
            if data.get("rule") == RuleKind.DEDUCTION and not data.get("per_occurrence"):
                form.add_error("per_occurrence", "按次扣分须填写“每次扣分”。")
                ok = False
            if not data.get("for_towns") and not data.get("for_departments"):
                form.add_error("for_towns", "至少适用于镇街区或市直部门之一。")
                ok = False
        if not forms_:
            self.add_error(None, "请至少添加一个考核指标。")
            return False
        if not rules.weights_sum_to_100(weights):
            total = sum(weights, Decimal("0"))
            self.add_error(
                None, f"各指标分值合计为 {total.normalize():f},须为 100,请调整后再保存。"
            )
            ok = False
        return ok

    def save(self, commit=True):
        if self.instance.pk:
            self.instance.version = (self.instance.version or 0) + 1
        return super().save(commit=commit)


class NewSchemeForm(forms.Form):
    year = forms.IntegerField(
        label="年度", min_value=2016, max_value=2100, help_text="要制定考核方案的年度。"
    )
    source = forms.ModelChoiceField(
        label="复制自",
        queryset=Scheme.objects.all(),
        required=False,
        empty_label="不复制,使用系统默认指标",
        help_text="通常复制上一年度的方案再作修改。",
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Scheme.objects.filter(year=year).exists():
            raise forms.ValidationError(f"{year}年度的考核方案已经存在,请在列表中打开修改。")
        return year


class AdjustmentForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="单位", queryset=Unit.objects.active(), widget=forms.HiddenInput
    )
    points = forms.DecimalField(
        label="分数",
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("-100"),
        max_value=Decimal("100"),
        help_text="加分填正数,扣分填负数,如 2 或 -1.5。",
        error_messages={"invalid": "请填写数字,如 2 或 -1.5。"},
    )
    reason = forms.CharField(
        label="理由", max_length=300, help_text="加分或扣分的理由和依据,如“获市级表彰(文号)”。"
    )

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError("分数不能为 0:加分填正数,扣分填负数。")
        return points


class FreezeForm(forms.Form):
    as_of = forms.DateField(
        label="数据截至",
        help_text="按此日期计算并冻结考核结果,通常为年度最后一天或考核截止日。",
        error_messages={"invalid": "请按“2026-12-31”的格式填写日期。"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
