"""Actions on the year-end assessment: each one small, logged, with the date passed in."""

from decimal import Decimal

from django.db import transaction
from wagtail.log_actions import log

from ledgers.assessment.models import Adjustment, Freeze, Scheme, SchemeIndicator, content_hash
from ledgers.assessment.scoring import DEFAULT_INDICATORS, compute_results
from ledgers.rules import ActionRefused

ACTION_LABELS = {
    "create": "新建考核方案",
    "copy": "复制考核方案",
    "adjust": "加减分",
    "freeze": "冻结考核结果",
    "publish": "公布考核排名",
}


class AssessmentRefused(ActionRefused):
    """An assessment action not allowed now; the message (Chinese) says why and what to do."""


def _log(instance, action, user, **data):
    log(instance=instance, action=f"assessment.{action}", user=user, data=data)


def default_indicators():
    return [
        SchemeIndicator(
            code=code,
            weight=Decimal(str(weight)),
            rule=rule,
            full_at=None if full is None else Decimal(str(full)),
            zero_at=None if zero is None else Decimal(str(zero)),
            per_occurrence=None if per is None else Decimal(str(per)),
            for_windows_only=windows,
            sort_order=i,
        )
        for i, (code, weight, rule, full, zero, per, windows) in enumerate(DEFAULT_INDICATORS)
    ]


@transaction.atomic
def create_scheme(year, *, user, source=None):
    """A new scheme for ``year``: a copy of ``source`` (normally last year's) or the defaults."""
    if Scheme.objects.filter(year=year).exists():
        raise AssessmentRefused(f"{year}年度的考核方案已经存在,请直接修改。")
    scheme = Scheme(
        year=year,
        title=f"{year}年度作风建设工作考核办法",
        notes=source.notes if source else "",
        copied_from=source,
    )
    if source is not None:
        indicators = []
        for i in source.indicators.all():
            i.pk, i.id, i.scheme_id = None, None, None
            indicators.append(i)
    else:
        indicators = default_indicators()
    scheme.indicators = indicators
    scheme.save()
    if source is not None:
        _log(scheme, "copy", user, source=source.year)
    else:
        _log(scheme, "create", user)
    return scheme


@transaction.atomic
def add_adjustment(year, unit, points, reason, *, user):
    """The office's 加分/扣分 on ``unit``'s card; after a freeze it is the way to correct it."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentRefused("请填写加减分的理由。")
    if not points:
        raise AssessmentRefused("加减分不能为 0:加分填正数,扣分填负数。")
    adj = Adjustment.objects.create(
        year=year,
        unit=unit,
        points=points,
        reason=reason,
        created_by=user,
        after_freeze=Freeze.objects.filter(year=year).exists(),
    )
    _log(adj, "adjust", user, unit=unit.name, points=str(points), reason=reason)
    return adj


@transaction.atomic
def freeze(scheme, *, on, user, now):
    """Freeze ``scheme``'s year: compute every card on ``on``, store it with the scheme's content
    and version and a hash, and lock the scheme."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if Freeze.objects.filter(year=scheme.year).exists():
        raise AssessmentRefused(f"{scheme.year}年度考核结果已经冻结;更正请用加减分。")
    results = compute_results(scheme, on)
    definition = scheme.definition()
    frozen = Freeze(
        year=scheme.year,
        scheme=scheme,
        scheme_version=scheme.version,
        scheme_definition=definition,
        results=results,
        as_of=on,
        frozen_at=now,
        frozen_by=user,
    )
    frozen.content_hash = content_hash(frozen.payload())
    frozen.save()
    scheme.locked = True
    scheme.save(update_fields=["locked"])
    _log(scheme, "freeze", user, as_of=on.isoformat(), hash=frozen.content_hash[:12])
    return frozen


@transaction.atomic
def publish(scheme, *, user, now):
    """Publish the year's ranking to the units (each still sees only its own card)."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.locked:
        raise AssessmentRefused("请先冻结考核结果,再公布排名。")
    if scheme.published_at:
        raise AssessmentRefused("排名已经公布。")
    scheme.published_at = now
    scheme.save(update_fields=["published_at"])
    _log(scheme, "publish", user)
    return scheme


def year_results(scheme, on):
    """``(results, freeze)``: the frozen results if the year is frozen, else computed on ``on``."""
    frozen = Freeze.objects.filter(year=scheme.year).select_related("frozen_by").first()
    if frozen is not None:
        return frozen.results, frozen
    return compute_results(scheme, on), None
