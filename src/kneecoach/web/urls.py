"""URL routes of the kneecoach web app."""

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
    path("clinic/", include("kneecoach.web.clinic.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
