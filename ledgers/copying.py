"""Copy views that cannot write over the original.

In Wagtail 8.0.1 the generic ``CopyView`` (models and snippets) binds its form to the *original*
object (``CopyViewMixin.get_initial_form_instance`` returns ``get_object()``), so a hand-made
``POST …/copy/<pk>/`` saves over row ``<pk>`` — for users, ``is_superuser`` included. The copy
page's own form posts to the *add* URL, so the copy URL only ever needs to answer GET.

:func:`harden_copy_views` (called once from ``LedgersConfig.ready``) changes the mixin shared by
every copy view, Wagtail's own (sites, users) and the portal's alike:

* the copy URL answers GET/HEAD only; any POST gets 405 and changes nothing;
* the form is filled from an unsaved clone of the original (no primary key), so the page the user
  sees is an *add* form; saving it goes through the add view with the add view's guards
  (permissions, the superuser checkbox guard, unit scoping).

Viewsets where a copy makes no sense (users, units, plans, cases, reports, ledger uploads and
rows, reminder logs) switch the view off with ``copy_view_enabled = False``.
"""

import copy

from django.db.models.base import ModelState
from django.forms.models import model_to_dict

COPY_METHODS = ["get", "head", "options"]


def unsaved_clone(obj):
    """A shallow copy of ``obj`` that Django treats as a new row (no pk, ``adding`` state)."""
    clone = copy.copy(obj)
    clone._state = ModelState()
    clone._state.db = obj._state.db
    clone.pk = None
    for parent_link in obj._meta.parents.values():  # multi-table inheritance: the parents' keys
        if parent_link is not None:
            setattr(clone, parent_link.attname, None)
            setattr(clone, parent_link.target_field.attname, None)
    return clone


def _get_initial_form_instance(self):
    original = self.get_object()
    self.copied_from = original
    return unsaved_clone(original)


def _get_initial(self):
    initial = self._portal_original_get_initial()
    original = getattr(self, "copied_from", None) or self.get_object()
    many_to_many = [f.name for f in original._meta.many_to_many if f.editable]
    if many_to_many:
        # An unsaved clone has no m2m values; start the copy with the original's.
        initial.update(model_to_dict(original, fields=many_to_many))
    return initial


def harden_copy_views():
    """Make every Wagtail copy view GET-only and fill it from an unsaved clone. Idempotent."""
    from wagtail.admin.views.generic.models import CopyViewMixin

    if getattr(CopyViewMixin, "_portal_hardened", False):
        return
    CopyViewMixin.http_method_names = COPY_METHODS
    CopyViewMixin.get_initial_form_instance = _get_initial_form_instance
    CopyViewMixin._portal_original_get_initial = _copy_view_base_get_initial
    CopyViewMixin.get_initial = _get_initial
    CopyViewMixin._portal_hardened = True


def _copy_view_base_get_initial(self):
    # The next get_initial after CopyViewMixin in the view's MRO (the create view's).
    mro = type(self).__mro__
    from wagtail.admin.views.generic.models import CopyViewMixin

    for klass in mro[mro.index(CopyViewMixin) + 1 :]:
        if "get_initial" in klass.__dict__:
            return klass.__dict__["get_initial"](self)
    return {}
