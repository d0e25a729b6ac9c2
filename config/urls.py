"""Root URLs: the Freshdesk-style API under /api/v2/, its schema and docs, the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shopnest.api.health import healthz, live
from shopnest.api.metrics import metrics

urlpatterns = [
    path("api/v2/", include("tickets.api.urls")),
    path("api/v2/", include("people.api.urls")),
    path("api/v2/", include("shopnest.feed.urls")),
    path("api/schema/", SpectacularAPIView.as_view(authentication_classes=[],
                                                   permission_classes=[]), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema", authentication_classes=[],
                                                     permission_classes=[]), name="docs"),
    path("healthz", healthz, name="healthz"),
    path("healthz/live", live, name="healthz-live"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
]

handler400 = "shopnest.api.fallbacks.bad_request"
handler404 = "shopnest.api.fallbacks.not_found"
handler500 = "shopnest.api.fallbacks.server_error"
