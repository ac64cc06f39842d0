"""Admin of the field network, grouped under 包村联户: the register (村(社区), 小区/自然村), the
包联责任划分 (office draws it, with history; Excel import/export), the roster (scoped to the
responsible department; a town reads its area masked), the units' cadre split, the visits left
unmatched and the coverage dashboard."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.masking import mask_name, mask_phone
from ledgers.menu_links import LinkViewSet
from ledgers.network import access, services
from ledgers.network.forms import ResponsibilityForm
from ledgers.network.models import (
    CadreAssignment,
    Community,
    Compound,
    Household,
    Responsibility,
    VisitMatch,
)
from ledgers.permissions import UnitScopedViewSetMixin, register_unit_scope
from ledgers.roles import is_office, unit_of
from ledgers.rules import ActionRefused


class CommunityViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """The office keeps the register; towns and departments read the part that concerns them."""

    model = Community
    unit_scope = access.COMMUNITY_SCOPE
    icon = "site"
    menu_label = "村(社区)"
    copy_view_enabled = False
    inspect_view_enabled = True  # read-only detail for those who may not edit
    form_fields = ["town", "name", "kind", "sort_order"]
    list_display = ["name", "town", Column("kind", label="类别", accessor="get_kind_display")]
    list_filter = ["town", "kind"]
    list_export = ["town", "name", "get_kind_display"]
    export_headings = {"get_kind_display": "类别"}
    export_filename = "村社区"
    search_fields = ["name"]
    search_backend_name = None


class CompoundIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("community__town")


class CompoundViewSet(UnitScopedViewSetMixin, ModelViewSet):
    model = Compound
    unit_scope = access.COMPOUND_SCOPE
    icon = "home"
    menu_label = "小区/自然村"
    index_view_class = CompoundIndexView
    copy_view_enabled = False
    inspect_view_enabled = True  # read-only detail for those who may not edit
    form_fields = ["community", "name", "building_count", "sort_order"]
    list_display = ["name", "community", "building_count"]
    list_filter = ["community__town", "community"]
    list_export = ["community", "name", "building_count"]
    export_filename = "小区自然村"
    search_fields = ["name"]
    search_backend_name = None


class ResponsibilityCreateView(CreateView):
    """Assigning goes through ``services.assign``: the previous holder's row is closed."""

    def get_form_class(self):
        return ResponsibilityForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs.pop("for_user", None)
        return kwargs

    def save_instance(self):
        d = self.form.cleaned_data
        return services.assign(
            d["community"],
            d["compound"],
            d["unit"],
            start_on=d["start_on"],
            user=self.request.user,
            note=d["note"],
        )

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        from django.contrib import messages

        messages.success(self.request, f"已划分:{self.object}")
        from django.shortcuts import redirect

        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("network_responsibilities:index")


class ResponsibilityEditForm(forms.ModelForm):
    """Only the end date and the note change on an existing row; a new holder is a new row."""

    class Meta:
        model = Responsibility
        fields = ["end_on", "note"]
        widgets = {"end_on": forms.DateInput(attrs={"type": "date"})}

    def clean_end_on(self):
        end_on = self.cleaned_data.get("end_on")
        if end_on and end_on < self.instance.start_on:
            raise forms.ValidationError(
                f"终止日期不能早于起始日期 {self.instance.start_on:%Y-%m-%d}。"
            )
        return end_on


class ResponsibilityEditView(EditView):
    def get_form_class(self):
        return ResponsibilityEditForm


class ResponsibilityIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("community__town", "compound", "unit")


class ResponsibilityViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """包联责任划分: one row per holder and period; the office assigns, units and towns read."""

    model = Responsibility
    unit_scope = access.RESPONSIBILITY_SCOPE
    icon = "group"
    menu_label = "包联责任划分"
    add_view_class = ResponsibilityCreateView
    edit_view_class = ResponsibilityEditView
    index_view_class = ResponsibilityIndexView
    copy_view_enabled = False
    inspect_view_enabled = True  # read-only detail for those who may not edit
    form_fields = ["end_on", "note"]
    list_display = [
        Column("town", label="镇街区", accessor=lambda r: r.community.town),
        Column("community", label="村(社区)", accessor=lambda r: r.community.name),
        TitleColumn(
            "compound",
            label="小区/自然村",
            accessor=lambda r: r.compound.name if r.compound_id else "(整村/整个社区)",
            get_url=lambda r: reverse("network_responsibilities:inspect", args=[r.pk]),
        ),
        "unit",
        "start_on",
        Column("end_on", label="终止日期", accessor=lambda r: r.end_on or "仍在包联"),
    ]
    list_filter = ["unit", "community__town", "end_on"]
    list_export = [
        "town_name",
        "community_name",
        "compound_name",
        "unit",
        "start_on",
        "end_on",
        "note",
    ]
    export_headings = {
        "town_name": "镇街区",
        "community_name": "村(社区)",
        "compound_name": "小区",
        "unit": "包联单位",
        "start_on": "起始日期",
        "end_on": "终止日期",
        "note": "说明",
    }
    export_filename = "包联责任划分"


class HouseholdIndexView(IndexView):
    """A town reads its area's roster with the head's name and the phone masked."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("compound__community")

    def _mask(self, households):
        user = self.request.user
        for h in households:
            if getattr(h, "_masked", False):
                continue
            if not access.HOUSEHOLD_SCOPE.sees_personal_data(user, h):
                h.head_name, h.phone = mask_name(h.head_name), mask_phone(h.phone)
            h._masked = True  # in memory only; never saved
        return households

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        self._mask(context["object_list"])
        return context

    def to_row_dict(self, item):
        return super().to_row_dict(self._mask([item])[0])


class HouseholdEditView(EditView):
    """A town reads its area's households but never edits them: the edit form itself is refused,
    not only its POST."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not access.HOUSEHOLD_SCOPE.user_can_reach(self.request.user, obj, "change"):
            raise PermissionDenied
        return obj


class HouseholdInspectView(InspectView):
    """The detail of a household: a town reads it with the head's name and the phone masked."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not access.HOUSEHOLD_SCOPE.sees_personal_data(self.request.user, obj):
            obj.head_name, obj.phone = mask_name(obj.head_name), mask_phone(obj.phone)
        return obj


class HouseholdViewSet(UnitScopedViewSetMixin, ModelViewSet):
    model = Household
    unit_scope = access.HOUSEHOLD_SCOPE
    icon = "user"
    menu_label = "住户花名册"
    index_view_class = HouseholdIndexView
    edit_view_class = HouseholdEditView
    inspect_view_class = HouseholdInspectView
    copy_view_enabled = False
    inspect_view_enabled = True  # read-only detail for those who may not edit
    form_fields = ["compound", "address", "head_name", "phone", "needs_review", "review_note"]
    list_display = ["address", "compound", "head_name", "phone", "needs_review"]
    list_filter = ["compound__community", "needs_review"]
    list_export = ["compound", "address", "head_name", "phone", "needs_review", "review_note"]
    export_filename = "住户花名册"
    search_fields = ["address", "head_name"]
    search_backend_name = None
    list_per_page = 50

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return form_class


class CadreAssignmentForm(WagtailAdminModelForm):
    class Meta:
        model = CadreAssignment
        fields = ["cadre_name", "compound", "building", "household"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from django.utils import timezone

        unit = unit_of(for_user)
        if not is_office(for_user) and unit is not None:
            ground = access.ground_of_unit(unit, timezone.localdate())
            self.fields["compound"].queryset = ground.select_related("community")
            self.fields["household"].queryset = Household.objects.filter(
                compound__in=ground
            ).select_related("compound")
        else:
            self.fields["household"].queryset = Household.objects.none()
            self.fields["household"].help_text = "作风办不代单位分户;单位填报员可在此选择住户。"

    def clean(self):
        data = super().clean()
        household, compound = data.get("household"), data.get("compound")
        if household and compound and household.compound_id != compound.pk:
            self.add_error("household", "所选住户不在该小区,请重新选择。")
        return data


class CadreCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        unit = unit_of(self.request.user)
        if unit is None:
            raise PermissionDenied
        instance.unit = unit
        instance.save()
        return instance


class CadreAssignmentViewSet(UnitScopedViewSetMixin, ModelViewSet):
    """The unit's own split of its ground among its cadres (每名干部约5户)."""

    model = CadreAssignment
    unit_scope = access.CADRE_SCOPE
    icon = "user"
    menu_label = "干部包户"
    add_view_class = CadreCreateView
    copy_view_enabled = False
    inspect_view_enabled = True  # read-only detail for those who may not edit
    form_fields = ["cadre_name", "compound", "building", "household"]
    list_display = ["cadre_name", "compound", "building", "household", "unit"]
    list_filter = ["unit", "compound"]
    list_export = ["unit", "cadre_name", "compound", "building", "household"]
    export_filename = "干部包户"

    def get_form_class(self, for_update=False):
        return CadreAssignmentForm


def _office(user):
    return is_office(user)


# Visit matches have no viewset of their own (hand-written views): their object-level policy is
# registered here so that log entries ("network.resolve") stay within the unit.
register_unit_scope(VisitMatch, access.VISIT_SCOPE)


def _unit_or_office(user):
    return is_office(user) or unit_of(user) is not None


class CoverageLink(LinkViewSet):
    menu_label = "走访覆盖情况"
    icon = "table"
    url_name = "network_coverage"
    visible = staticmethod(_unit_or_office)


class UnmatchedLink(LinkViewSet):
    menu_label = "未匹配的走访"
    icon = "warning"
    url_name = "network_unmatched"
    visible = staticmethod(_unit_or_office)


class RosterImportLink(LinkViewSet):
    menu_label = "导入住户花名册"
    icon = "upload"
    url_name = "network_roster_import"
    visible = staticmethod(
        lambda user: access.may_import_roster_somewhere(user, timezone.localdate())
    )


class AssignmentImportLink(LinkViewSet):
    menu_label = "导入责任划分"
    icon = "upload"
    url_name = "network_assignment_import"
    visible = staticmethod(_office)


class NetworkGroup(ViewSetGroup):
    menu_label = "包村联户"
    menu_icon = "site"
    menu_order = 330
    items = (
        CoverageLink("network_coverage_link"),
        CommunityViewSet("network_communities", url_prefix="network/communities"),
        CompoundViewSet("network_compounds", url_prefix="network/compounds"),
        ResponsibilityViewSet("network_responsibilities", url_prefix="network/responsibilities"),
        AssignmentImportLink("network_assignment_import_link"),
        HouseholdViewSet("network_households", url_prefix="network/households"),
        RosterImportLink("network_roster_import_link"),
        CadreAssignmentViewSet("network_cadres", url_prefix="network/cadres"),
        UnmatchedLink("network_unmatched_link"),
    )
