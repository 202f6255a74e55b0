from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from vestka.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
urlpatterns += i18n_patterns(
    path("staff/", admin.site.urls),
    path("", include("vestka.site.urls")),
    prefix_default_language=False,
)

handler404 = "vestka.site.views.not_found"
handler500 = "vestka.site.views.server_error"
