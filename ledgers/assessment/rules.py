"""The scoring rules of the year-end assessment, one named function each (tests/ledgers/assessment/
test_rules.py). Points are Decimals rounded to two places, half up."""

from decimal import ROUND_HALF_UP, Decimal

TOTAL_WEIGHT = Decimal("100")
TWO_PLACES = Decimal("0.01")


def quantize(value):
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weights_sum_to_100(weights):
    """A scheme's indicator weights must add up to exactly 100."""
    return sum((Decimal(w) for w in weights), Decimal("0")) == TOTAL_WEIGHT


def linear_points(figure, weight, full_at, zero_at):
    """Points for ``figure`` between two thresholds: the whole ``weight`` at ``full_at`` or beyond,
    nothing at ``zero_at`` or beyond, in proportion between. Works both ways: a rate where higher is
    better (full 100, zero 60) and a count where lower is better (full 0, zero 20)."""
    figure, weight = Decimal(figure), Decimal(weight)
    full_at, zero_at = Decimal(full_at), Decimal(zero_at)
    if full_at == zero_at:
        return quantize(weight if figure == full_at else 0)
    share = (figure - zero_at) / (full_at - zero_at)
    share = min(max(share, Decimal("0")), Decimal("1"))
    return quantize(weight * share)


def deduction_points(occurrences, weight, per_occurrence, floor=Decimal("0")):
    """The whole ``weight`` less ``per_occurrence`` for each occurrence, never below ``floor``."""
    weight = Decimal(weight)
    points = weight - Decimal(per_occurrence) * Decimal(occurrences)
    return quantize(max(points, min(Decimal(floor), weight)))


def no_data_points(weight, full):
    """A unit with nothing to judge for an indicator (no case assigned, no rating received): the
    scheme says whether that earns the whole weight or nothing."""
    return quantize(Decimal(weight) if full else 0)


def scaled_total(points, applicable_weight):
    """A unit's score out of 100 from the indicators that apply to it: a town is not scored on
    window indicators, so its points are scaled by 100 ÷ the weight of the indicators it is
    scored on (a unit with every indicator is not scaled at all)."""
    applicable_weight = Decimal(applicable_weight)
    if not applicable_weight:
        return quantize(0)
    return quantize(sum(points, Decimal("0")) * TOTAL_WEIGHT / applicable_weight)


def final_score(scaled, adjustments):
    """Score after the office's 加分/扣分 (which are not scaled)."""
    return quantize(Decimal(scaled) + sum((Decimal(a) for a in adjustments), Decimal("0")))


def competition_ranks(scores):
    """Ranks for ``{key: score}``, highest first; equal scores share a rank and the next rank
    skips (1, 2, 2, 4)."""
    ordered = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    ranks, previous, rank = {}, None, 0
    for position, (key, score) in enumerate(ordered, start=1):
        if score != previous:
            rank, previous = position, score
        ranks[key] = rank
    return ranks
