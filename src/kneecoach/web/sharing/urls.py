"""Sharing routes, mounted at the site root."""

from django.urls import path, re_path

from kneecoach.web.sharing import views

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("settings/calendar/", views.calendar_settings, name="calendar_settings"),
    path("settings/calendar/new/", views.calendar_create, name="calendar_create"),
    path("settings/calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    re_path(r"^export/(?P<fmt>ics|pdf|fhir|csv|json)/$", views.download, name="download"),
    path("exercises/<slug:slug>/handout.pdf", views.exercise_handout, name="exercise_handout"),
]
