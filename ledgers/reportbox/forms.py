"""Forms of the report box: the public form, the status lookup, the office's paper entry."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.exceptions import ValidationError

from ledgers.chinese_forms import FullWidthLabelsMixin
from ledgers.fields import MultipleFileField
from ledgers.models import ProblemCategory, Unit
from ledgers.phones import normalise_phone, phone_digits
from ledgers.reportbox import rules
from ledgers.reportbox.services import AttachmentError, clean_attachment, normalise_code
from ledgers.rules import DEFAULT_TIME_LIMIT_WORKING_DAYS, assignment_conflicts
from ledgers.uploads import human_size, validate_upload


class ImageCaptchaInput(CaptchaTextInput):
    """The library's image captcha (django-simple-captcha): the question exists only as
    pixels, so a script cannot read it from the HTML; a "换一题" button that works without
    JavaScript. People who cannot see the image are offered a human path next to it (the
    office's phone, the paper box in the service hall), see the template."""

    template_name = "reportbox/widgets/captcha.html"

    def get_context(self, name, value, attrs):
        from django.conf import settings

        context = super().get_context(name, value, attrs)
        context["office_phone"] = settings.OFFICE_PHONE
        return context


ACCEPT = ".jpg,.jpeg,.png,.pdf"


def clean_phone(value):
    """Digits only (138 0535-1234 → 13805351234): one number, one rate-limit counter.

    Uses the portal's one phone normaliser (``ledgers.phones``), so full-width digits and +86
    give the same number as in the ledgers."""
    phone, problem = normalise_phone(value or "")
    if problem:
        raise ValidationError(
            "请填写正确的手机号（11位）或带区号的固定电话（只填一个号码），如 0535-3221234。"
        )
    return phone_digits(phone)


class ReportFieldsMixin:
    """Validation shared by the public form and the office's paper entry."""

    def clean_content(self):
        content = (self.cleaned_data.get("content") or "").strip()
        error = rules.content_length_error(content)
        if error:
            raise ValidationError(error)
        return content

    def clean_reporter_phone(self):
        return clean_phone(self.cleaned_data.get("reporter_phone"))

    def clean_attachments(self):
        """Count and sizes only: nothing of a file is read here. The files are sniffed,
        bounded and decoded by :meth:`prepare_attachments`, which the public view calls only
        after the captcha, the honeypot and the rate limit have passed."""
        files = self.cleaned_data.get("attachments") or []
        if len(files) > rules.MAX_ATTACHMENTS:
            raise ValidationError(
                f"最多上传 {rules.MAX_ATTACHMENTS} 个附件，您选择了 {len(files)} 个。"
            )
        errors = [
            f"文件“{f.name}”大小为 {human_size(f.size)},超过上限 "
            f"{human_size(rules.MAX_ATTACHMENT_BYTES)}。"
            for f in files
            if f.size > rules.MAX_ATTACHMENT_BYTES
        ]
        if errors:
            raise ValidationError(errors)
        return files

    def prepare_attachments(self):
        """Recognise each file by content, refuse oversized images from their header, re-encode
        images and re-write PDFs. Returns the clean files, or None after adding the errors to
        the form (nothing is stored then)."""
        cleaned, errors = [], []
        for uploaded in self.cleaned_data.get("attachments") or []:
            try:
                kind = validate_upload(uploaded, rules.ATTACHMENT_KINDS, rules.MAX_ATTACHMENT_BYTES)
                cleaned.append(clean_attachment(uploaded, kind))
            except ValidationError as exc:
                errors.extend(exc.messages)
            except AttachmentError as exc:
                errors.append(f"文件“{uploaded.name}”：{exc}")
        if errors:
            self.add_error("attachments", errors)
            return None
        return cleaned

    def check_identity(self):
        data = self.cleaned_data
        if data.get("identity") == "named":
            if not data.get("reporter_name"):
                self.add_error("reporter_name", "实名举报请填写姓名。")
            if not data.get("reporter_phone"):
                self.add_error("reporter_phone", "实名举报请填写联系电话。")
        else:
            data["reporter_name"] = ""
            data["reporter_phone"] = ""
            data["contact_consent"] = False

    def report_data(self):
        data = self.cleaned_data
        return {
            "category": data["category"],
            "concerned_unit": data.get("concerned_unit"),
            "place": data["place"].strip(),
            "content": data["content"],
            "is_anonymous": data.get("identity") != "named",
            "reporter_name": data.get("reporter_name", "").strip(),
            "reporter_phone": data.get("reporter_phone", ""),
            "contact_consent": data.get("identity") == "named"
            and bool(data.get("contact_consent")),
        }


def category_choices():
    return ProblemCategory.objects.active().filter(in_report_box=True)


class ReportForm(FullWidthLabelsMixin, ReportFieldsMixin, forms.Form):
    """The public form at /report/."""

    category = forms.ModelChoiceField(
        label="问题类型", queryset=ProblemCategory.objects.none(), empty_label="请选择"
    )
    concerned_unit = forms.ModelChoiceField(
        label="被反映单位（选填）",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="不确定或不涉及具体单位",
    )
    place = forms.CharField(
        label="发生地点",
        max_length=200,
        help_text="镇街区、村或社区，可写到具体位置，如“方圆街道 东村社区 3号楼”。",
    )
    content = forms.CharField(
        label="举报内容",
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": rules.CONTENT_MAX}),
        help_text=f"{rules.CONTENT_MIN}–{rules.CONTENT_MAX} 字：什么时间、什么人、什么事。",
    )
    attachments = MultipleFileField(
        accept=ACCEPT,
        label="附件（选填）",
        required=False,
        help_text=(
            f"最多 {rules.MAX_ATTACHMENTS} 个，JPEG、PNG 图片或 PDF，每个不超过 "
            f"{human_size(rules.MAX_ATTACHMENT_BYTES)}。图片中的拍摄地点等信息会被自动清除。"
        ),
    )
    identity = forms.ChoiceField(
        label="举报方式",
        choices=[("anonymous", "匿名举报"), ("named", "实名举报（留姓名和电话，便于回访）")],
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label="姓名", max_length=50, required=False)
    reporter_phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text="作风办可见；承办单位只在您勾选下面一项时可见。",
    )
    contact_consent = forms.BooleanField(
        label="同意承办单位直接联系我",
        required=False,
        help_text=(
            "不勾选（默认）：承办单位看不到您的姓名和电话，有需要由作风办转达。"
            "勾选：承办单位可以看到您的姓名和电话，直接和您联系核实、答复；"
            "每次查看都会记录在案。交办单上任何时候都不写举报人。"
        ),
    )
    consent = forms.BooleanField(
        label="我已阅读并同意上方的隐私说明",
        error_messages={"required": "请阅读并同意隐私说明后再提交。"},
    )
    # Honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill every field.
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = CaptchaField(
        label="验证码",
        widget=ImageCaptchaInput(),
        error_messages={"invalid": "验证码答案不正确，请看新的题目重新计算。"},
        help_text="请计算图片中算术题的答案，填阿拉伯数字。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_choices()
        self.fields["concerned_unit"].queryset = Unit.objects.active()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(
                "提交未被接受：检测到自动填写的隐藏字段。如您是人工填写，请刷新页面后重试，或拨打作风办电话。",
                code="honeypot",
            )
        return ""

    def clean(self):
        super().clean()
        self.check_identity()
        return self.cleaned_data

    @property
    def honeypot_tripped(self):
        return any(e.code == "honeypot" for e in self.errors.as_data().get("website", []))


class StatusLookupForm(FullWidthLabelsMixin, forms.Form):
    code = forms.CharField(
        label="回执码",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text="如 ABCD-EFGH-JKMN-PQRS，不区分大小写，可省略短横线。",
    )
    secret = forms.CharField(
        label="查询密码",
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, with_captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_captcha:
            # Only for a receipt code that has failed many times: a person passes (the right
            # password still works), a guessing script has to read an image for every try.
            self.fields["captcha"] = CaptchaField(
                label="验证码",
                widget=ImageCaptchaInput(),
                error_messages={
                    "invalid": "验证码答案不正确，请看新的题目重新计算。",
                    "required": "这个回执码近期查询失败较多，为防止他人猜测密码，请填写验证码。",
                },
                help_text="请计算图片中算术题的答案，填阿拉伯数字。",
            )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class PaperReportForm(ReportFieldsMixin, forms.Form):
    """The office enters a paper submission from the service-hall box: the same fields, no
    captcha, no consent box (the paper form carries its own notice)."""

    category = forms.ModelChoiceField(label="问题类型", queryset=ProblemCategory.objects.none())
    concerned_unit = forms.ModelChoiceField(
        label="被反映单位", queryset=Unit.objects.none(), required=False
    )
    place = forms.CharField(label="发生地点", max_length=200)
    content = forms.CharField(label="举报内容", widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(
        accept=ACCEPT,
        label="附件（扫描件或照片）",
        required=False,
        help_text="最多 3 个，JPEG、PNG 或 PDF，每个不超过 5 MB。",
    )
    identity = forms.ChoiceField(
        label="举报方式",
        choices=[("anonymous", "匿名"), ("named", "实名")],
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label="姓名", max_length=50, required=False)
    reporter_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    contact_consent = forms.BooleanField(
        label="同意承办单位直接联系我",
        required=False,
        help_text="仅在纸质举报单上举报人勾选了同意时勾选。",
    )
    received_on = forms.DateField(
        label="开箱日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="从市民服务大厅举报箱取出的日期；留空为今天。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProblemCategory.objects.active()
        self.fields["concerned_unit"].queryset = Unit.objects.active()

    def clean(self):
        super().clean()
        self.check_identity()
        if "attachments" in self.cleaned_data and not self.errors:
            # Behind the office login: the files are prepared as part of validation.
            prepared = self.prepare_attachments()
            if prepared is not None:
                self.cleaned_data["attachments"] = prepared
        return self.cleaned_data


# ---------------------------------------------------------------------------------------------
# Moderation actions (office)


class ActionForm(forms.Form):
    note = forms.CharField(
        label="内部备注（选填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="记入操作日志，不对外显示。",
    )

    def __init__(self, *args, report=None, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)


class AcceptForm(ActionForm):
    pass


class SpamForm(ActionForm):
    pass


class DuplicateForm(ActionForm):
    original_code = forms.CharField(
        label="原举报的回执码", max_length=40, help_text="与本件反映同一问题的另一件举报。"
    )

    def clean_original_code(self):
        from ledgers.reportbox.models import Report

        code = normalise_code(self.cleaned_data["original_code"])
        original = Report.objects.filter(receipt_code=code).first()
        if original is None:
            raise ValidationError("找不到这个回执码的举报。")
        if original.pk == self.report.pk:
            raise ValidationError("不能标记为与自身重复。")
        if original.duplicate_of_id == self.report.pk:
            raise ValidationError("那件举报已标记为与本件重复，不能互相标记。")
        return original


class OutOfScopeForm(ActionForm):
    reason = forms.CharField(
        label="不予受理理由（举报人可见）",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="会在查询页上原文告知举报人，请写明可以向哪里反映。",
    )


class ClassifyForm(ActionForm):
    category = forms.ModelChoiceField(label="问题类型", queryset=ProblemCategory.objects.none())
    concerned_unit = forms.ModelChoiceField(
        label="被反映单位", queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProblemCategory.objects.active()
        self.fields["concerned_unit"].queryset = Unit.objects.active()
        if self.report is not None and not self.is_bound:
            self.initial.update(
                category=self.report.category_id, concerned_unit=self.report.concerned_unit_id
            )


class AssignForm(ActionForm):
    """交办 from the moderation queue. The assignment itself is the rectification ledger's (through
    the registered case link, :mod:`ledgers.reportbox.handover`): a numbered slip and a limit in
    working days, counted on China's calendar. The case owns unit and deadline from then on."""

    unit = forms.ModelChoiceField(
        label="责任单位", queryset=Unit.objects.none(), empty_label="请选择单位"
    )
    time_limit_days = forms.IntegerField(
        label="办理时限（工作日）",
        min_value=1,
        max_value=180,
        initial=DEFAULT_TIME_LIMIT_WORKING_DAYS,
        help_text="按法定节假日和调休计算；自签收起算，交办后1个工作日未签收自动起算。"
        "截止日期由整改问题台账算出。",
    )
    flag = forms.BooleanField(label="挂牌督办", required=False)
    override_conflict = forms.BooleanField(
        label="特批：交由被反映单位本身办理",
        required=False,
        help_text="仅在确有必要时使用；须填写理由，操作记入日志。",
    )
    override_reason = forms.CharField(
        label="特批理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active()

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit is None or self.report is None:
            return data
        if assignment_conflicts(self.report.concerned_unit_id, unit.pk):
            if not data.get("override_conflict"):
                self.add_error(
                    "unit",
                    f"本件举报反映的就是“{unit}”，按回避原则不能交由该单位办理。"
                    "确需交办，请勾选特批并填写理由。",
                )
            elif not (data.get("override_reason") or "").strip():
                self.add_error("override_reason", "特批交由被反映单位办理，必须填写理由。")
        return data


class ReplyForm(ActionForm):
    reply = forms.CharField(
        label="对外答复（举报人可见）", widget=forms.Textarea(attrs={"rows": 5})
    )
    close = forms.BooleanField(label="同时办结", required=False)


class ObjectionForm(forms.Form):
    """The citizen is not satisfied with the answer to a handed-over report (once)."""

    reason = forms.CharField(
        label="不满意的理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="请写明哪里没有解决；作风办将复核一次处理结果。",
    )


class ForwardForm(forms.Form):
    reason = forms.CharField(
        label="移送理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="涉及哪些违纪线索、为什么移送。仅作风办和纪委可见,举报人和承办单位看不到。",
        error_messages={"required": "请写明移送理由(涉及哪些违纪线索)。"},
    )

    def __init__(self, *args, report=None, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)
