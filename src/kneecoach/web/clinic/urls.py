"""Clinic routes, mounted at /clinic/."""

from __future__ import annotations

from django.urls import path

from kneecoach.web.clinic import views

urlpatterns = [
    path("", views.overview, name="clinic_overview"),
    path("invite/", views.invite, name="clinic_invite"),
    path("patients/<int:patient_id>/", views.patient, name="clinic_patient"),
    path("patients/<int:patient_id>/notes/", views.note, name="clinic_note"),
    path("patients/<int:patient_id>/messages/", views.message, name="clinic_message"),
    path("patients/<int:patient_id>/changes/", views.change, name="clinic_change"),
    path(
        "patients/<int:patient_id>/flags/<slug:kind>/seen/",
        views.flag_seen,
        name="clinic_flag_seen",
    ),
    path(
        "patients/<int:patient_id>/charts/<slug:name>.svg",
        views.chart_svg,
        name="clinic_chart",
    ),
    path(
        "patients/<int:patient_id>/download/<slug:fmt>/",
        views.patient_download,
        name="clinic_download",
    ),
    path("join/", views.join, name="clinic_join"),
    path("join/<str:token>/", views.join, name="clinic_join_link"),
    path("consent/", views.consent, name="clinic_consent"),
    path("audit/", views.audit, name="clinic_audit"),
    path("team/", views.team, name="clinic_team"),
]
