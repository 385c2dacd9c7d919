"""Notes (private to the clinic) and messages (shown to the patient on Today)."""

from __future__ import annotations

from kneecoach.errors import InvalidInput
from kneecoach.programme import limits
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import ChangeView, NoteView
from kneecoach.web.clinic.usecases.access import User, acting_clinician, patient_of, record_audit

NOTE_MAX = limits.CLINIC_TEXT_MAX


def note_view(note: models.Note) -> NoteView:
    return NoteView(id=note.pk, author=note.author_name, text=note.text, created_at=note.created_at)


def _written_text(text: str, what: str) -> str:
    """A note's or a message's text, trimmed: not empty, at most ``NOTE_MAX`` characters."""
    text = text.strip()
    if not text:
        raise InvalidInput(f"write the {what} first", field="text")
    if len(text) > NOTE_MAX:
        raise InvalidInput(f"use at most {NOTE_MAX} characters", field="text")
    return text


def add_note(user: User, patient_id: int, text: str) -> NoteView:
    """A private note about the patient (never shown to them in the app)."""
    clinician = acting_clinician(user)
    patient_of(clinician, patient_id)
    text = _written_text(text, "note")
    note = models.Note.objects.create(
        clinic_id=clinician.clinic_id,
        patient_id=patient_id,
        author_id=user.pk,
        author_name=user.get_username(),
        text=text,
    )
    record_audit(clinician, user, patient_id, "note_added")
    return note_view(note)


def send_message(user: User, patient_id: int, text: str) -> ChangeView:
    """A message to the patient, shown on Today and in ``kneecoach today`` with its author."""
    clinician = acting_clinician(user)
    patient_of(clinician, patient_id)
    text = _written_text(text, "message")
    message = models.Message.objects.create(
        clinic_id=clinician.clinic_id,
        patient_id=patient_id,
        author_id=user.pk,
        author_name=user.get_username(),
        text=text,
    )
    record_audit(clinician, user, patient_id, "message_sent")
    return message_view(message)


def message_view(message: models.Message) -> ChangeView:
    return ChangeView(
        kind="message",
        author=message.author_name,
        created_at=message.created_at,
        starts_on=None,
        exercise=None,
        exercise_name=None,
        dose=None,
        text=message.text,
    )
