"""Admin views of the bulletins (mounted by BulletinViewSet under /admin/bulletins/): generate,
read, download, publish the redacted draft — the office only. Everyone else is refused before any
object is looked up, so a missing id and an existing one get the same answer."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledgers.bulletins import services, snapshots
from ledgers.bulletins.forms import GenerateForm
from ledgers.bulletins.models import Bulletin
from ledgers.history import history_entries
from ledgers.permissions import require_office
from ledgers.private_files import deliver


def _now():
    return timezone.now()


def _bulletin(request, pk):
    require_office(request.user)
    return get_object_or_404(Bulletin.objects.select_related("generated_by", "article"), pk=pk)


def generate(request):
    """The form; "预览" shows the data and the default 正文 without issuing a number, "生成通报"
    issues the number and archives the document."""
    require_office(request.user)
    preview = None
    status = 200
    if request.method == "POST":
        form = GenerateForm(request.POST)
        if form.is_valid():
            params = form.params()
            kind = form.cleaned_data["kind"]
            if "preview" in request.POST:
                snapshot = snapshots.collect(kind, params)
                data = request.POST.copy()
                if not data.get("body", "").strip():
                    data["body"] = snapshots.default_body(kind, snapshot, params)
                if not data.get("title", "").strip():
                    data["title"] = snapshots.default_title(kind, snapshot)
                form = GenerateForm(data)
                form.is_valid()
                preview = snapshot
            else:
                bulletin = services.generate(
                    kind,
                    params,
                    user=request.user,
                    at=_now(),
                    title=form.cleaned_data["title"],
                    addressees=form.cleaned_data["addressees"],
                    body=form.cleaned_data["body"],
                    issuer=form.cleaned_data["issuer"],
                )
                messages.success(request, f"已生成通报 {bulletin.number}。")
                return redirect("bulletins:detail", bulletin.pk)
        else:
            status = 400
    else:
        form = GenerateForm()
    return TemplateResponse(
        request,
        "bulletins/admin/generate.html",
        {
            "header_title": "生成通报",
            "page_title": "生成通报",
            "form": form,
            "preview": preview,
        },
        status=status,
    )


def detail(request, pk):
    bulletin = _bulletin(request, pk)
    return TemplateResponse(
        request,
        "bulletins/admin/detail.html",
        {
            "header_title": bulletin.number,
            "page_title": bulletin.number,
            "bulletin": bulletin,
            "snapshot": bulletin.snapshot,
            "paragraphs": [line for line in bulletin.body.splitlines() if line.strip()],
            "history": history_entries(bulletin),
        },
    )


def download(request, pk):
    bulletin = _bulletin(request, pk)
    services.log_download(bulletin, user=request.user)
    return deliver(bulletin.document, bulletin.download_name, request)


@require_POST
def publish(request, pk):
    bulletin = _bulletin(request, pk)
    try:
        article = services.publish_redacted(bulletin, user=request.user, at=_now())
    except services.BulletinRefused as exc:
        messages.error(request, str(exc))
        return redirect("bulletins:detail", pk)
    messages.success(
        request,
        f"已在作风建设专栏生成脱敏草稿“{article.title}”,请核对后提交审核发布。",
    )
    return redirect("wagtailadmin_pages:edit", article.pk)
