"""Report box operations in one place: receipt codes, submission, lookup, the public answer,
image re-encoding, notifications, purging client addresses.

Other modules (the rectification cases) use :func:`set_public_reply` to answer the reporter and
:func:`public_reply_for` is the single place where the text a reporter sees is built.
"""

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError
from wagtail.log_actions import log

from ledgers.pdfclean import PdfRefused, clean_pdf
from ledgers.reportbox import rules
from ledgers.reportbox.models import (
    Report,
    ReportAttachment,
    Source,
    Status,
)

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: codes are read aloud on the phone and copied by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 31**16 ≈ 7·10**23 possibilities
SECRET_LENGTH = 12  # 31**12 ≈ 8·10**17: a random secret, not a chosen password
CODE_ATTEMPTS = 8


def new_receipt_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_secret():
    return "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))


def format_code(code):
    """ABCD-EFGH-JKMN-PQRS: groups of four, easier to read and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text):
    """What the reporter typed → the stored form (case, spaces, dashes, full-width ignored)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def _secret_hasher():
    """Django's PBKDF2 password hasher, with fewer rounds than for user passwords.

    The query password is 12 random characters (≈59 bits), not something a person chose, so
    it needs far less key stretching than a login password; Django's default (over a million
    rounds, ~0.5 s of CPU) would make every submission and every lookup a denial-of-service
    lever. The rounds are stored in each hash, so they can be raised later without breaking
    old receipts (settings.PORTAL_REPORT_SECRET_ITERATIONS).
    """
    return PBKDF2PasswordHasher()


def secret_iterations():
    return int(settings.PORTAL_REPORT_SECRET_ITERATIONS)


def hash_secret(secret):
    hasher = _secret_hasher()
    return hasher.encode(normalise_code(secret), hasher.salt(), secret_iterations())


def check_secret(secret, encoded):
    try:
        return _secret_hasher().verify(normalise_code(secret), encoded)
    except (ValueError, TypeError):
        return False


# A real hash of nothing in particular: checked when a code is unknown so that an unknown code
# and a wrong secret take the same time and give the same answer.
_DUMMY_HASHES = {}


def _dummy_hash():
    rounds = secret_iterations()
    if rounds not in _DUMMY_HASHES:
        _DUMMY_HASHES[rounds] = hash_secret(new_secret())
    return _DUMMY_HASHES[rounds]


# ---------------------------------------------------------------------------------------------
# Images and attachments


class AttachmentError(ValueError):
    pass


@dataclass
class CleanFile:
    """An uploaded file after checking and (for images) re-encoding, ready to store."""

    kind: str
    original_name: str
    data: bytes
    sha256: str = field(init=False)

    def __post_init__(self):
        self.sha256 = hashlib.sha256(self.data).hexdigest()


def max_image_pixels(kind):
    limits = {**rules.MAX_IMAGE_PIXELS, **settings.PORTAL_MAX_IMAGE_PIXELS}
    return int(limits[kind])


def check_image_dimensions(uploaded, kind):
    """Read only the image header (no pixel is decoded) and refuse an image with more pixels
    than the limit: a small PNG of 9000×9000 pixels would need hundreds of MB to decode."""
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as img:
            width, height = img.size
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise AttachmentError("图片无法识别或已损坏,请换一张图片。") from exc
    finally:
        uploaded.seek(0)
    limit = max_image_pixels(kind)
    if width * height > limit:
        raise AttachmentError(
            f"图片为 {width}×{height} 像素,超过上限 {limit // 10000} 万像素。"
            "请缩小图片(如用手机“编辑—调整大小”)后再上传。"
        )
    return width, height


def reencode_image(uploaded, kind):
    """Decode and re-encode an image so that nothing but pixels survives: no EXIF (GPS
    included), no XMP, no comments, no PNG text chunks. The EXIF orientation is applied to the
    pixels first so that photos still show the right way up. The pixel count is checked from
    the header before anything is decoded."""
    check_image_dimensions(uploaded, kind)
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as img:
            edge = rules.MAX_IMAGE_EDGE
            if max(img.size) > edge:
                if kind == "jpeg":
                    # Decode at 1/2, 1/4 or 1/8 scale, keeping at least half the final edge.
                    img.draft(img.mode, (edge // 2, edge // 2))
                img.thumbnail((edge, edge), reducing_gap=None)
            img.load()
            # Orientation applied to the pixels (a copy only when the photo is rotated).
            ImageOps.exif_transpose(img, in_place=True)
            if kind == "jpeg" and img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            elif kind == "png" and img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                img = img.convert("RGBA")
            # Nothing but pixels: EXIF, XMP, ICC, comments and PNG text chunks all live in
            # ``info``; the encoders write only what is given to ``save``.
            img.info = {}
            out = io.BytesIO()
            if kind == "jpeg":
                img.save(out, format="JPEG", quality=88, optimize=True)
            else:
                img.save(out, format="PNG")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise AttachmentError("图片无法识别或已损坏,请换一张图片。") from exc
    finally:
        uploaded.seek(0)
    return out.getvalue()


def clean_attachment(uploaded, kind):
    import os

    name = os.path.basename(getattr(uploaded, "name", "") or "")[:200]
    if kind in ("jpeg", "png"):
        data = reencode_image(uploaded, kind)
    elif kind == "pdf":
        uploaded.seek(0)
        try:
            data = clean_pdf(uploaded.read())
        except PdfRefused as exc:
            raise AttachmentError(str(exc)) from exc
        finally:
            uploaded.seek(0)
    else:
        raise AttachmentError("不支持的附件类型。")
    return CleanFile(kind=kind, original_name=name, data=data)


# ---------------------------------------------------------------------------------------------
# Submission


@dataclass
class Receipt:
    report: Report
    code: str
    secret: str

    @property
    def formatted_code(self):
        return format_code(self.code)


def submit_report(
    *,
    data,
    files=(),
    client_ip=None,
    source=Source.ONLINE,
    user=None,
    now=None,
    generate_code=new_receipt_code,
):
    """Store a report and its cleaned attachments, all or nothing, and return its receipt.

    ``data`` holds the model fields (category, concerned_unit, place, content, is_anonymous,
    reporter_name, reporter_phone, contact_consent). The receipt code is unique by a database constraint; a
    collision (however unlikely) is retried with a fresh code inside a savepoint, so concurrent
    submissions never share a code and none is lost.
    """
    now = now or timezone.now()
    secret = new_secret()
    fields = dict(data)
    if fields.get("is_anonymous"):
        fields["reporter_name"] = ""
        fields["reporter_phone"] = ""
        fields["contact_consent"] = False
    stored_names = []
    try:
        with transaction.atomic():
            report = None
            for _attempt in range(CODE_ATTEMPTS):
                candidate = Report(
                    receipt_code=generate_code(),
                    secret_hash=hash_secret(secret),
                    source=source,
                    client_ip=client_ip,
                    created_at=now,
                    status_changed_at=now,
                    **fields,
                )
                try:
                    with transaction.atomic():
                        candidate.save(force_insert=True)
                except IntegrityError:
                    if Report.objects.filter(receipt_code=candidate.receipt_code).exists():
                        logger.warning("receipt code collision, retrying")
                        continue
                    raise
                report = candidate
                break
            if report is None:
                raise RuntimeError("could not allocate a unique receipt code")
            for clean in files:
                attachment = ReportAttachment(
                    report=report,
                    kind=clean.kind,
                    original_name=clean.original_name,
                    size=len(clean.data),
                    sha256=clean.sha256,
                    created_at=now,
                )
                attachment.file.save("upload", ContentFile(clean.data), save=False)
                stored_names.append(attachment.file.name)
                attachment.save()
            log(
                instance=report,
                action="reportbox.submit" if source == Source.ONLINE else "reportbox.paper_entry",
                user=user,
                data={"source": source},
            )
            transaction.on_commit(lambda: notify_new_report_later(report.pk))
    except Exception:
        from ledgers.uploads import private_storage

        for name in stored_names:
            private_storage().delete(name)
        raise
    return Receipt(report=report, code=report.receipt_code, secret=secret)


# ---------------------------------------------------------------------------------------------
# Lookup and the public answer


NOT_FOUND_MESSAGE = "回执码或查询密码不正确。请核对后重试(回执码不区分大小写,可省略短横线)。"


def lookup(code, secret):
    """The report for ``code`` if ``secret`` matches, else None — the caller shows one and the
    same message for an unknown code and a wrong secret. A password check runs in both cases so
    that the two take the same time."""
    report = (
        Report.objects.select_related("category", "duplicate_of")
        .filter(receipt_code=normalise_code(code))
        .first()
    )
    encoded = report.secret_hash if report else _dummy_hash()
    ok = check_secret(secret, encoded)
    if report is None or not ok:
        return None
    return report


PUBLIC_STATUS_TEXT = {
    Status.NEW: "已收到,等待作风办处理。",
    Status.ACCEPTED: "作风办已受理,正在核实和分办。",
    Status.ASSIGNED: "已交有关单位办理,办结后会在此答复。",
    Status.REPLIED: "已答复,见下方答复内容。",
    Status.CLOSED: "已办结。",
    Status.DUPLICATE: "与其他群众反映的同一问题合并办理。",
    Status.OUT_OF_SCOPE: "不属于举报箱受理范围,理由见下方。",
    Status.SPAM: "经审核不予受理。",
}

# What the public sees as the state (spam is not called spam to the sender).
PUBLIC_STATUS_LABEL = {
    Status.NEW: "已收到",
    Status.ACCEPTED: "已受理",
    Status.ASSIGNED: "办理中",
    Status.REPLIED: "已答复",
    Status.CLOSED: "已办结",
    Status.DUPLICATE: "合并办理",
    Status.OUT_OF_SCOPE: "不予受理",
    Status.SPAM: "不予受理",
}


@dataclass
class PublicStatus:
    """Everything a reporter may see about a report — and nothing else: no identity, no
    internal notes, no responsible unit, no unit's internal records."""

    code: str
    status_label: str
    status_text: str
    category: str
    submitted_at: object
    status_changed_at: object
    reply: str
    replied_at: object
    reason: str


def public_reply_for(report):
    """The single place where the text shown to the reporter is built."""
    from ledgers.redaction import redact

    reply, replied_at = report.public_reply, report.replied_at
    names = [report.reporter_name]
    if report.status == Status.DUPLICATE and report.duplicate_of_id and not reply:
        original = report.duplicate_of
        if original.public_reply:
            reply, replied_at = original.public_reply, original.replied_at
            names.append(original.reporter_name)
    return PublicStatus(
        code=format_code(report.receipt_code),
        status_label=PUBLIC_STATUS_LABEL[report.status],
        status_text=PUBLIC_STATUS_TEXT[report.status],
        category=str(report.category),
        submitted_at=report.created_at,
        status_changed_at=report.status_changed_at,
        reply=redact(reply, names),
        replied_at=replied_at,
        reason=redact(report.out_of_scope_reason, names)
        if report.status == Status.OUT_OF_SCOPE
        else "",
    )


def set_public_reply(report, text, *, user=None, when=None, close=False):
    """Give the reporter an answer (used by the office here and by the cases module)."""
    when = when or timezone.now()
    report.public_reply = text
    report.replied_at = when
    report.set_status(Status.CLOSED if close else Status.REPLIED, when)
    report.save(
        update_fields=["public_reply", "replied_at", "status", "status_changed_at", "updated_at"]
    )
    log(instance=report, action="reportbox.reply", user=user, data={"close": close})
    return report


def mark_handed_over(report, *, when=None):
    """The office handed the report over to the rectification ledger (called by that app): the
    item leaves the triage queue; from now on its case owns unit, deadline and progress."""
    report.assigned_at = when or timezone.now()
    report.set_status(Status.ASSIGNED, report.assigned_at)
    report.save(update_fields=["assigned_at", "status", "status_changed_at", "updated_at"])
    return report


# ---------------------------------------------------------------------------------------------
# Notifications and housekeeping


def forward_to_inspectors(report, *, user, at, reason):
    """移送纪委: the office hands a report with discipline clues to 纪委, which from now on reads
    it whole (reporter identity included) in its own list. Logged; the report's own state and
    case are untouched."""
    from ledgers.permissions import require_office
    from ledgers.reportbox.models import Report
    from ledgers.rules import ActionRefused

    require_office(user)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("请写明移送理由(涉及哪些违纪线索)。")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        refusal = rules.forward_refusal(locked.status, locked.forwarded_at)
        if refusal:
            raise ActionRefused(refusal)
        locked.forwarded_at = at
        locked.forwarded_by = user
        locked.forward_reason = reason
        locked.save(update_fields=["forwarded_at", "forwarded_by", "forward_reason"])
        log(instance=locked, action="reportbox.forward", user=user, data={})
    return locked


def admin_url(report):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "reportbox_reports:inspect", args=[report.pk]
    )


def notify_new_report_later(report_pk):
    from ledgers.reportbox.tasks import notify_new_report

    notify_new_report.enqueue(report_pk)


def send_new_report_email(report):
    """One mail to the office mailbox per new submission. No identity in the mail: mailboxes
    are forwarded and printed; the name and phone stay behind the admin login."""
    subject = f"[举报箱] 新举报 {format_code(report.receipt_code)}({report.category})"
    body = "\n".join(
        [
            "举报箱收到一件新举报:",
            f"回执码:{format_code(report.receipt_code)}",
            f"来源:{report.get_source_display()}",
            f"问题类型:{report.category}",
            f"被反映单位:{report.concerned_unit or '未填写'}",
            f"地点:{report.place}",
            f"提交时间:{timezone.localtime(report.created_at):%Y-%m-%d %H:%M}",
            f"附件:{report.attachments.count()} 个",
            "",
            f"处理:{admin_url(report)}",
        ]
    )
    send_mail(subject, body, None, [settings.OFFICE_EMAIL])


def send_digest(now=None):
    """Daily digest of untriaged reports to the office mailbox; returns how many were listed
    (nothing is sent when there are none)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    pending = list(
        Report.objects.untriaged()
        .select_related("category", "concerned_unit")
        .order_by("created_at")
    )
    overdue = Report.objects.overdue(today).count()
    if not pending and not overdue:
        return 0
    lines = [f"截至 {timezone.localtime(now):%Y-%m-%d %H:%M},举报箱有 {len(pending)} 件待处理:", ""]
    for report in pending:
        waited = (today - timezone.localtime(report.created_at).date()).days
        lines.append(
            f"- {format_code(report.receipt_code)} {report.category} · {report.place}"
            f" · 已等待 {waited} 天 · {admin_url(report)}"
        )
    if overdue:
        lines += ["", f"另有 {overdue} 件已交办事项超过办理时限。"]
    send_mail(
        f"[举报箱] 每日汇总:{len(pending)} 件待处理",
        "\n".join(lines),
        None,
        [settings.OFFICE_EMAIL],
    )
    return len(pending)


def purge_client_ips(now=None, days=None):
    """Clear the client address of reports older than the retention period; returns the count."""
    now = now or timezone.now()
    days = settings.PORTAL_REPORT_IP_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    return Report.objects.filter(created_at__lt=cutoff, client_ip__isnull=False).update(
        client_ip=None
    )
