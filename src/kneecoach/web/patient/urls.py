"""Patient routes, mounted at the site root: /start/, /today/, /settings/."""

from __future__ import annotations

from django.urls import path

from kneecoach.web import converters  # noqa: F401 - registers "isodate"
from kneecoach.web.patient.views import account, onboarding, today

urlpatterns = [
    path("start/", onboarding.onboarding_start, name="onboarding_required"),
    path("start/<slug:step>/", onboarding.onboarding_step, name="onboarding_step"),
    path("today/", today.today, name="today"),
    path("today/checkin/", today.checkin, name="checkin"),
    path("today/<isodate:day>/", today.today_day, name="today_day"),
    path("today/<isodate:day>/sets/", today.log_set, name="log_set"),
    path("today/<isodate:day>/sets/delete/", today.delete_set, name="delete_set"),
    path("today/<isodate:day>/pain-after/", today.pain_after, name="pain_after"),
    path("today/<isodate:day>/stop/", today.report_stop, name="report_stop"),
    path("settings/", account.settings, name="settings"),
    path("settings/screening/", onboarding.rescreen, name="rescreen"),
    path("settings/language/", account.choose_language, name="choose_language"),
]
