"""Forms of the case workbench (one per action) and the public status page."""

from django import forms

from ledgers.fields import MultipleFileField
from ledgers.models import ProblemCategory, Unit
from ledgers.phones import normalise_phone
from ledgers.rectification import rules
from ledgers.rectification.models import AppealType, NoteKind, Outcome
from ledgers.satisfaction import Satisfaction


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
    # A 回访 has its own action (who may write it and when, with the citizen's rating).
    kind = forms.ChoiceField(
        label="类别",
        choices=[c for c in NoteKind.choices if c[0] != NoteKind.CALLBACK],
        initial=NoteKind.PROGRESS,
    )
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


class CallbackForm(forms.Form):
    """回访: what the caller said about the result, and how satisfied they are."""

    text = forms.CharField(
        label="回访情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="何时联系了来电人、来电人对办理结果的意见。",
    )
    satisfaction = forms.ChoiceField(
        label="群众满意度", choices=Satisfaction.choices, widget=forms.RadioSelect
    )


class HotlineEntryForm(forms.Form):
    """热线诉求录入 (89000 centre): one call, typed in while or right after taking it."""

    appeal_type = forms.ChoiceField(
        label="诉求类型",
        choices=AppealType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择诉求类型。"},
    )
    title = forms.CharField(
        label="问题摘要",
        max_length=120,
        help_text="一句话概括,用于列表;不要写来电人姓名和电话(承办单位可见)。",
        error_messages={"required": "请填写问题摘要。"},
    )
    category = forms.ModelChoiceField(
        label="问题类型",
        queryset=ProblemCategory.objects.none(),
        empty_label="请选择问题类型",
        error_messages={"required": "请选择问题类型。"},
    )
    content = forms.CharField(
        label="来电内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "请填写来电内容。"},
    )
    town = forms.CharField(label="镇街区", max_length=60, required=False)
    village = forms.CharField(label="村(社区)", max_length=60, required=False)
    compound = forms.CharField(label="小区/自然村", max_length=80, required=False)
    address_detail = forms.CharField(
        label="详细地址",
        max_length=120,
        required=False,
        help_text="门牌号等,仅作风办、本中心和承办单位可见,不公开。",
    )
    reporter_name = forms.CharField(
        label="来电人姓名", max_length=40, required=False, help_text="如“王先生”。"
    )
    reporter_phone = forms.CharField(
        label="来电人电话",
        max_length=40,
        required=False,
        help_text="须回访的诉求必填;手机号或带区号的固定电话。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    contact_consent = forms.BooleanField(
        label="来电人同意承办单位直接联系",
        required=False,
        help_text="仅在来电人明确同意时勾选:承办单位可看到姓名和电话(每次查看记入日志);"
        "不勾选则承办单位看不到来电人身份。",
    )
    received_on = forms.DateField(
        label="受理日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写受理日期。", "invalid": "请填写正确的日期。"},
    )
    answered_on_spot = forms.BooleanField(
        label="咨询已当场答复(当场办结)",
        required=False,
        help_text="仅限咨询:来电人的问题已在通话中答复、无需交办的,勾选并填写答复内容;"
        "该条录入即办结,不交办、不回访。",
    )
    answer = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["category"].queryset = ProblemCategory.objects.active()
        if today is not None:
            self.fields["received_on"].initial = today

    def clean_reporter_phone(self):
        value = self.cleaned_data.get("reporter_phone") or ""
        phone, problem = normalise_phone(value)
        if problem and problem.startswith("error:"):
            raise forms.ValidationError(
                "请填写正确的手机号(11位)或带区号的固定电话(只填一个号码),如 0535-3221234。"
            )
        return phone

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if self.today is not None and day > self.today:
            raise forms.ValidationError("受理日期不能晚于今天。")
        return day

    def clean(self):
        data = super().clean()
        on_spot = data.get("answered_on_spot")
        appeal_type = data.get("appeal_type")
        if on_spot and appeal_type and not rules.may_answer_on_spot(appeal_type):
            self.add_error(
                "answered_on_spot", "只有咨询类诉求可以当场办结;求助、建议、投诉须交办并回访。"
            )
        if on_spot and not (data.get("answer") or "").strip():
            self.add_error("answer", "当场办结的,请填写答复来电人的内容。")
        if not on_spot and "reporter_phone" in data and not data["reporter_phone"]:
            self.add_error("reporter_phone", "须回访的诉求请填写来电人电话。")
        return data
