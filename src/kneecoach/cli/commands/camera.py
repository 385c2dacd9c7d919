"""``kneecoach analyse``: the camera coach's command, defined in ``kneecoach.motion.command``
(which loads OpenCV and MediaPipe only when it runs) and added here. Needs no database."""

from __future__ import annotations

from kneecoach.cli.options import command_group
from kneecoach.motion.command import register

app = command_group()
register(app)
