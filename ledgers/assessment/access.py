"""Who sees what of the year-end assessment, in one place.

* the office manages schemes, adjustments, the freeze, publication and the workbook, and reads
  every card;
* 纪委 reads every card and the ranking (read-only);
* a unit's clerk reads its own card (live figures until the freeze, then the frozen ones) and,
  once the office has published the year, the ranking of totals — never another unit's card;
* anyone else nothing.

Views call these before looking anything up, so a refusal does not tell whether a unit exists.
"""

from django.core.exceptions import PermissionDenied

from ledgers.roles import is_inspector, is_office, unit_of


def reads_everything(user):
    return is_office(user) or is_inspector(user)


def may_open_assessment(user):
    """Whether the 年终考核 menu is for ``user`` at all: the office, 纪委 and the clerks of the
    units that are scored (not the 89000 centre or the organs committee)."""
    from ledgers.assessment.scoring import is_scored

    return reads_everything(user) or is_scored(unit_of(user))


def may_read_card(user, unit_id):
    if reads_everything(user):
        return True
    unit = unit_of(user)
    return unit is not None and unit.pk == unit_id


def may_read_ranking(user, scheme):
    return reads_everything(user) or (
        unit_of(user) is not None and scheme is not None and scheme.published_at is not None
    )


def require_card(user, unit_id):
    if not may_read_card(user, unit_id):
        raise PermissionDenied


def require_ranking(user, scheme):
    if not may_read_ranking(user, scheme):
        raise PermissionDenied


def require_manager(user):
    if not is_office(user):
        raise PermissionDenied
