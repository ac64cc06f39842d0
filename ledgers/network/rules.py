"""The policy's rules for the field network, one function each.

"每次走访总量原则上按每名干部5户的要求掌握,年底前要全面走访一遍,做到'一户不漏'" and the
四个一 of each visit (留下一张联系卡、填好一张调查卷、解决一件困难事、发放一张宣传纸).
"""

from datetime import date

HOUSEHOLDS_PER_CADRE = 5
FOUR_ONES = ("four_card", "four_survey", "four_solved", "four_leaflet")


def cadre_meets_quota(households_visited, per_cadre=HOUSEHOLDS_PER_CADRE):
    """A cadre's round: at least ``per_cadre`` different households visited."""
    return households_visited >= per_cadre


def cadres_needed(households, per_cadre=HOUSEHOLDS_PER_CADRE):
    """How many cadres a ground of ``households`` needs for one round at ``per_cadre`` each."""
    return -(-households // per_cadre) if households else 0


def is_fully_covered(on_roster, visited):
    """一户不漏: every household on the roster visited at least once."""
    return on_roster > 0 and visited >= on_roster


def coverage_rate(on_roster, visited):
    """Visited ÷ on the roster, as a percentage with one decimal (None without a roster)."""
    if not on_roster:
        return None
    return round(100 * min(visited, on_roster) / on_roster, 1)


def four_ones_complete(row):
    """A visit left all four: 联系卡, 调查卷, 困难事解决, 宣传纸 (each stated 是)."""
    return all(getattr(row, name, None) is True for name in FOUR_ONES)


def half_of(day):
    """1 for January–June, 2 for July–December."""
    return 1 if day.month <= 6 else 2


def period_bounds(year, half=None):
    """First and last day of a half-year (``half`` 1 or 2) or of the whole year."""
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def responsible_during(responsibility, start, end):
    """A responsibility overlaps the days ``start``…``end`` (both inclusive)."""
    return responsibility.start_on <= end and (
        responsibility.end_on is None or responsibility.end_on >= start
    )
