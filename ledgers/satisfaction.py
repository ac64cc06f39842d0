"""The five-level satisfaction scale shared by telephone spot checks and window ratings (好差评).

The national 政务服务"好差评" scale: 非常满意, 满意, 基本满意 count as good; 不满意 and 非常不满意
as bad (差评). One scale, one definition of the satisfaction rate, for every screen and export.
"""

from django.db import models


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    VERY_DISSATISFIED = "very_dissatisfied", "非常不满意"


GOOD_LEVELS = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASIC)
BAD_LEVELS = (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)


def is_bad(level):
    """A 差评: 不满意 or 非常不满意."""
    return level in BAD_LEVELS


def satisfaction_rate(counts):
    """满意率 in percent (one decimal) from ``{level: count}``: good answers over all answers;
    ``None`` when nobody answered (a rate of nothing is not 0%)."""
    total = sum(counts.get(level, 0) for level in Satisfaction.values)
    if not total:
        return None
    good = sum(counts.get(level, 0) for level in GOOD_LEVELS)
    return round(100 * good / total, 1)
