"""Saving a rating and, for a 差评 with a phone, opening its rectification case (one place)."""

from django.db import transaction
from wagtail.log_actions import log

from ledgers.models import ProblemCategory
from ledgers.ratings import rules
from ledgers.ratings.models import Aspect, Rating, RatingSettings
from ledgers.satisfaction import Satisfaction

ACTION_LABELS = {
    "submit": "提交评价",
    "case": "差评转整改问题",
}


def _log(rating, action, user=None, **data):
    log(instance=rating, action=f"ratings.{action}", user=user, data=data)


def case_category():
    """The problem type of a case raised by a 差评: the office's choice in 好差评设置, else
    窗口服务 (seeded by the ledgers migrations; created here, off the report box, if missing)."""
    chosen = RatingSettings.load().category
    if chosen is not None:
        return chosen
    category, _ = ProblemCategory.objects.get_or_create(
        name=rules.CASE_CATEGORY_NAME, defaults={"in_report_box": False}
    )
    return category


def case_content(rating):
    """What the window unit reads on the case: the rating, its points and the comment (never
    the citizen's name or phone)."""
    lines = [
        f"群众对{rating.unit}窗口服务的评价:{rating.get_level_display()}。",
        f"评价事项:{rating.item_name}。",
    ]
    if rating.aspects:
        lines.append(f"涉及方面:{rating.aspects_display}。")
    if rating.comment:
        lines.append(f"群众意见:{rating.comment}")
    return "\n".join(lines)


def submit_rating(
    *, unit, on, level, approval_item=None, aspects=(), comment="", name="", phone=""
):
    """Save a citizen's rating (text as typed); a 差评 with a phone becomes a case for ``unit``
    at once, assigned with the office's time limit and marked as needing a 回访 before close.
    Returns the rating (``rating.case`` is the case, if one was opened)."""
    from ledgers.rectification.models import SourceKind
    from ledgers.rectification.services import open_case_from_source

    if level not in Satisfaction.values:
        raise ValueError(level)
    aspects = [code for code in Aspect.values if code in set(aspects or ())]
    with transaction.atomic():
        rating = Rating.objects.create(
            unit=unit,
            approval_item=approval_item,
            item_title=approval_item.name if approval_item is not None else "",
            level=level,
            aspects=aspects,
            comment=comment or "",
            name=name or "",
            phone=phone or "",
        )
        _log(rating, "submit", level=level)
        if rules.becomes_case(level, phone):
            settings = RatingSettings.load()
            case, _ = open_case_from_source(
                rating,
                kind=SourceKind.RATING,
                user=None,
                on=on,
                unit=unit,
                time_limit_days=settings.time_limit_days or rules.DEFAULT_TIME_LIMIT_WORKING_DAYS,
                needs_callback=True,
                reporter_name=rating.name,
                reporter_phone=rating.phone,
                category=case_category(),
                content=case_content(rating),
                title=f"窗口差评:{unit}({rating.get_level_display()})"[:40],
            )
            rating.case = case
            rating.save(update_fields=["case"])
            _log(rating, "case", case=case.pk)
        purge_guide_page(unit)
    return rating


def purge_guide_page(unit):
    """The window's guide page (and its item pages) show the satisfaction summary: drop them
    from the anonymous page cache (now and after commit). Only this page, not its ancestors —
    a stream of ratings must not empty the cache of the home page and the listings."""
    from home import pagecache
    from home.models import ServiceGuidePage

    unit_id = getattr(unit, "pk", unit)
    path = ServiceGuidePage.objects.filter(unit_id=unit_id).values_list("path", flat=True).first()
    if path:
        pagecache.purge_tags(pagecache.page_tag(path))
