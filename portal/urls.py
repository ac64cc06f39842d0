from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("search/", home_views.search, name="search"),
    path("api/v2/", api_router.urls),
    path("captcha/", include("captcha.urls")),
    # Back-office pages live under /admin/; old links keep working (301, path and query kept).
    *[
        re_path(
            rf"^{prefix}/(?P<tail>.*)$",
            RedirectView.as_view(
                url=f"/admin/{prefix}/%(tail)s", permanent=True, query_string=True
            ),
        )
        for prefix in ("sheets", "plans", "reportbox")
    ],
    path("rectification/", include("ledgers.rectification.urls")),
    path("ratings/", include("ledgers.ratings.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
