"""Routes of Plan, Progress and the Exercise library, mounted at the site root."""

from django.urls import path

from kneecoach.web.insights import views

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("progress/", views.progress, name="progress"),
    path("progress/charts/<slug:name>.svg", views.chart_svg, name="progress_chart"),
    path("exercises/", views.library, name="library"),
    path("exercises/<slug:slug>/", views.exercise, name="exercise"),
    path("exercises/<slug:slug>/figure.svg", views.exercise_figure, name="exercise_figure"),
]
