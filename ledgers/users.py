"""The office manages logins in Wagtail's user admin, but only superusers make superusers.

Wagtail lets anyone with the add/change user permissions tick "Administrator" and edit or delete
administrator accounts (including their passwords). The office group has those permissions to
manage unit clerks, so these views take the superuser checkbox away from non-superusers and
refuse them superuser accounts — in the add, edit and delete views and in the bulk actions
(delete, set active state, assign role). The copy view is switched off (in Wagtail 8.0.1 it
saved over the original user, superuser flag included; see ``ledgers/copying.py``).
"""

from django.core.exceptions import PermissionDenied
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction


class SuperuserFieldGuardMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


def may_manage(actor, target):
    """Only a superuser may create, change, deactivate, regroup, reset or delete a superuser."""
    return actor.is_superuser or not target.is_superuser


def refuse_superuser_target(request, target):
    if not may_manage(request.user, target):
        raise PermissionDenied


class CreateView(SuperuserFieldGuardMixin, wagtail_users.CreateView):
    pass


class EditView(SuperuserFieldGuardMixin, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        refuse_superuser_target(request, self.object)


class DeleteView(wagtail_users.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        refuse_superuser_target(request, self.get_object())
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_enabled = False


class SuperuserTargetGuard:
    """A bulk action on users leaves superusers out unless a superuser acts (they are listed
    under "no permission" on the confirmation page and skipped when it is submitted)."""

    def check_perm(self, obj):
        return may_manage(self.request.user, obj) and super().check_perm(obj)


class GuardedDeleteBulkAction(SuperuserTargetGuard, DeleteBulkAction):
    pass


class GuardedSetActiveStateBulkAction(SuperuserTargetGuard, SetActiveStateBulkAction):
    pass


class GuardedAssignRoleBulkAction(SuperuserTargetGuard, AssignRoleBulkAction):
    pass


GUARDED_USER_BULK_ACTIONS = (
    GuardedDeleteBulkAction,
    GuardedSetActiveStateBulkAction,
    GuardedAssignRoleBulkAction,
)
