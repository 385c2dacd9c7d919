"""The audit log (the clinic admin's, the person's own) and everything the clinic side holds
about a person, for their data export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import AuditRow
from kneecoach.web.clinic.usecases.access import User, acting_admin
from kneecoach.web.clinic.usecases.changes import changes_of
from kneecoach.web.clinic.usecases.notes import note_view


def _audit_rows(rows: QuerySet[models.AuditEvent]) -> list[AuditRow]:
    return [
        AuditRow(
            at=e.at,
            actor=e.actor_name,
            patient=e.patient.get_username(),
            action=e.action,
            detail=e.detail,
        )
        for e in rows.select_related("patient")[:200]
    ]


def clinic_audit(user: User) -> list[AuditRow]:
    """The clinic's audit log (the clinic admin only), newest first."""
    admin = acting_admin(user)
    return _audit_rows(models.AuditEvent.objects.filter(clinic_id=admin.clinic_id))


def my_audit(user: User) -> list[AuditRow]:
    """Who viewed or changed the person's data, and when (the person's own log)."""
    return _audit_rows(models.AuditEvent.objects.filter(patient_id=user.pk))


def export_data(user: User) -> dict[str, Any]:
    """Everything the clinic side holds about the person, for their data export."""
    enrolments = models.Enrolment.objects.filter(patient_id=user.pk).select_related("clinic")
    return {
        "enrolments": [
            {
                "clinic": e.clinic.name,
                "status": e.status,
                "accepted_at": e.accepted_at.isoformat(),
                "ended_at": e.ended_at.isoformat() if e.ended_at else None,
            }
            for e in enrolments.order_by("accepted_at")
        ],
        "changes": [c.model_dump(mode="json") for c in changes_of(user.pk, "en", limit=10_000)],
        "notes": [
            note_view(n).model_dump(mode="json")
            for n in models.Note.objects.filter(patient_id=user.pk)
        ],
        "flags": [
            {"kind": f.kind, "since": f.since.isoformat(), "detail": f.detail}
            for f in models.Flag.objects.filter(patient_id=user.pk)
        ],
        "audit": [r.model_dump(mode="json") for r in my_audit(user)],
    }
