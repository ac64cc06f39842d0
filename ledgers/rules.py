"""Policy rules of 海办发〔2016〕9号 that do not belong to one module.

Each rule is one named function with its own test (tests/ledgers/test_rules.py).
"""

from decimal import ROUND_HALF_UP, Decimal

# 二、(四) 1: "审批时限在原有基础上再压缩20%".
TIME_CUT_TARGET = Decimal("0.20")


def time_cut_ratio(original_days, current_days):
    """Share of the original promised time limit that was cut: (原 − 现) / 原, or None."""
    if not original_days or current_days is None:
        return None
    ratio = (Decimal(original_days) - Decimal(current_days)) / Decimal(original_days)
    return ratio.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def meets_time_cut_target(original_days, current_days, target=TIME_CUT_TARGET):
    """True when the approval item's promised time limit was cut by at least 20%."""
    ratio = time_cut_ratio(original_days, current_days)
    return ratio is not None and ratio >= target


def assignment_conflicts(concerned_unit_id, assigned_unit_id):
    """Conflict of interest: a complaint about unit X must not be assigned to unit X (unless the
    office overrides it explicitly, with a reason that is logged)."""
    return concerned_unit_id is not None and concerned_unit_id == assigned_unit_id


# Default time limit (working days) offered when the office assigns a problem to a unit.
DEFAULT_TIME_LIMIT_WORKING_DAYS = 10


class ActionRefused(Exception):
    """A state change that is not allowed now. The message, in Chinese, says why and what to do;
    nothing was changed. Every module's refusals derive from it, so a view of one module can show
    another module's refusal without importing it."""
