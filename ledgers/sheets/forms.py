"""The upload form: unit (office only), period, attachment and the file, checked by content."""

from django import forms
from django.conf import settings

from ledgers.models import Unit
from ledgers.sheets.layouts import Attachment
from ledgers.sheets.models import Period
from ledgers.sheets.reader import LedgerFileError, check_zip, sniff_kind

KIND_HELP = "支持 .xlsx(推荐)、.xls、.ods 和 CSV(UTF-8 或 GBK)。"


def clean_workbook(uploaded):
    """Any workbook a form takes (ledgers, rosters, assignment tables): not empty, within the
    size limit, a workbook by content, zip members within the bomb limits — all before any
    decoding. Returns ``(uploaded, kind)``; raises ValidationError with the fix in Chinese."""
    limit = int(settings.PORTAL_LEDGER_MAX_BYTES)
    if uploaded.size == 0:
        raise forms.ValidationError("上传的是空文件。")
    if uploaded.size > limit:
        raise forms.ValidationError(f"文件超过上限 {limit // (1024 * 1024)} MB,请拆分后上传。")
    kind = sniff_kind(uploaded)
    if kind is None:
        raise forms.ValidationError(
            "这不是 Excel 工作簿(系统按文件内容识别,改扩展名无效)。" + KIND_HELP
        )
    if kind in ("xlsx", "ods"):
        try:
            check_zip(uploaded)
        except LedgerFileError as exc:
            raise forms.ValidationError(exc.message) from exc
    uploaded.seek(0)
    return uploaded, kind


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(
        Unit.objects.active(), label="单位", help_text="作风办代单位上传或补录时选择。"
    )
    period = forms.ModelChoiceField(Period.objects.all(), label="期次")
    attachment = forms.TypedChoiceField(choices=Attachment.choices, coerce=int, label="附件")
    file = forms.FileField(label="台账文件", help_text=KIND_HELP)

    def __init__(self, *args, office=False, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fixed_unit = unit
        if not office:
            del self.fields["unit"]
            self.fields["period"].queryset = Period.objects.filter(is_open=True)

    def clean_file(self):
        uploaded, self.kind = clean_workbook(self.cleaned_data["file"])
        return uploaded

    def target_unit(self):
        return self.cleaned_data["unit"] if self.office else self.fixed_unit
