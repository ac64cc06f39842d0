"""Small forms of the finding's actions (the inspection itself is edited in its viewset)."""

from django import forms

from ledgers.inspections import rules
from ledgers.inspections.models import Decision


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理决定",
        choices=[
            (Decision.PENDING, Decision.PENDING.label),
            (Decision.NOTIFY, Decision.NOTIFY.label),
            (Decision.TRANSFER, Decision.TRANSFER.label),
        ],
        help_text="交办整改请用下面的“交办整改”。",
    )
    note = forms.CharField(
        label="处理说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="通报的范围;移送的,写明移送的机关和事由(必填)。",
    )


class HandOverForm(forms.Form):
    time_limit_days = forms.IntegerField(
        label="办理时限(工作日)",
        min_value=1,
        max_value=rules.HAND_OVER_TIME_LIMIT_MAX,
        initial=rules.HAND_OVER_TIME_LIMIT_DEFAULT,
        error_messages={
            "required": "请填写办理时限。",
            "invalid": "办理时限请填写整数,如 10。",
            "min_value": "办理时限至少 1 个工作日。",
            "max_value": f"办理时限最多 {rules.HAND_OVER_TIME_LIMIT_MAX} 个工作日。",
        },
    )
    note = forms.CharField(
        label="交办要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern of Django's documentation): a list of files."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label="照片或文件",
        widget=MultipleFileInput(attrs={"multiple": True, "accept": "image/jpeg,image/png,.pdf"}),
        help_text=f"JPG、PNG 或 PDF,每个不超过 10 MB,每条问题最多 {rules.EVIDENCE_MAX_FILES} 个;"
        "照片中的拍摄地点等信息会被清除。",
        error_messages={"required": "请选择要上传的照片或文件。"},
    )


class PublicationForm(forms.Form):
    title = forms.CharField(label="曝光标题", max_length=100, required=False)
    text = forms.CharField(
        label="曝光内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="留空则用问题描述;姓名、电话、身份证号、门牌号会被自动隐去。"
        "须由另一名纪委工作人员审核后才公开。",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200, required=False)
