"""The spot-check policy rules, one named function each (pure: no database, no clock).

"以电话随机访问的形式……进行抽查。抽查每半年、年终分两次进行": a stratified random sample per
unit and task, of a size fixed by a rule, drawn with a recorded seed so that the same seed redraws
exactly the same sample, leaving out people called recently.
"""

import hashlib
import hmac
import math
import random
from dataclasses import dataclass

from ledgers.phones import normalise_phone, phone_digits

# 无法接通: the first call and up to three retries.
MAX_RETRIES = 3
MAX_ATTEMPTS = 1 + MAX_RETRIES


@dataclass(frozen=True)
class SizeRule:
    """How many to draw from a stratum: ``per_unit`` people, or ``percent`` % (rounded up) but at
    least ``minimum``; never more than the stratum holds."""

    mode: str = "per_unit"  # "per_unit" or "share"
    per_unit: int = 3
    percent: int = 10
    minimum: int = 2


@dataclass(frozen=True)
class Candidate:
    """Someone who may be drawn: ``key`` is the stable source identifier (sorting key), ``person``
    the digest of the normalised phone (the same person across ledgers, cases and ratings)."""

    key: str
    person: str


def person_key(phone, secret=None):
    """A keyed digest (HMAC-SHA256 with ``secret``, by default the site's ``SECRET_KEY``) of the
    normalised phone number: the same number typed differently (spaces, dashes, +86, full-width
    digits) gives the same key; without the secret the number cannot be found back from it by
    trying every number. Empty when there is no usable number."""
    normalised, _ = normalise_phone(phone)
    digits = phone_digits(normalised)
    if len(digits) < 7:
        return ""
    if secret is None:
        from django.conf import settings

        secret = settings.SECRET_KEY
    return hmac.new(str(secret).encode(), digits.encode(), hashlib.sha256).hexdigest()[:20]


def sample_size(rule, population):
    """How many of ``population`` people to draw under ``rule`` (a :class:`SizeRule`)."""
    if population <= 0:
        return 0
    if rule.mode == "share":
        wanted = max(rule.minimum, math.ceil(population * rule.percent / 100))
    else:
        wanted = rule.per_unit
    return max(0, min(population, wanted))


def stratum_label(stratum):
    """The text form of a stratum key ``(unit_id, task)``: ``"12|visits"`` (JSON keys, seeds)."""
    unit_id, task = stratum
    return f"{unit_id}|{task}"


def stratum_seed(seed, stratum):
    """Each stratum has its own random stream derived from the round's seed, so that adding or
    removing a unit does not change any other unit's sample."""
    return f"{seed}|{stratum_label(stratum)}"


def draw_sample(strata, seed, size_rule, excluded):
    """The sample: ``{stratum: [Candidate, …]}`` in drawing order.

    ``strata`` maps ``(unit_id, task)`` to candidates; each stratum's candidates are de-duplicated
    by person and sorted by ``key`` (so the order they were read in does not matter), people in
    ``excluded`` (called recently) and people already drawn in an earlier stratum (strata are
    taken in sorted order) are left out, and ``sample_size`` of the rest are drawn with
    ``random.Random`` seeded by :func:`stratum_seed`. Same inputs, same seed → same sample.
    """
    excluded = set(excluded)
    taken = set()
    sample = {}
    for stratum in sorted(strata, key=stratum_label):
        eligible, seen = [], set()
        for candidate in sorted(strata[stratum], key=lambda c: (c.key, c.person)):
            if not candidate.person or candidate.person in excluded:
                continue
            if candidate.person in taken or candidate.person in seen:
                continue
            seen.add(candidate.person)
            eligible.append(candidate)
        size = sample_size(size_rule, len(eligible))
        picked = random.Random(stratum_seed(seed, stratum)).sample(eligible, size)  # noqa: S311
        taken.update(c.person for c in picked)
        sample[stratum] = picked
    return sample


def months_before(day, months):
    """The same day ``months`` months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def can_retry(outcome, attempts):
    """A call that did not get through (无法接通) goes back into the queue until it has been tried
    ``MAX_ATTEMPTS`` times (the first call and three retries)."""
    return outcome == "unreachable" and attempts < MAX_ATTEMPTS


def is_reached(outcome):
    """Someone answered: 核实属实, 不属实 or 拒访 (a refusal is reached but not verified)."""
    return outcome in ("confirmed", "false", "refused")


def confirmed_rate(confirmed, reached):
    """核实属实率 in percent (one decimal): confirmed ÷ reached; ``None`` when nobody was reached."""
    if not reached:
        return None
    return round(100 * confirmed / reached, 1)


def may_raise_case(outcome, new_problem):
    """A call becomes a rectification case when the ledger was found false (不属实/虚报) or the
    person reported a new problem."""
    return outcome == "false" or bool((new_problem or "").strip())
