"""The camera coach's background job. ``kneecoach worker`` runs it (django-tasks-db's worker).

This function is the job's edge, so its transactions close here: a short one to claim the check,
none during the analysis (seconds to minutes of CPU, no database work), a short one to save.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from kneecoach.web.camera import services


@task(queue_name="video")
def analyse_set_video(check_id: str) -> str:
    """Analyse the video of check ``check_id``; returns the check's final status."""
    with transaction.atomic():
        services.reap_stale_checks()
        claimed = services.claim_check(check_id)
    if claimed is None:
        return "skipped"
    outcome = services.analyse_claimed(claimed)
    with transaction.atomic():
        return services.save_outcome(claimed, outcome)
