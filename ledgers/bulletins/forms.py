"""The generation form: the template, its parameters and the texts of the bulletin."""

from django import forms
from django.conf import settings

from ledgers.bulletins.models import Kind
from ledgers.bulletins.services import DEFAULT_ADDRESSEES

# Which parameters each template needs, with the message when one is missing.
REQUIRED = {
    Kind.LEDGERS: {"period": "请选择报送期次(台账报送情况通报需要选择期次)。"},
    Kind.RECTIFICATION: {"as_of": "请填写统计截止日期(逾期及预警整改问题通报需要)。"},
    Kind.SPOTCHECK: {"round": "请选择抽查轮次(抽查回访结果通报需要选择轮次)。"},
    Kind.INSPECTIONS: {
        "date_from": "请填写开始日期(明察暗访发现问题通报需要日期范围)。",
        "date_to": "请填写结束日期(明察暗访发现问题通报需要日期范围)。",
    },
}


def _drawn_rounds():
    from ledgers.spotchecks.models import Round, RoundState

    return Round.objects.exclude(state=RoundState.DRAFT).order_by("-year", "-season")


def _periods():
    from ledgers.sheets.models import Period

    return Period.objects.all()


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label="通报类型", choices=Kind.choices)
    period = forms.ModelChoiceField(
        label="报送期次",
        queryset=_periods(),
        required=False,
        help_text="台账报送情况通报:统计哪一期的台账。",
    )
    as_of = forms.DateField(
        label="统计截止日期",
        required=False,
        help_text="逾期及预警整改问题通报:按这一天判断是否逾期。",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    round = forms.ModelChoiceField(
        label="抽查轮次",
        queryset=_drawn_rounds(),
        required=False,
        help_text="抽查回访结果通报:已抽样的轮次。",
    )
    date_from = forms.DateField(
        label="检查开始日期",
        required=False,
        help_text="明察暗访发现问题通报:检查日期在此范围内、已在曝光台发布的问题。",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="检查结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(
        label="标题", max_length=200, required=False, help_text="留空则按通报类型自动生成。"
    )
    addressees = forms.CharField(label="主送机关", max_length=200, initial=DEFAULT_ADDRESSEES)
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="表格前的正文,每行一段。留空则按数据自动生成;点“预览”可先看自动生成的正文再修改。",
    )
    issuer = forms.CharField(label="发文机关(落款)", max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = _periods()
        self.fields["round"].queryset = _drawn_rounds()
        self.fields["issuer"].initial = settings.PORTAL_BULLETIN_ISSUER

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        for name, message in REQUIRED[Kind(kind)].items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        if (
            kind == Kind.INSPECTIONS
            and data.get("date_from")
            and data.get("date_to")
            and data["date_from"] > data["date_to"]
        ):
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def params(self):
        """The chosen template's parameters only (the others are ignored)."""
        kind = Kind(self.cleaned_data["kind"])
        return {name: self.cleaned_data[name] for name in REQUIRED[kind]}
