"""Forms of the case workbench (one per action) and the public status page."""

from django import forms

from ledgers.fields import MultipleFileField
from ledgers.models import Unit
from ledgers.rectification import rules
from ledgers.rectification.models import NoteKind, Outcome


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="责任单位", queryset=Unit.objects.none(), empty_label="请选择单位"
    )
    time_limit_days = forms.IntegerField(
        label="办理时限（工作日）",
        min_value=1,
        max_value=180,
        initial=rules.DEFAULT_TIME_LIMIT_WORKING_DAYS,
        help_text="按法定节假日和调休计算；自签收起算，交办后1个工作日未签收自动起算。",
    )
    flag = forms.BooleanField(label="挂牌督办", required=False)
    override_reason = forms.CharField(
        label="回避规则例外理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅当交由被反映单位办理时填写，将记入日志。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class FlagForm(forms.Form):
    reason = forms.CharField(label="督办事由", max_length=200)


class HandleForm(forms.Form):
    section = forms.CharField(label="责任科室", max_length=60)
    person = forms.CharField(label="责任人", max_length=40)
    measures = forms.CharField(
        label="整改措施", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=NoteKind.choices, initial=NoteKind.PROGRESS)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label="延期工作日数", min_value=1, max_value=60)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))


class DecideExtensionForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="审批",
        choices=[("grant", "同意延期"), ("refuse", "不同意")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubmitForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices, widget=forms.RadioSelect)
    detail = forms.CharField(
        label="结果说明",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="已解决：解决情况；分期解决：解决计划；不符合政策：向群众所作的解释。",
    )
    staged_until = forms.DateField(
        label="分期解决完成日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text=f"照片（JPEG/PNG）、PDF、Word；每个不超过{rules.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB，最多{rules.EVIDENCE_MAX_FILES}个。",
    )


class CloseForm(forms.Form):
    answer = forms.CharField(
        label="答复群众",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="举报箱问题的答复显示在公开查询页。",
    )
    publish = forms.BooleanField(
        label="在“问题整改公示”中公开（自动去除姓名、电话、门牌号）", required=False
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(label="退回重办理由", widget=forms.Textarea(attrs={"rows": 3}))
    extra_days = forms.IntegerField(
        label="重新给予的办理时限（工作日）",
        min_value=1,
        max_value=60,
        required=False,
        help_text="留空则保持原期限。",
    )


class PublishForm(forms.Form):
    publish = forms.BooleanField(label="公开", required=False)


class PlaceForm(forms.Form):
    town = forms.CharField(label="镇街区", required=False, max_length=60)
    village = forms.CharField(label="村（社区）", required=False, max_length=60)
    compound = forms.CharField(label="小区/自然村", required=False, max_length=80)

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("town", "village", "compound")):
            raise forms.ValidationError("请至少填写一个地点。")
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    threshold = forms.IntegerField(
        label="居民人数不少于", min_value=2, max_value=100, initial=rules.CLUSTER_MIN_RESIDENTS
    )


class MergeForm(forms.Form):
    primary = forms.IntegerField(label="保留的问题编号")
    duplicates = forms.CharField(label="并入的问题编号", help_text="多个编号用逗号分隔。")

    def clean_duplicates(self):
        raw = self.cleaned_data["duplicates"].replace(",", ",")
        try:
            return [int(x) for x in raw.split(",") if x.strip()]
        except ValueError as exc:
            raise forms.ValidationError("请填写问题编号，多个用逗号分隔。") from exc
