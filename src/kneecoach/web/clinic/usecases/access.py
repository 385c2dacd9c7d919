"""Who is acting: the clinician (or admin) behind a request, the patients they may see, and the
audit row each look or change leaves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from kneecoach.errors import NotFound, PermissionDenied
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import ClinicianInfo
from kneecoach.web.compiled import CompiledRead, joined_columns, joined_instance

User = AbstractBaseUser


def _clinician_read(user_id: int) -> QuerySet[Any]:
    """The active clinician record of a user with its clinic joined, as
    ``select_related("clinic").filter(...).first()`` reads it."""
    columns = joined_columns(models.Clinician, "clinic")
    return (
        models.Clinician.objects.filter(user_id=user_id, active=True)
        .order_by("pk")
        .values_list(*columns)[:1]
    )


# Every signed-in page asks (the navigation): compiled once per process.
CLINICIAN_READ = CompiledRead(_clinician_read, int)


def clinician_of(user: User) -> models.Clinician | None:
    """The active clinician record of ``user`` with its clinic, or None (one query)."""
    if user.pk is None:  # anonymous, or not saved: nobody's clinician
        return None
    row = CLINICIAN_READ.first(user.pk)
    if row is None:
        return None
    return joined_instance(models.Clinician, "clinic", CLINICIAN_READ.database(), row)


def is_clinician(user: User) -> bool:
    return user.is_authenticated and clinician_of(user) is not None


def acting_clinician(user: User) -> models.Clinician:
    found = clinician_of(user)
    if found is None:
        raise NotFound("this page is for a clinic's clinicians", field="user")
    return found


def acting_admin(user: User) -> models.Clinician:
    found = acting_clinician(user)
    if found.role != models.Role.ADMIN:
        raise PermissionDenied("only the clinic's admin may do this", field="user")
    return found


def patient_of(clinician: models.Clinician, patient_id: int) -> models.Enrolment:
    """The active enrolment of ``patient_id`` in the clinician's clinic, else NotFound."""
    enrolment = (
        models.Enrolment.objects.select_related("patient", "clinic")
        .filter(
            clinic_id=clinician.clinic_id,
            patient_id=patient_id,
            status=models.EnrolmentStatus.ACTIVE,
        )
        .first()
    )
    if enrolment is None:
        raise NotFound(f"no patient {patient_id} in your clinic", field="patient")
    return enrolment


def require_patient(user: User, patient_id: int) -> None:
    """Raise NotFound unless ``user`` is a clinician of ``patient_id``'s consented clinic."""
    patient_of(acting_clinician(user), patient_id)


def record_audit(
    clinician: models.Clinician | None,
    actor: User,
    patient_id: int,
    action: str,
    detail: str = "",
    clinic_id: int | None = None,
) -> None:
    models.AuditEvent.objects.create(
        clinic_id=clinic_id
        if clinic_id is not None
        else clinician.clinic_id
        if clinician
        else None,
        actor_id=actor.pk,
        actor_name=actor.get_username(),
        patient_id=patient_id,
        action=action,
        detail=detail[:300],
    )


def audited_patient_read[T](
    user: User, patient_id: int, action: str, read: Callable[[User], T], detail: str = ""
) -> T:
    """``read`` of the patient's account, for a clinician of the patient's consented clinic,
    then audited as ``action``: how another app hands a clinic what it keeps of a patient (the
    sharing app's files) under the clinic's rule. Anyone else gets ``NotFound`` before
    anything is read; a read that fails is not audited."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    result = read(enrolment.patient)
    record_audit(clinician, user, patient_id, action, detail)
    return result


def team_of(clinic_id: int) -> list[ClinicianInfo]:
    rows = models.Clinician.objects.filter(clinic_id=clinic_id, active=True).select_related("user")
    return [
        ClinicianInfo(username=c.user.get_username(), role=c.role)
        for c in rows.order_by("user__username")
    ]
