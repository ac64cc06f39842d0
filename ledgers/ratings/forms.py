"""The public rating form: five levels, the points, optional comment, name and phone; the
report box's captcha and honeypot."""

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError

from ledgers.chinese_forms import FullWidthLabelsMixin
from ledgers.phones import normalise_phone
from ledgers.ratings import rules
from ledgers.ratings.models import Aspect
from ledgers.reportbox.forms import ImageCaptchaInput
from ledgers.satisfaction import Satisfaction


class RatingCaptchaInput(ImageCaptchaInput):
    """The report box's image captcha; the human path next to it speaks of rating by phone."""

    template_name = "ratings/widgets/captcha.html"


class RatingForm(FullWidthLabelsMixin, forms.Form):
    level = forms.ChoiceField(
        label="总体评价",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择一个评价等级。"},
    )
    aspects = forms.MultipleChoiceField(
        label="这次评价主要针对（可多选，选填）",
        choices=Aspect.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label="意见建议（选填）",
        required=False,
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": rules.COMMENT_MAX}),
        help_text=f"最多 {rules.COMMENT_MAX} 字。",
        error_messages={"max_length": f"意见建议最多 {rules.COMMENT_MAX} 字。"},
    )
    name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    phone = forms.CharField(
        label="联系电话（选填）",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text="只有作风办能看到。给出“不满意”或“非常不满意”并留下电话的，作风办将交窗口单位整改，并回访您。",
    )
    # Honeypot: hidden from people (CSS, no tab stop); bots fill every field.
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = CaptchaField(
        label="验证码",
        widget=RatingCaptchaInput(),
        error_messages={
            "invalid": "验证码答案不正确，请看新的题目重新计算。",
            "required": "请填写验证码。",
        },
        help_text="请计算图片中算术题的答案，填阿拉伯数字。",
    )

    def clean_phone(self):
        """Checked with the portal's phone normaliser; stored as typed (trimmed)."""
        value = (self.cleaned_data.get("phone") or "").strip()
        _, problem = normalise_phone(value)
        if problem:
            raise ValidationError(
                "请填写正确的手机号（11位）或带区号的固定电话（只填一个号码），如 0535-3221234。"
            )
        return value

    def clean_name(self):
        return (self.cleaned_data.get("name") or "").strip()

    def clean_comment(self):
        return (self.cleaned_data.get("comment") or "").strip()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(
                "提交未被接受：检测到自动填写的隐藏字段。如您是人工填写，请刷新页面后重试。",
                code="honeypot",
            )
        return ""
