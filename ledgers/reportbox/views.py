"""Office moderation actions, paper entry and attachment downloads (admin side)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ledgers.display import format_when
from ledgers.permissions import get_in_scope, require_office
from ledgers.reportbox import forms, rules, services
from ledgers.reportbox.handover import CaseUnitScope, ForwardedScope, link
from ledgers.reportbox.models import Report, ReportAttachment, Source, Status
from ledgers.roles import is_inspector, is_office
from ledgers.rules import ActionRefused, assignment_conflicts
from ledgers.uploads import private_file_response

INDEX_URL = "reportbox_reports:index"
INSPECT_URL = "reportbox_reports:inspect"


class OfficeOnlyMixin:
    """Moderation is the office's work: object-level check through the report's policy."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('wagtailadmin_login')}?next={request.get_full_path()}")
        require_office(request.user)
        return super().dispatch(request, *args, **kwargs)


class ReportActionView(OfficeOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """One moderation action: a small form, applied in a transaction, logged with
    ``wagtail.log_actions.log`` so that it shows in the item's history."""

    template_name = "reportbox/admin/action.html"
    header_icon = "warning"
    actions = {}  # name -> (label, form class, apply method name)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.action = kwargs["action"]
        if self.action not in ACTIONS:
            from django.http import Http404

            raise Http404
        self.label, self.form_class, self.help = ACTIONS[self.action]
        self.today = timezone.localdate()

    @cached_property
    def report(self):
        # Looked up only after OfficeOnlyMixin.dispatch let the user in: a unit gets the same
        # refusal for an existing and a missing id.
        return get_object_or_404(
            Report.objects.select_related("category", "concerned_unit"),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return self.label

    def get_page_subtitle(self):
        return self.report.formatted_code

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL), "label": "举报审核"},
            {
                "url": reverse(INSPECT_URL, args=[self.report.pk]),
                "label": self.report.formatted_code,
            },
            {"url": "", "label": self.label},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["report"] = self.report
        return kwargs

    @property
    def case(self):
        """The case this report was handed over to (it owns the item from then on), if any."""
        if not hasattr(self, "_case"):
            self._case = link().case_of(self.report)
        return self._case

    def get(self, request, *args, **kwargs):
        refusal = rules.triage_refusal(self.report.status, self.action, self.case)
        if refusal:
            messages.warning(request, refusal)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report=self.report, help=self.help, action=self.action)
        if self.case is not None:
            context["case"] = self.case
            context["case_url"] = self.case.url
            context["case_assignable"] = False
        return context

    def form_valid(self, form):
        self.success_buttons = []
        try:
            with transaction.atomic():
                report = Report.objects.select_for_update().get(pk=self.report.pk)
                # The guard reads the locked row: a concurrent hand-over is seen here.
                refusal = rules.triage_refusal(report.status, self.action, link().case_of(report))
                if refusal:
                    raise ActionRefused(refusal)
                message = getattr(self, f"apply_{self.action}")(report, form.cleaned_data)
        except ActionRefused as exc:
            # Nothing was saved (the transaction rolled back); the form keeps what was typed.
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, message, buttons=self.success_buttons)
        return redirect(INSPECT_URL, report.pk)

    # --- actions -------------------------------------------------------------------------

    def _log(self, report, action, data, note=""):
        data = dict(data)
        if note:
            data["note"] = note
        log(instance=report, action=f"reportbox.{action}", user=self.request.user, data=data)

    def apply_accept(self, report, data):
        report.set_status(Status.ACCEPTED)
        report.save()
        self._log(report, "accept", {}, data.get("note"))
        return f"已受理 {report.formatted_code}。"

    def apply_duplicate(self, report, data):
        original = data["original_code"]
        report.duplicate_of = original
        report.set_status(Status.DUPLICATE)
        report.save()
        self._log(report, "duplicate", {"original": original.receipt_code}, data.get("note"))
        return f"已标记为与 {original.formatted_code} 重复。"

    def apply_out_of_scope(self, report, data):
        report.out_of_scope_reason = data["reason"].strip()
        report.set_status(Status.OUT_OF_SCOPE)
        report.save()
        self._log(report, "out_of_scope", {"reason": report.out_of_scope_reason}, data.get("note"))
        return "已标记为不予受理,理由会在查询页告知举报人。"

    def apply_spam(self, report, data):
        report.set_status(Status.SPAM)
        report.save()
        self._log(report, "spam", {}, data.get("note"))
        return "已屏蔽为无效举报。"

    def apply_classify(self, report, data):
        before = {
            "category": str(report.category),
            "concerned_unit": str(report.concerned_unit or ""),
        }
        report.category = data["category"]
        report.concerned_unit = data.get("concerned_unit")
        report.save()
        after = {
            "category": str(report.category),
            "concerned_unit": str(report.concerned_unit or ""),
        }
        self._log(report, "classify", {"before": before, "after": after}, data.get("note"))
        return "已重新归类。"

    def apply_assign(self, report, data):
        """交办 through the rectification ledger (the registered case link): hand the report over
        and assign its case (numbered slip, working-day limit, the conflict rule with its single
        logged override) — inside the caller's transaction. From then on the case owns unit,
        deadline and progress; the report only points to it."""
        unit = data["unit"]
        override = assignment_conflicts(report.concerned_unit_id, unit.pk)
        case = link().hand_over_and_assign(
            report,
            unit=unit,
            time_limit_days=data["time_limit_days"],
            user=self.request.user,
            on=self.today,
            override_reason=data["override_reason"].strip() if override else "",
            flag=data.get("flag", False),
            note=data.get("note", ""),
        )
        self.success_buttons = [messages.button(case.url, "打开整改问题工作台")]
        return (
            f"已交办给 {unit},交办单 {case.slip_number},"
            f"{data['time_limit_days']}个工作日,截止 {format_when(case.deadline, 'prose-date')}。"
        )

    def apply_reply(self, report, data):
        services.set_public_reply(
            report, data["reply"].strip(), user=self.request.user, close=data.get("close", False)
        )
        return "答复已保存,举报人凭回执码可以看到。"


ACTIONS = {
    "accept": ("受理", forms.AcceptForm, "确认本件属于受理范围,进入分办。"),
    "duplicate": ("标记重复", forms.DuplicateForm, "与另一件举报反映同一问题,合并办理。"),
    "out_of_scope": (
        "不予受理",
        forms.OutOfScopeForm,
        "不属于举报箱受理范围。理由会原文显示给举报人。",
    ),
    "spam": ("屏蔽(无效)", forms.SpamForm, "广告、骚扰或无实际内容;举报人看到“不予受理”。"),
    "classify": ("归类", forms.ClassifyForm, "修改问题类型和被反映单位。"),
    "assign": (
        "交办",
        forms.AssignForm,
        "移交整改问题台账,交给责任单位办理,按工作日规定时限并出具交办单。"
        "按回避原则,不得交由被反映单位本身办理,除非特批并说明理由。",
    ),
    "reply": ("答复举报人", forms.ReplyForm, "举报人凭回执码查询时看到的答复。"),
}


class ForwardView(ReportActionView):
    """移送纪委: the office forwards a report with discipline clues to 纪委 (one reason, logged).
    Unlike triage it leaves the report's state and case alone, so it is allowed after 交办 too."""

    def setup(self, request, *args, **kwargs):
        FormView.setup(self, request, *args, **kwargs)
        self.action = "forward"
        self.label = "移送纪委"
        self.form_class = forms.ForwardForm
        self.help = (
            "把涉及干部违纪线索的举报移送市纪委。移送后纪委可查看举报全文、附件和举报人信息;"
            "举报本身的受理、交办和答复照常进行。"
        )
        self.today = timezone.localdate()

    def get(self, request, *args, **kwargs):
        refusal = rules.forward_refusal(self.report.status, self.report.forwarded_at)
        if refusal:
            messages.warning(request, refusal)
        return FormView.get(self, request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.forward_to_inspectors(
                self.report,
                user=self.request.user,
                at=timezone.now(),
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已将 {self.report.formatted_code} 移送纪委。")
        return redirect(INSPECT_URL, self.report.pk)


class PaperEntryView(OfficeOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """Office staff type in a paper submission from the service-hall box."""

    template_name = "reportbox/admin/paper_entry.html"
    form_class = forms.PaperReportForm
    page_title = "录入纸质举报"
    page_subtitle = "市民服务大厅举报箱"
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL), "label": "举报审核"},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        received_on = form.cleaned_data.get("received_on")
        now = timezone.now()
        if received_on and received_on != timezone.localdate(now):
            now = timezone.make_aware(
                timezone.datetime.combine(received_on, timezone.datetime.min.time())
            )
        receipt = services.submit_report(
            data=form.report_data(),
            files=form.cleaned_data["attachments"],
            source=Source.HALL_BOX,
            user=self.request.user,
            now=now,
        )
        messages.success(
            self.request,
            f"已登记纸质举报。回执码 {receipt.formatted_code},查询密码 {receipt.secret}"
            "(只显示这一次;实名举报人可电话告知)。",
        )
        return redirect(INSPECT_URL, receipt.report.pk)


# A unit reaches the attachments of the items its case currently assigns to it (not after the
# office re-routes the case to another unit).
ATTACHMENT_SCOPE = CaseUnitScope(prefix="report__")
FORWARDED_ATTACHMENT_SCOPE = ForwardedScope(prefix="report__")


@require_admin_access
def download_attachment(request, pk):
    """The office downloads any attachment; a unit only those of items whose case is its own now;
    纪委 those of items the office forwarded to it."""
    if is_inspector(request.user) and not is_office(request.user):
        attachment = get_in_scope(
            FORWARDED_ATTACHMENT_SCOPE,
            request.user,
            ReportAttachment.objects.select_related("report"),
            pk=pk,
        )
        return private_file_response(attachment.file, attachment.neutral_name, request=request)
    if not is_office(request.user) and not request.user.has_perm("reportbox.view_assignedreport"):
        raise PermissionDenied
    attachment = get_in_scope(
        ATTACHMENT_SCOPE,
        request.user,
        ReportAttachment.objects.select_related("report"),
        pk=pk,
    )
    return private_file_response(attachment.file, attachment.neutral_name, request=request)
