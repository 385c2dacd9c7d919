from django.apps import AppConfig

from kneecoach.web.camera import signals  # noqa: F401 - connects the file clean-up


class CameraConfig(AppConfig):
    """Set videos and their analyses (the camera coach's web side)."""

    name = "kneecoach.web.camera"
    label = "camera"
    verbose_name = "Camera coach"
