"""Outcome routes, mounted at the site root."""

from django.urls import path

from kneecoach.web.outcomes import views

urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/<slug:qid>/", views.fill, name="questionnaire_fill"),
]
