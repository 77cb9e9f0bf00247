from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from maillage.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("", include("maillage.web.urls")),
    path("account/", include("maillage.accounts.urls")),
    path("directory/", include("maillage.directory.urls")),
    path("cases/", include("maillage.cases.urls")),
    path("sharing/", include("maillage.sharing.urls")),
    path("interpreters/", include("maillage.interpreters.urls")),
    path("audit/", include("maillage.audit.urls")),
    path("api/v1/", include("maillage.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]
