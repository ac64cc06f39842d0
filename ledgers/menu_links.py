"""A menu entry that links to a view living in another viewset, shown to the users a predicate
picks (``visible``). Used by the modules whose pages are hand-written views."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet


class LinkMenuItem(MenuItem):
    visible = staticmethod(lambda user: True)

    def is_shown(self, request):
        return self.visible(request.user)


class LinkViewSet(ViewSet):
    """A menu entry for ``url_name`` (the URL itself is registered elsewhere)."""

    url_name = ""
    visible = staticmethod(lambda user: True)

    @property
    def menu_url(self):
        return reverse(self.url_name)

    @property
    def menu_item_class(self):
        return type(
            f"{self.__class__.__name__}MenuItem",
            (LinkMenuItem,),
            {"visible": staticmethod(self.visible)},
        )

    def get_urlpatterns(self):
        return []
