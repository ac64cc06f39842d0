"""The service point form: a town's clerk never chooses the town (it is their own unit) and picks
villages of that town only; items are shown with their window so that names do not collide."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from home.models import ApprovalItem
from ledgers.network.models import Community
from ledgers.roles import is_office
from ledgers.servicepoints.access import town_of


def item_label(item):
    return f"{item.page.unit.short_name or item.page.unit.name} · {item.name}"


class ServicePointForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.office = is_office(user)
        if not self.office and self.instance.pk is None:
            self.instance.town = town_of(user)
        if "village" in self.fields:
            villages = Community.objects.select_related("town")
            if not self.office:
                town = self.instance.town if self.instance.town_id else None
                villages = villages.filter(town=town.pk if town else None)
            self.fields["village"].queryset = villages
        items = ApprovalItem.objects.select_related("page__unit").order_by(
            "page__unit__sort_order", "page_id", "sort_order"
        )
        formset = self.formsets.get("items") if hasattr(self, "formsets") else None
        if formset is not None:
            # the class's field too: the empty form (for "add") is built from it on each access
            fields = [form.fields["item"] for form in formset.forms if "item" in form.fields]
            if "item" in formset.form.base_fields:
                fields.append(formset.form.base_fields["item"])
            for field in fields:
                field.queryset = items
                field.label_from_instance = item_label

    def clean(self):
        cleaned = super().clean()
        if not self.office and town_of(self.for_user) is None:
            raise forms.ValidationError("只有镇街区填报员和作风办可以维护便民服务点。")
        return cleaned

    def is_valid(self):
        """The item forms are cleaned after the form itself: refuse an item listed twice."""
        valid = super().is_valid()
        formset = self.formsets.get("items") if hasattr(self, "formsets") else None
        if valid and formset is not None:
            seen = set()
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if data.get("DELETE") or not data.get("item"):
                    continue
                if data["item"].pk in seen:
                    self.add_error(None, f"事项“{data['item'].name}”重复添加。")
                    return False
                seen.add(data["item"].pk)
        return valid
