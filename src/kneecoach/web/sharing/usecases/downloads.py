"""The person's data as a file in one format (``kneecoach export``, the Download page, the API,
a clinic's patient page: the clinic's copy) and the FHIR R4 bundle of one person."""

from __future__ import annotations

import datetime as dt
import json

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput, NotFound
from kneecoach.exports import fhir
from kneecoach.web.clinic import services as clinic
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from kneecoach.web.sharing.schemas import CLINIC_FORMATS, EXPORT_FORMATS, Download, ExportFormat
from kneecoach.web.sharing.usecases.feed import User, calendar
from kneecoach.web.sharing.usecases.handouts import handout_pdf


def _json_with_clinic(user: User, data: bytes) -> bytes:
    """The coach's JSON export with what the clinic side holds about the person added under
    ``clinic`` (clinicians' changes, notes, consent, audit), as the account page's export."""
    document = json.loads(data)
    document["clinic"] = clinic.export_data(user)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def fhir_bundle_for_profile(
    profile: coach_models.Profile, today: dt.date, now: dt.datetime
) -> bytes:
    """The FHIR R4 bundle of one person (for a clinic's own pages: the caller checks access)."""
    return fhir_bundle(profile.user, today, now)


def fhir_bundle(user: User, today: dt.date, now: dt.datetime) -> bytes:
    snapshot = coach.programme_snapshot(user, today)
    profile = coach.require_profile_record(user)
    catalog = default_catalog()
    return fhir.export_to_fhir(
        fhir.FhirExport(
            person=profile.uuid,
            profile=snapshot.profile,
            diary=snapshot.diary,
            doses=snapshot.doses,
            exercise_names={ex.slug: ex.name.get("en") for ex in catalog.exercises},
            questionnaires=outcomes.filled_for_export(profile),
            exported_at=now.astimezone(dt.UTC),
            performed={
                p.exercise: coach.performed_label(
                    catalog, p.exercise, p.performed_as, "en", p.dose.level
                )
                for p in snapshot.prescriptions
                if p.performed_as != p.exercise
            },
        )
    )


CONTENT_TYPES: dict[ExportFormat, str] = {
    "ics": "text/calendar; charset=utf-8",
    "pdf": "application/pdf",
    "fhir": "application/fhir+json",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
EXTENSIONS: dict[ExportFormat, str] = {
    "ics": "ics",
    "pdf": "pdf",
    "fhir": "fhir.json",
    "csv": "csv",
    "json": "json",
}


def export_for_profile(
    profile: coach_models.Profile,
    fmt: str,
    today: dt.date,
    now: dt.datetime,
    language: str | None = None,
) -> Download:
    """One person's data as a file, for a clinic's patient page (the caller checks access)."""
    return export(profile.user, fmt, today, now, language)


def export_for_clinician(
    user: User,
    patient_id: int,
    fmt: str,
    today: dt.date,
    now: dt.datetime,
    language: str,
) -> Download:
    """The clinic's copy of a patient's file: the handout (in ``language``, the clinic page's),
    the plan, the diary or the FHIR bundle, the bytes the patient downloads. Under the clinic's
    rule of every patient page (``clinic.audited_patient_read``: a clinician of the patient's
    consented clinic, else ``NotFound``), and in its audit log as ``export_downloaded``."""

    def read(patient: User) -> Download:
        if fmt not in CLINIC_FORMATS:
            raise InvalidInput(
                f"unknown format {fmt!r}; use one of {', '.join(CLINIC_FORMATS)}", field="format"
            )
        profile = coach.profile_record(patient)
        if profile is None:  # invited, not onboarded: nothing to export yet
            raise NotFound("the patient has no programme yet", field="patient")
        return export_for_profile(profile, fmt, today, now, language)

    return clinic.audited_patient_read(user, patient_id, "export_downloaded", read, detail=fmt)


def export(
    user: User,
    fmt: str,
    today: dt.date,
    now: dt.datetime,
    language: str | None = None,
    *,
    clock: dt.date | None = None,
) -> Download:
    """The person's data in one format: ``ics`` (the plan), ``pdf`` (the handout), ``fhir``
    (the FHIR R4 bundle), ``csv`` (the diary) or ``json`` (profile, diary, decisions).
    ``clock``: the clock's day when ``today`` is another day (the CLI's ``--date``)."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}", field="format"
        )
    if fmt == "ics":
        data = calendar(user, now)
    elif fmt == "pdf":
        data = handout_pdf(user, today, language)
    elif fmt == "fhir":
        data = fhir_bundle(user, today, now)
    elif fmt == "json":
        data = _json_with_clinic(user, coach.export(user, fmt, today, clock=clock))
    else:
        data = coach.export(user, fmt, today, clock=clock)
    name = coach.get_profile(user).username
    filename = f"kneecoach-{name}-{today.isoformat()}.{EXTENSIONS[fmt]}"
    return Download(data, CONTENT_TYPES[fmt], filename)
