from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", home_views.search, name="search"),
    path("api/v2/", api_router.urls),
    path("captcha/", include("captcha.urls")),
    path("reportbox/", include("ledgers.reportbox.urls")),
    path("plans/", include("ledgers.plans.urls")),
    path("sheets/", include("ledgers.sheets.urls")),
    path("cases/", include("ledgers.cases.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
