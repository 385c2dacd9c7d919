"""A deleted check takes its video with it (a set, a session or an account deleted cascades
here), once the deleting transaction has committed.

The sender is named by its label, not imported: ``apps.py`` imports this module while the app
registry is still loading, before any model can be imported; Django connects the receiver once
the model is registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from kneecoach.web.camera.storage import delete_video

if TYPE_CHECKING:
    from kneecoach.web.camera.models import VideoCheck


@receiver(post_delete, sender="camera.VideoCheck")
def delete_video_file(sender: type[VideoCheck], instance: VideoCheck, **kwargs: Any) -> None:
    if instance.video:
        name = instance.video
        transaction.on_commit(lambda: delete_video(name))
