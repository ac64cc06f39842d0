"""The rules of window ratings (好差评), one named function each."""

from ledgers.roles import is_office
from ledgers.satisfaction import is_bad

DEFAULT_TIME_LIMIT_WORKING_DAYS = 15
MAX_TIME_LIMIT_WORKING_DAYS = 60
CASE_CATEGORY_NAME = "窗口服务"
COMMENT_MAX = 500


def is_bad_rating(level):
    """A 差评: 不满意 or 非常不满意 (the shared scale's definition)."""
    return is_bad(level)


def becomes_case(level, phone):
    """A 差评 that left a phone becomes a rectification case at once (someone can call back);
    a good rating, or a 差评 without a phone, does not."""
    return is_bad_rating(level) and bool((phone or "").strip())


def sees_identity(user):
    """Only the office sees who rated (name and phone); units see the rating without them."""
    return is_office(user)
