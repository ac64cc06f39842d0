"""History, workflow reports and counts keep to the unit scope, like everything else.

Wagtail filters log entries (site history ``/admin/reports/site-history/`` and its filters),
the workflow reports (``/admin/reports/workflow/``, ``…/workflow_tasks/``) and the snippet
counts (``/admin/snippets/``) by *model* permission only, so a clerk saw other units' plan and
case activity, titles and staff names. Here, for everyone but the office:

* rows about an object of a unit-scoped model (every model registered through
  ``ledgers.permissions.register_unit_scope``) are kept only when the object is within the
  user's scope (:func:`scoped_generic_q`);
* log entries of office-only actions (:data:`OFFICE_ONLY_LOG_ACTIONS`: the conflict-of-interest
  override and its internal reason) are dropped everywhere a unit looks
  (:func:`visible_log_entries`, also used by the case workbench's history).

:func:`install` (called from ``LedgersConfig.ready``) plugs these into Wagtail's
``ModelLogEntryManager.viewable_by_user``, the two workflow report views and the snippet index.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from ledgers.permissions import UNIT_SCOPED_POLICIES
from ledgers.roles import is_office

# Log actions whose entries (and data: internal reasons) only the office sees.
OFFICE_ONLY_LOG_ACTIONS = frozenset(
    {
        "rectification.conflict_override",
        "reportbox.conflict_override",
        "reportbox.forward",
    }
)
ANY_ACTION = ["add", "change", "delete", "view", "publish"]


def scoped_generic_q(user, content_type_field="content_type", object_id_field="object_id"):
    """A ``Q`` for rows pointing at objects generically (content type + text object id): rows
    about unit-scoped models only where the object is within ``user``'s scope; other rows as
    they are. ``Q()`` for the office."""
    if is_office(user):
        return Q()
    condition = Q()
    for model, policy in UNIT_SCOPED_POLICIES.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        reachable = (
            policy.instances_user_has_any_permission_for(user, ANY_ACTION)
            .annotate(_pk_text=Cast("pk", output_field=CharField()))
            .values("_pk_text")
        )
        condition &= ~Q(**{f"{content_type_field}_id": content_type.pk}) | Q(
            **{f"{object_id_field}__in": reachable}
        )
    return condition


def visible_log_entries(user, queryset):
    """Log entries ``user`` may read: scoped objects only, no office-only actions."""
    if is_office(user):
        return queryset
    return queryset.exclude(action__in=OFFICE_ONLY_LOG_ACTIONS).filter(scoped_generic_q(user))


def scoped_count(user, model):
    """How many ``model`` objects ``user`` may reach (for counts shown to them)."""
    policy = UNIT_SCOPED_POLICIES.get(model)
    if policy is None or is_office(user):
        return model._default_manager.count()
    return policy.instances_user_has_any_permission_for(user, ANY_ACTION).count()


def install():
    """Plug the scope into Wagtail's log-entry, workflow-report and snippet-count queries."""
    from wagtail.admin.views.reports import workflows
    from wagtail.models.audit_log import ModelLogEntryManager
    from wagtail.snippets.views.snippets import ModelIndexView

    if getattr(ModelLogEntryManager, "_portal_scoped", False):
        return

    model_viewable = ModelLogEntryManager.viewable_by_user

    def viewable_by_user(self, user):
        return visible_log_entries(user, model_viewable(self, user))

    ModelLogEntryManager.viewable_by_user = viewable_by_user
    ModelLogEntryManager._portal_scoped = True

    workflow_states = workflows.WorkflowView.get_queryset

    def workflow_view_queryset(self):
        return workflow_states(self).filter(scoped_generic_q(self.request.user))

    workflows.WorkflowView.get_queryset = workflow_view_queryset

    task_states = workflows.WorkflowTasksView.get_queryset

    def workflow_tasks_queryset(self):
        return task_states(self).filter(
            scoped_generic_q(
                self.request.user, "workflow_state__content_type", "workflow_state__object_id"
            )
        )

    workflows.WorkflowTasksView.get_queryset = workflow_tasks_queryset

    snippet_types = ModelIndexView._get_snippet_types

    def scoped_snippet_types(self):
        types = snippet_types(self)
        for entry in types:
            if entry["model"] in UNIT_SCOPED_POLICIES:
                entry["count"] = scoped_count(self.request.user, entry["model"])
        return types

    ModelIndexView._get_snippet_types = scoped_snippet_types
