"""Unit scoping in one place.

Every object that belongs to a unit is seen and changed by that unit's clerks and by the office,
never by another unit. Wagtail's generic views filter only the *index* through ``get_queryset``;
edit, delete, inspect, history, usage, revisions and workflow views load objects by primary key
and check model-level permissions only (wagtail#13314). This module closes that gap:

* :class:`UnitScope` says, for a model, which field path leads to the owning unit and builds the
  queryset filter for a user;
* :class:`UnitScopedPermissionPolicy` is a Wagtail permission policy that adds the object-level
  check (registered with ``wagtail.permissions.register_permission_policy``);
* :class:`UnitScopedViewSetMixin` goes on a ``ModelViewSet``/``SnippetViewSet``: it scopes the
  index (and so the export) and wraps every single-object view so that ``get_object()`` raises
  ``PermissionDenied`` for an object outside the user's scope.

Superusers and the office see everything; inspectors (纪委) may read everything if the scope
allows it; everyone else only objects of their own unit.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ledgers.roles import is_inspector, is_office, unit_of


class UnitScope:
    """Which unit owns an object of ``model``: the field path ``unit_path`` (e.g. ``"unit"`` or
    ``"case__assigned_unit"``). ``inspectors_read`` lets 纪委 read (not change) every unit's objects."""

    def __init__(self, unit_path="unit", inspectors_read=False):
        self.unit_path = unit_path
        self.inspectors_read = inspectors_read

    def sees_all(self, user, action="view"):
        if is_office(user):
            return True
        return self.inspectors_read and action == "view" and is_inspector(user)

    def filter_q(self, user, action="view"):
        """A ``Q`` restricting a queryset to what ``user`` may reach."""
        if self.sees_all(user, action):
            return Q()
        unit = unit_of(user)
        if unit is None:
            return Q(pk__in=[])
        return Q(**{self.unit_path: unit.pk})

    def scope_queryset(self, user, queryset, action="view"):
        return queryset.filter(self.filter_q(user, action))

    def owner_unit_id(self, obj):
        value = obj
        for part in self.unit_path.split("__"):
            if value is None:
                return None
            value = getattr(value, part)
        return getattr(value, "pk", value)

    def user_can_reach(self, user, obj, action="view"):
        if self.sees_all(user, action):
            return True
        unit = unit_of(user)
        return unit is not None and self.owner_unit_id(obj) == unit.pk


class UnitScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from groups) plus the unit scope on every instance check."""

    def __init__(self, model, scope=None, **kwargs):
        super().__init__(model, **kwargs)
        self.scope = scope or UnitScope()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.scope.user_can_reach(
            user, instance, "view" if action == "view" else "change"
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        read_only = set(actions) <= {"view"}
        return self.scope.scope_queryset(
            user, self.model._default_manager.all(), "view" if read_only else "change"
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


# model -> its UnitScopedPermissionPolicy (read by ledgers/history_scope.py for log entries, workflow
# reports and snippet counts).
UNIT_SCOPED_POLICIES = {}


def register_unit_scope(model, scope=None):
    """Register and return the unit-scoped permission policy for ``model``."""
    policy = UnitScopedPermissionPolicy(model, scope=scope)
    register_permission_policy(model, policy)
    UNIT_SCOPED_POLICIES[model] = policy
    return policy


class ObjectScopeMixin:
    """Mixed into a single-object admin view: refuse objects outside the user's unit scope."""

    scope = None

    def get_object(self, *args, **kwargs):
        action = "view" if self.request.method in ("GET", "HEAD") else "change"
        try:
            obj = super().get_object(*args, **kwargs)
        except (Http404, ObjectDoesNotExist):
            refuse_missing(self.scope, self.request.user, action)
        in_scope = self.scope is None or self.scope.user_can_reach(self.request.user, obj, action)
        if obj is not None and not in_scope:
            raise PermissionDenied
        return obj


class OfficeNotesHiddenMixin:
    """Mixed into an object's history view: office-only entries (e.g. the conflict override and
    its reason) are left out for everyone but the office (ledgers/history_scope.py)."""

    def get_base_queryset(self):
        from ledgers.history_scope import visible_log_entries

        return visible_log_entries(self.request.user, super().get_base_queryset())


class ScopedIndexMixin:
    """Mixed into an index (listing/export) view: only rows within the user's unit scope."""

    scope = None

    def get_base_queryset(self):
        return self.scope.scope_queryset(self.request.user, super().get_base_queryset())


class ScopedChooserListMixin:
    """A chooser's list (and its search results): only objects within the user's scope."""

    scope = None

    def get_object_list(self):
        return self.scope.scope_queryset(self.request.user, super().get_object_list())


class ScopedChosenMixin:
    """A chooser's "chosen" step: an object outside the scope is answered like a missing one."""

    scope = None

    def get_object(self, pk):
        obj = super().get_object(pk)
        if not self.scope.user_can_reach(self.request.user, obj):
            raise self.model_class.DoesNotExist
        return obj


class ScopedChosenMultipleMixin:
    scope = None

    def get_objects(self, pks):
        return self.scope.scope_queryset(self.request.user, super().get_objects(pks))


class ScopedChooserViewSetMixin:
    """For a ``ChooserViewSet`` (e.g. a snippet's chooser): every view keeps to the unit scope."""

    unit_scope = None

    def construct_view(self, view_class, **kwargs):
        if hasattr(view_class, "get_object_list"):
            mixin = ScopedChooserListMixin
        elif hasattr(view_class, "get_objects"):
            mixin = ScopedChosenMultipleMixin
        elif hasattr(view_class, "get_object"):
            mixin = ScopedChosenMixin
        else:
            mixin = None
        if mixin and not issubclass(view_class, mixin):
            view_class = type(
                f"Scoped{view_class.__name__}",
                (mixin, view_class),
                {"scope": self.unit_scope, "__module__": view_class.__module__},
            )
        return super().construct_view(view_class, **kwargs)


class UnitScopedViewSetMixin:
    """For ``ModelViewSet`` / ``SnippetViewSet``: set ``unit_scope`` on the class.

    The index and its export are filtered; every view that loads one object by pk (edit,
    delete, inspect, history, usage, copy, revisions, preview, lock, workflow actions…) is wrapped
    with :class:`ObjectScopeMixin` and refuses (403) an object of another unit. A snippet's
    chooser lists and returns only objects within the scope.
    """

    unit_scope = UnitScope()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_policy = register_unit_scope(self.model, self.unit_scope)
        chooser = getattr(self, "chooser_viewset_class", None)
        if chooser is not None and not issubclass(chooser, ScopedChooserViewSetMixin):
            self.chooser_viewset_class = type(
                f"Scoped{chooser.__name__}",
                (ScopedChooserViewSetMixin, chooser),
                {"unit_scope": self.unit_scope, "__module__": chooser.__module__},
            )

    def construct_view(self, view_class, **kwargs):
        from wagtail.admin.views.generic import IndexView
        from wagtail.admin.views.generic.history import HistoryView

        if issubclass(view_class, IndexView):
            mixins = (ScopedIndexMixin,)
        elif issubclass(view_class, HistoryView):
            mixins = (ObjectScopeMixin, OfficeNotesHiddenMixin)
        elif hasattr(view_class, "get_object"):
            mixins = (ObjectScopeMixin,)
        else:
            mixins = ()
        mixins = tuple(m for m in mixins if not issubclass(view_class, m))
        if mixins:
            view_class = type(
                f"Scoped{view_class.__name__}",
                (*mixins, view_class),
                {"scope": self.unit_scope, "__module__": view_class.__module__},
            )
        return super().construct_view(view_class, **kwargs)


def refuse_missing(scope, user, action="view"):
    """A missing object gets the same answer as another unit's: PermissionDenied, so that the
    response does not tell whether an id exists (404 vs refusal). Users who see every unit's
    objects (the office) get the ordinary 404."""
    if scope is not None and scope.sees_all(user, action):
        raise Http404
    raise PermissionDenied


def get_in_scope(scope, user, queryset, action="view", **lookup):
    """For hand-written views: the one object of ``queryset`` matching ``lookup`` that ``user``
    may reach; missing and out-of-scope objects are refused alike (see :func:`refuse_missing`)."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        refuse_missing(scope, user, action)
    return require_unit_scope(scope, user, obj, action)


def require_unit_scope(scope, user, obj, action="view"):
    """For hand-written views (downloads, custom actions): raise unless ``user`` may reach ``obj``."""
    if not scope.user_can_reach(user, obj, action):
        raise PermissionDenied
    return obj


def require_office(user):
    """For hand-written views and services: raise unless ``user`` is office staff."""
    if not is_office(user):
        raise PermissionDenied
