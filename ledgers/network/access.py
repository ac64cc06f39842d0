"""Who may reach the field network — the one place for its object-level policy.

* the office: everything, and it alone draws the 包联责任划分;
* a department: the compounds (and whole villages) it answers for *now* — their households with
  names and phones, their visits, its own cadre assignments; the responsibilities it holds or held;
* a town: the places of its own area — communities, compounds, responsibilities, coverage — and
  their households with the head of household's name and phone masked (personal data stays with
  the office and the responsible department);
* 纪委 and other units: nothing.

"Answers for": an open responsibility (no end date, or one not yet passed) for the compound, or
for its whole village/community when no other unit holds the compound itself.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ledgers.models import UnitKind
from ledgers.network.models import Compound, Responsibility
from ledgers.permissions import UnitScope
from ledgers.roles import is_office, unit_of


def open_responsibilities(on):
    return Responsibility.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=on), start_on__lte=on
    )


def responsible_compounds(unit, on):
    """The compounds ``unit`` answers for on day ``on`` (a queryset)."""
    current = open_responsibilities(on)
    own = current.filter(unit=unit, compound=OuterRef("pk"))
    whole = current.filter(unit=unit, compound__isnull=True, community=OuterRef("community"))
    other = current.filter(compound=OuterRef("pk")).exclude(unit=unit)
    return Compound.objects.filter(Exists(own) | (Exists(whole) & ~Exists(other)))


def ground_of_unit(unit, on):
    """The compounds a unit works on: a department's responsible compounds; a town's whole area
    (its cadres visit their own residents too)."""
    if unit.kind == UnitKind.TOWN:
        return Compound.objects.filter(community__town=unit)
    return responsible_compounds(unit, on)


def may_import_roster_somewhere(user, on):
    """The 导入住户花名册 entry: the office, or a department answering for some compound now."""
    if is_office(user):
        return True
    unit = unit_of(user)
    return (
        unit is not None and unit.kind != UnitKind.TOWN and responsible_compounds(unit, on).exists()
    )


def responsible_unit_ids(compound, on):
    """The unit(s) answering for ``compound`` on ``on``: its own responsibility, else its village's."""
    current = open_responsibilities(on)
    own = list(current.filter(compound=compound).values_list("unit_id", flat=True))
    if own:
        return own
    return list(
        current.filter(community_id=compound.community_id, compound__isnull=True).values_list(
            "unit_id", flat=True
        )
    )


def _compound_ids(user, on=None):
    """Compound ids the user's unit answers for today, cached on the user for the request."""
    cache = getattr(user, "_network_compounds", None)
    if cache is None:
        unit = unit_of(user)
        on = on or timezone.localdate()
        cache = set(responsible_compounds(unit, on).values_list("pk", flat=True)) if unit else set()
        user._network_compounds = cache
    return cache


def town_of(user):
    unit = unit_of(user)
    return unit if unit is not None and unit.kind == UnitKind.TOWN else None


class PlaceScope(UnitScope):
    """Communities, compounds and households (``compound_path`` leads to the compound, or is
    "pk" for a compound, None for a community). Only the office changes the register; a
    department reaches what it answers for (households included); a town reads its own area."""

    def __init__(self, town_path, compound_path=None, personal=False):
        super().__init__(unit_path=town_path)
        self.town_path = town_path
        self.compound_path = compound_path
        self.personal = personal

    def filter_q(self, user, action="view"):
        if self.sees_all(user, action):
            return Q()
        town = town_of(user)
        q = Q(pk__in=[])
        if town is not None and action == "view":
            q |= Q(**{self.town_path: town.pk})
        if unit_of(user) is not None and self.compound_path is not None:
            ids = _compound_ids(user)
            if action == "view" or self.personal:
                q |= Q(**{f"{self.compound_path}__in": ids})
        elif unit_of(user) is not None and action == "view":
            # a community: reached when the unit answers for one of its compounds
            q |= Q(compounds__in=_compound_ids(user))
        return q

    def user_can_reach(self, user, obj, action="view"):
        if self.sees_all(user, action):
            return True
        model = type(obj)
        return model._default_manager.filter(self.filter_q(user, action), pk=obj.pk).exists()

    def sees_personal_data(self, user, household):
        """Names and phones: the office and the department answering for the compound."""
        if is_office(user):
            return True
        return unit_of(user) is not None and household.compound_id in _compound_ids(user)


COMMUNITY_SCOPE = PlaceScope("town")
COMPOUND_SCOPE = PlaceScope("community__town", "pk")
HOUSEHOLD_SCOPE = PlaceScope("compound__community__town", "compound", personal=True)


class ResponsibilityScope(UnitScope):
    """包联责任: the office draws it; a unit reads the rows it holds or held; a town reads the rows
    of its own area."""

    def filter_q(self, user, action="view"):
        if self.sees_all(user, action):
            return Q()
        if action != "view":
            return Q(pk__in=[])
        unit = unit_of(user)
        if unit is None:
            return Q(pk__in=[])
        return Q(unit=unit.pk) | Q(community__town=unit.pk)

    def user_can_reach(self, user, obj, action="view"):
        if self.sees_all(user, action):
            return True
        if action != "view":
            return False
        unit = unit_of(user)
        return unit is not None and unit.pk in (obj.unit_id, obj.community.town_id)


RESPONSIBILITY_SCOPE = ResponsibilityScope()


class CadreAssignmentScope(UnitScope):
    """A unit's split among its cadres: the unit itself (on ground it answers for) and the office."""

    def __init__(self):
        super().__init__(unit_path="unit")


CADRE_SCOPE = CadreAssignmentScope()
VISIT_SCOPE = UnitScope(unit_path="unit")
