from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from vestka.api.errors import unknown_path
from vestka.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/ gets the API's JSON 404, not the site's HTML page.
    re_path(r"^api(?:/|$)", unknown_path),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
urlpatterns += i18n_patterns(
    path("staff/", admin.site.urls),
    path("", include("vestka.cards.urls")),
    path("calendar/", include("vestka.calendar.urls")),
    path("numbers/", include("vestka.stats.urls")),
    path("", include("vestka.site.urls")),
    path("", include("vestka.campaigns.urls")),
    prefix_default_language=False,
)

handler404 = "vestka.site.views.not_found"
handler500 = "vestka.site.views.server_error"
