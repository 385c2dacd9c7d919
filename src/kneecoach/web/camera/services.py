"""The camera coach's public interface: the use cases and values other apps (and the JSON
API) call. Nothing is defined here; each name lives in its role's module:

- ``usecases``: attach a video, a check's view, confirm the count, delete a kept video, the
  newest check of each set (the Today page), whether this server has the camera extra;
- ``schemas``: the values those take and answer;
- ``tasks``: the background job and the clean-ups a starting worker does.
"""

from kneecoach.web.camera.schemas import SetKey, VideoCheckView
from kneecoach.web.camera.tasks import reap_stale_checks, sweep_orphan_videos
from kneecoach.web.camera.usecases import (
    attach_video,
    camera_available,
    check_view,
    confirm_count,
    delete_kept_video,
    latest_checks,
    shown_status,
)

__all__ = [
    "SetKey",
    "VideoCheckView",
    "attach_video",
    "camera_available",
    "check_view",
    "confirm_count",
    "delete_kept_video",
    "latest_checks",
    "reap_stale_checks",
    "shown_status",
    "sweep_orphan_videos",
]
