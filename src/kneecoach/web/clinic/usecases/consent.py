"""Invitations and consent: a clinic invites, the person sees who would see their data, accepts
or later revokes; an account made at the desk."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from kneecoach.errors import Conflict, InvalidInput, NotFound
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import ConsentView, InvitationPreview, InvitationView
from kneecoach.web.clinic.usecases.access import (
    User,
    acting_clinician,
    clinician_of,
    record_audit,
    team_of,
)
from kneecoach.web.coach import services as coach

INVITATION_DAYS = 14
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a desk


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def create_invitation(user: User, now: dt.datetime) -> InvitationView:
    """A link and a short code a person uses to share their data with the clinician's clinic."""
    clinician = acting_clinician(user)
    code = _new_code()
    while models.Invitation.objects.filter(code=code).exists():
        code = _new_code()
    invitation = models.Invitation.objects.create(
        clinic_id=clinician.clinic_id,
        token=secrets.token_urlsafe(32),
        code=code,
        created_by_id=user.pk,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    return _invitation_view(invitation, clinician.clinic.name)


def _invitation_view(invitation: models.Invitation, clinic: str) -> InvitationView:
    return InvitationView(
        code=invitation.code,
        token=invitation.token,
        url=reverse("clinic_join_link", args=[invitation.token]),
        clinic=clinic,
        expires_at=invitation.expires_at,
    )


def _open_invitation(key: str, now: dt.datetime) -> models.Invitation:
    key = (key or "").strip()
    if not key:
        raise InvalidInput("enter the code your clinic gave you", field="code")
    condition = Q(token=key) | Q(code=key.upper().replace(" ", "").replace("-", ""))
    invitation = models.Invitation.objects.select_related("clinic").filter(condition).first()
    if invitation is None or invitation.used_at is not None or invitation.expires_at < now:
        raise InvalidInput(
            "this code is unknown, used or expired; ask your clinic for a new one", field="code"
        )
    return invitation


def preview_invitation(user: User, key: str, now: dt.datetime) -> InvitationPreview:
    """Who will see the person's data if they accept (nothing is saved)."""
    invitation = _open_invitation(key, now)
    current = _active_enrolment(user)
    return InvitationPreview(
        clinic=invitation.clinic.name,
        clinicians=team_of(invitation.clinic_id),
        current_clinic=current.clinic.name if current else None,
        code=invitation.code,
    )


def _active_enrolment(user: User) -> models.Enrolment | None:
    return (
        models.Enrolment.objects.select_related("clinic")
        .filter(patient_id=user.pk, status=models.EnrolmentStatus.ACTIVE)
        .first()
    )


def accept_invitation(user: User, key: str, now: dt.datetime, today: dt.date) -> ConsentView:
    """The person consents: the clinic's clinicians may see their data from now on. One clinic
    at a time: a link to another clinic ends here (revoked by the person)."""
    invitation = _open_invitation(key, now)
    if clinician_of(user) is not None:
        raise InvalidInput("a clinician's account cannot be a patient", field="code")
    current = _active_enrolment(user)
    if current is not None:
        _end(current, models.EnrolmentStatus.REVOKED, now, user, "switched clinic")
    enrolment = models.Enrolment.objects.create(
        clinic_id=invitation.clinic_id,
        patient_id=user.pk,
        display_name=user.get_username(),
        invited_by_id=invitation.created_by_id,
        accepted_at=now,
    )
    invitation.used_by_id, invitation.used_at = user.pk, now
    invitation.save(update_fields=["used_by", "used_at"])
    record_audit(None, user, user.pk, "consent_given", invitation.clinic.name, invitation.clinic_id)
    if coach.has_profile(user):
        coach.observe_diary(user, today)
    return _consent_view(enrolment)


def _consent_view(enrolment: models.Enrolment) -> ConsentView:
    return ConsentView(
        clinic=enrolment.clinic.name,
        since=enrolment.accepted_at,
        clinicians=team_of(enrolment.clinic_id),
    )


def my_consent(user: User) -> ConsentView | None:
    """The clinic that can see the person's data now, and who works there; None: no clinic."""
    current = _active_enrolment(user)
    return _consent_view(current) if current is not None else None


def revoke_consent(user: User, now: dt.datetime) -> None:
    """The person withdraws consent: from now on no clinician sees their data."""
    current = _active_enrolment(user)
    if current is None:
        raise NotFound("no clinic can see your data", field="clinic")
    _end(current, models.EnrolmentStatus.REVOKED, now, user, "consent revoked")


def _end(enrolment: models.Enrolment, status: str, now: dt.datetime, actor: User, why: str) -> None:
    enrolment.status, enrolment.ended_at = status, now
    enrolment.save(update_fields=["status", "ended_at"])
    record_audit(None, actor, enrolment.patient_id, "consent_ended", why, enrolment.clinic_id)


def create_patient_account(
    user: User, username: str, password: str, now: dt.datetime
) -> InvitationView:
    """At the desk: a clinician makes the account for a person, with a password the person
    changes later, and an invitation the person accepts themselves once logged in (consent is
    always the person's own act)."""
    acting_clinician(user)
    if len(password) < 10:
        raise InvalidInput("use a password of at least 10 characters", field="password")
    if get_user_model().objects.filter(username=username).exists():
        raise Conflict(f"the user name {username!r} is taken", field="username")
    coach.ensure_user(username, password)
    return create_invitation(user, now)
