"""Who reaches inspections and findings (the object-level rule, in one place).

* 纪委 (and superusers): everything, read and write.
* The office (作风办): reads inspections and findings, never the inspectors' working notes
  (templates leave them out for anyone but 纪委: :func:`sees_working_notes`).
* A unit's clerks: the findings about their own unit once 纪委 has released them; never an
  inspection record itself (inspectors, working notes).
"""

from django.db.models import Q

from ledgers.permissions import UnitScope
from ledgers.roles import is_inspector, is_office, unit_of


def is_inspecting(user):
    return bool(user and user.is_authenticated and (user.is_superuser or is_inspector(user)))


def sees_working_notes(user):
    return is_inspecting(user)


class InspectionScope(UnitScope):
    """Inspections: 纪委 all; the office reads; units nothing."""

    def __init__(self):
        super().__init__(unit_path="unit")

    def sees_all(self, user, action="view"):
        return is_inspecting(user) or (action == "view" and is_office(user))

    def filter_q(self, user, action="view"):
        return Q() if self.sees_all(user, action) else Q(pk__in=[])

    def user_can_reach(self, user, obj, action="view"):
        return self.sees_all(user, action)


class FindingScope(UnitScope):
    """Findings (``prefix=""``) or a finding's evidence (``prefix="finding__"``): 纪委 all; the
    office reads; a unit reads its own released findings."""

    def __init__(self, prefix=""):
        super().__init__(unit_path=f"{prefix}inspection__unit")
        self.prefix = prefix

    def sees_all(self, user, action="view"):
        return is_inspecting(user) or (action == "view" and is_office(user))

    def filter_q(self, user, action="view"):
        if self.sees_all(user, action):
            return Q()
        unit = unit_of(user)
        if unit is None or action != "view":
            return Q(pk__in=[])
        return Q(
            **{
                f"{self.prefix}inspection__unit": unit.pk,
                f"{self.prefix}released_at__isnull": False,
            }
        )

    def user_can_reach(self, user, obj, action="view"):
        if self.sees_all(user, action):
            return True
        unit = unit_of(user)
        if unit is None or action != "view":
            return False
        finding = obj.finding if self.prefix else obj
        return finding.released_at is not None and finding.inspection.unit_id == unit.pk


INSPECTION_SCOPE = InspectionScope()
FINDING_SCOPE = FindingScope()
EVIDENCE_SCOPE = FindingScope(prefix="finding__")
