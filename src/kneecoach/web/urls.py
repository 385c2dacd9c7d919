"""URL routes of the kneecoach web app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kneecoach.web import views
from kneecoach.web.api import build_api

api = build_api()

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("kneecoach.web.accounts.urls")),
    path("", include("kneecoach.web.patient.urls")),
    path("", include("kneecoach.web.insights.urls")),
    path("", include("kneecoach.web.camera.urls")),
    path("", include("kneecoach.web.sharing.urls")),
    path("", include("kneecoach.web.outcomes.urls")),
    path("clinic/", include("kneecoach.web.clinic.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]
# Django's admin only where it is asked for (KNEECOACH_ADMIN=1; always in debug): see
# docs/security.md.
if settings.KNEECOACH_ADMIN:
    urlpatterns.append(path("admin/", admin.site.urls))
