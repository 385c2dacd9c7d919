from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "kneecoach.web.throttle"
    default_auto_field = "django.db.models.BigAutoField"
