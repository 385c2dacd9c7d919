"""A deleted check takes its video with it (a set, a session or an account deleted cascades
here), once the deleting transaction has committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from kneecoach.web.camera.models import VideoCheck


@receiver(post_delete, sender=VideoCheck)
def delete_video_file(sender: type[VideoCheck], instance: VideoCheck, **kwargs: Any) -> None:
    if instance.video:
        from kneecoach.web.camera.storage import delete_video

        name = instance.video
        transaction.on_commit(lambda: delete_video(name))
