"""Admin of the bulletins: the archive (Wagtail index with filters and history) and the
hand-written views (generate, detail, download, publish). Office only: the office group holds
add/view permission on Bulletin (migration 0002); nobody may edit or delete an issued bulletin —
those views, usage and copy are not mounted."""

from django.urls import path, reverse
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.bulletins import views
from ledgers.bulletins.models import Bulletin

# Wagtail's generic views that an archive of issued documents does not have.
DISABLED = {"edit", "delete", "usage", "copy", "inspect"}


class BulletinIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("generated_by").defer("snapshot")


class BulletinViewSet(ModelViewSet):
    """通报: the office generates numbered bulletins and finds them again here."""

    model = Bulletin
    icon = "doc-full"
    menu_label = "通报"
    menu_order = 340
    add_to_admin_menu = True
    index_view_class = BulletinIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "number",
            label="发文字号",
            get_url=lambda obj: reverse("bulletins:detail", args=[obj.pk]),
        ),
        "title",
        Column("kind", label="通报类型", accessor="get_kind_display"),
        Column("issued_on", label="成文日期"),
        Column("generated_by", label="生成人"),
    ]
    list_filter = ["kind", "year"]
    search_fields = ["number", "title", "body"]
    search_backend_name = None
    ordering = ["-year", "-seq"]
    form_fields = []  # no generic add/edit form: generation is views.generate

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit", "delete", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        kept = [p for p in super().get_urlpatterns() if p.name not in DISABLED | {"add"}]
        return kept + [
            path("new/", views.generate, name="add"),
            path("<int:pk>/", views.detail, name="detail"),
            path("<int:pk>/download/", views.download, name="download"),
            path("<int:pk>/publish/", views.publish, name="publish"),
        ]
