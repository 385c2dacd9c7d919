"""The clinic's team: the admin lists, adds and deactivates clinicians."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from kneecoach.errors import Conflict, InvalidInput, NotFound
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import TeamMember
from kneecoach.web.clinic.usecases.access import User, acting_admin
from kneecoach.web.coach import services as coach


def team(user: User) -> list[TeamMember]:
    admin = acting_admin(user)
    rows = models.Clinician.objects.filter(clinic_id=admin.clinic_id).select_related("user")
    return [
        TeamMember(id=c.pk, username=c.user.get_username(), role=c.role, active=c.active)
        for c in rows.order_by("user__username")
    ]


def add_clinician(user: User, username: str, password: str, role: str) -> TeamMember:
    """The clinic admin adds a clinician (a new account with the given password)."""
    admin = acting_admin(user)
    username = username.strip()
    if role not in models.Role.values:
        raise InvalidInput("role must be clinician or admin", field="role")
    if len(password) < 10:
        raise InvalidInput("use a password of at least 10 characters", field="password")
    if get_user_model().objects.filter(username=username).exists():
        raise Conflict(f"the user name {username!r} is taken", field="username")
    account = coach.ensure_user(username, password)
    member = models.Clinician.objects.create(
        clinic_id=admin.clinic_id, user_id=account.pk, role=role
    )
    return TeamMember(id=member.pk, username=username, role=role, active=True)


def set_clinician_active(user: User, member_id: int, active: bool) -> TeamMember:
    """Deactivate (or reactivate) a clinician of the admin's clinic; never the admin themself."""
    admin = acting_admin(user)
    member = (
        models.Clinician.objects.select_related("user")
        .filter(clinic_id=admin.clinic_id, pk=member_id)
        .first()
    )
    if member is None:
        raise NotFound(f"no clinician {member_id} in your clinic", field="member")
    if member.pk == admin.pk:
        raise InvalidInput("you cannot deactivate yourself", field="member")
    member.active = active
    member.save(update_fields=["active"])
    return TeamMember(
        id=member.pk, username=member.user.get_username(), role=member.role, active=active
    )
