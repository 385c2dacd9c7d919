"""Camera coach routes: /today/<day>/sets/.../video/ to attach, /video-checks/<id>/ to follow."""

from django.urls import path

from kneecoach.web import converters  # noqa: F401 - registers "isodate"
from kneecoach.web.camera import views

urlpatterns = [
    path(
        "today/<isodate:day>/sets/<slug:exercise>/<int:set_number>/<slug:side>/video/",
        views.attach,
        name="attach_video",
    ),
    path("video-checks/<uuid:check_id>/", views.check, name="video_check"),
    path("video-checks/<uuid:check_id>/confirm/", views.confirm, name="video_check_confirm"),
    path(
        "video-checks/<uuid:check_id>/delete-video/",
        views.delete_video,
        name="video_check_delete_video",
    ),
    path("video-checks/<uuid:check_id>/video", views.video, name="video_check_video"),
]
