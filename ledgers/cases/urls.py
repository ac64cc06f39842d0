"""Public and download URLs of this module (admin URLs are registered in wagtail_hooks)."""

app_name = "cases"
urlpatterns = []
