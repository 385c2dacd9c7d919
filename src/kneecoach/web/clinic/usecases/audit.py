"""The audit log (the clinic admin's, the person's own) and everything the clinic side holds
about a person, for their data export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kneecoach.catalog.loader import default_catalog
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import AuditRow
from kneecoach.web.clinic.usecases.access import User, acting_admin
from kneecoach.web.clinic.usecases.changes import changes_of
from kneecoach.web.clinic.usecases.flags import flag_kind_names
from kneecoach.web.clinic.usecases.notes import note_view
from kneecoach.web.coach import services as coach
from kneecoach.web.requests import active_language


def action_words() -> dict[str, str]:
    """Each kind of audit event (``access.record_audit``'s ``action``) in plain words, in the
    active language; an unknown kind is shown as stored."""
    return {
        "viewed": _("viewed the patient's page"),
        "note_added": _("added a private note"),
        "message_sent": _("sent a message"),
        "change_previewed": _("previewed a programme change"),
        "programme_changed": _("changed the programme"),
        "flag_seen": _("marked a flag as seen"),
        "consent_given": _("gave consent to the clinic"),
        "consent_ended": _("consent ended"),
        "export_downloaded": _("downloaded a file"),
    }


def _file_words() -> dict[str, str]:
    """The files a clinician downloads (``export_downloaded``'s detail: the format)."""
    return {
        "pdf": _("the handout (PDF)"),
        "ics": _("the plan (iCalendar)"),
        "csv": _("the diary (CSV)"),
        "fhir": _("the record (FHIR R4)"),
    }


def _detail_words(action: str, detail: str) -> str:
    """A flag seen is named as the overview's filter names it (the stored detail is its kind);
    a change previewed names its exercise (the stored detail is its slug); a file downloaded
    names the file (the stored detail is its format); a withdrawal says so in words; other
    details are names and the change's summary."""
    if action == "flag_seen":
        return flag_kind_names().get(detail, detail)
    if action == "change_previewed" and default_catalog().get(detail) is not None:
        return coach.exercise_name(default_catalog(), detail, active_language())
    if action == "export_downloaded":
        return _file_words().get(detail, detail)
    if action == "consent_ended" and detail == "consent revoked":
        return _("withdrawn by the patient")
    if action == "consent_ended" and detail == "switched clinic":
        return _("the patient joined another clinic")
    return detail


def _audit_rows(rows: QuerySet[models.AuditEvent]) -> list[AuditRow]:
    words = action_words()
    return [
        AuditRow(
            at=e.at,
            actor=e.actor_name,
            patient=e.patient.get_username(),
            action=e.action,
            detail=e.detail,
            action_text=words.get(e.action, e.action),
            detail_text=_detail_words(e.action, e.detail),
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
