from django.apps import AppConfig


class CameraConfig(AppConfig):
    """Set videos and their analyses (the camera coach's web side)."""

    name = "kneecoach.web.camera"
    label = "camera"
    verbose_name = "Camera coach"

    def ready(self) -> None:
        from kneecoach.web.camera import signals  # noqa: F401 - connects the file clean-up
