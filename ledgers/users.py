"""The office manages logins in Wagtail's user admin, but only superusers make superusers.

Wagtail lets anyone with the add/change user permissions tick "Administrator" and edit or delete
administrator accounts (including their passwords). The office group has those permissions to
manage unit clerks, so these views take the superuser checkbox away from non-superusers and
refuse them superuser accounts.
"""

from django.core.exceptions import PermissionDenied
from wagtail.users.views import users as wagtail_users


class SuperuserFieldGuardMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


def refuse_superuser_target(request, target):
    if target.is_superuser and not request.user.is_superuser:
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
