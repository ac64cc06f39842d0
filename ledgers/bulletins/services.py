"""Every change to bulletins, in one place: each function checks that the user is office staff,
changes the data in one transaction and writes a Wagtail log entry (who, when, what). Dates and
times are passed in (``at=``)."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ledgers.bulletins import document, snapshots
from ledgers.bulletins.models import Bulletin, BulletinCounter, Kind, format_number
from ledgers.bulletins.snapshots import full_width
from ledgers.permissions import require_office
from ledgers.redaction import redact_public
from ledgers.rules import ActionRefused

ACTION_LABELS = {
    "generate": "生成通报",
    "download": "下载通报",
    "publish": "生成专栏脱敏稿",
}

DEFAULT_ADDRESSEES = "各镇街区、市直各部门"

# Which of the four main tasks (home.models.Task) a column article of each kind tracks.
ARTICLE_TASKS = {
    Kind.LEDGERS: "villages",
    Kind.RECTIFICATION: "rectification",
    Kind.SPOTCHECK: "villages",
    Kind.INSPECTIONS: "windows",
}


class BulletinRefused(ActionRefused):
    """A bulletin action that is not allowed now (the message says why, in Chinese)."""


def _log(instance, action, user=None, **data):
    log(instance=instance, action=f"bulletins.{action}", user=user, data=data)


def default_issuer():
    return settings.PORTAL_BULLETIN_ISSUER


def next_number(year):
    """Lock the year's counter row and take its next number. Call inside a transaction: the
    number is used only if that transaction commits (a rollback leaves no gap)."""
    BulletinCounter.objects.get_or_create(year=year)
    counter = BulletinCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def generate(kind, params, *, user, at, title="", addressees="", body="", issuer=""):
    """Collect the snapshot of ``kind`` for ``params``, number the bulletin (gapless per year of
    ``at``), build its Word document and archive both — number, row and file in one
    transaction. Empty texts get the template's defaults."""
    require_office(user)
    kind = Kind(kind)
    snapshot = snapshots.collect(kind, params)
    title = (title or "").strip() or snapshots.default_title(kind, snapshot)
    body = (body or "").strip() or snapshots.default_body(kind, snapshot, params)
    addressees = (addressees or "").strip() or DEFAULT_ADDRESSEES
    issuer = (issuer or "").strip() or default_issuer()
    issued_on = timezone.localdate(at)
    year = issued_on.year
    with transaction.atomic():
        seq = next_number(year)
        bulletin = Bulletin(
            kind=kind,
            year=year,
            seq=seq,
            number=format_number(year, seq),
            title=title,
            addressees=addressees,
            body=body,
            issuer=issuer,
            issued_on=issued_on,
            parameters=snapshots.stored_parameters(params),
            snapshot=snapshot,
            generated_by=user,
            generated_at=at,
        )
        content = document.build(
            number=bulletin.number,
            title=title,
            addressees=addressees,
            body=body,
            columns=snapshot["columns"],
            rows=snapshot["rows"],
            issuer=issuer,
            issued_on=issued_on,
        )
        bulletin.document.save(bulletin.download_name, ContentFile(content), save=False)
        try:
            bulletin.save()
            _log(bulletin, "generate", user, number=bulletin.number, kind=kind.value)
        except Exception:
            bulletin.document.delete(save=False)  # the row is not saved: no orphan file
            raise
    return bulletin


def log_download(bulletin, *, user):
    require_office(user)
    _log(bulletin, "download", user, number=bulletin.number)


# -- the redacted version for the work-style column --------------------------------------------
def reporter_names(bulletin):
    """The names of the reporters behind the bulletin's rows (cases), for the redaction: the
    snapshot holds case titles already redacted, the office's own text may still name someone."""
    from ledgers.rectification.models import Case, CaseSource

    ids = (bulletin.snapshot.get("refs") or {}).get("cases") or []
    if not ids:
        return []
    names = set(Case.objects.filter(pk__in=ids).values_list("reporter_name", flat=True))
    names |= set(CaseSource.objects.filter(case_id__in=ids).values_list("reporter_name", flat=True))
    return sorted(n for n in names if n)


def public_texts(bulletin):
    """(title, paragraphs, columns, rows) of the bulletin with names, phone, ID and house numbers
    removed (:func:`ledgers.redaction.redact_public`) from the title, the body and the snapshot's
    free-text columns (all columns when a snapshot does not say which)."""
    names = reporter_names(bulletin)

    def clean(text):
        return full_width(redact_public(text, names))

    snapshot = bulletin.snapshot or {}
    paragraphs = [clean(line.strip()) for line in bulletin.body.splitlines() if line.strip()]
    columns = [clean(c) for c in snapshot.get("columns", [])]
    text_columns = set(snapshot.get("text_columns", range(len(snapshot.get("columns", [])))))
    rows = [
        [clean(v) if i in text_columns else full_width(v) for i, v in enumerate(row)]
        for row in snapshot.get("rows", [])
    ]
    return clean(bulletin.title), paragraphs, columns, rows


def public_html(paragraphs, columns, rows):
    """Rich text for the article: the paragraphs, then one list item per table row
    ("单位:甲镇;附件1:按时…") — the rich-text editor keeps lists, not tables."""
    from django.utils.html import escape

    parts = [f"<p>{escape(p)}</p>" for p in paragraphs]
    if rows:
        items = []
        for row in rows:
            pairs = [
                f"{escape(c)}：{escape(v)}"
                for c, v in zip(columns, row, strict=False)
                if v and c != "序号"
            ]
            items.append(f"<li>{'；'.join(pairs)}</li>")
        parts.append("<ol>" + "".join(items) + "</ol>")
    return "".join(parts)


def column_page():
    from home.models import ColumnIndexPage

    return ColumnIndexPage.objects.order_by("path").first()


def publish_redacted(bulletin, *, user, at):
    """A draft article (never live: a revision only, so the column's review applies) under the
    work-style column with the bulletin's text and table, redacted for the public."""
    from home.models import ArticlePage

    require_office(user)
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.article_id:
            raise BulletinRefused("本通报已生成专栏稿,请在页面管理中修改和提交审核。")
        parent = column_page()
        if parent is None:
            raise BulletinRefused("没有找到作风建设专栏页面,请先建立专栏。")
        title, paragraphs, columns, rows = public_texts(bulletin)
        article = ArticlePage(
            title=title[:255],
            slug=f"bulletin-{bulletin.year}-{bulletin.seq}",
            task=ARTICLE_TASKS[Kind(bulletin.kind)],
            date=timezone.localdate(at),
            intro=(paragraphs[0] if paragraphs else "")[:500],
            body=public_html(paragraphs, columns, rows),
            live=False,
            owner=user,
        )
        parent.add_child(instance=article)
        article.save_revision(user=user, log_action=True)
        bulletin.article = article
        bulletin.save(update_fields=["article"])
        _log(bulletin, "publish", user, number=bulletin.number, page=article.pk)
    return article
