"""JSON twins of the clinic pages: the same use cases, the same permission rules.

A clinician's token (``Authorization: Bearer``) reaches ``/api/clinic/...``; the person's own
side is ``/api/me/clinic...``. Someone else's patient is a 404 in the one error shape.
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from kneecoach.programme import limits
from kneecoach.programme.flags import FlagKind
from kneecoach.web.api_shared import ErrorOut, Text, api_user
from kneecoach.web.clinic import services
from kneecoach.web.insights.services import local_today
from kneecoach.web.requests import active_language as _language
from kneecoach.web.sharing import services as sharing
from kneecoach.web.types import Checked

router = Router(tags=["clinic"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


Sort = Annotated[services.Sort, Checked]
FlagFilter = Annotated[Literal["", "flagged"] | FlagKind, Checked]
Role = Annotated[Literal["clinician", "admin"], Checked]
Username = Annotated[Text, Field(min_length=1, max_length=limits.USERNAME_MAX)]
Password = Annotated[Text, Field(min_length=limits.PASSWORD_MIN, max_length=limits.PASSWORD_MAX)]


class OverviewQuery(Schema):
    sort: Sort = "attention"
    flag: FlagFilter = Field(default="", description="a flag kind, or flagged: any flag")
    q: Text = ""
    page: int = Field(default=1, ge=1)


class TextIn(Schema):
    text: Text


class JoinIn(Schema):
    code: Text


class ClinicianIn(Schema):
    username: Username
    password: Password
    role: Role = "clinician"


class DeskAccountIn(Schema):
    username: Username
    password: Password


class ActiveIn(Schema):
    active: StrictBool


@router.get("/clinic/patients", response={200: services.OverviewPage, **ERRORS})
def overview(request: HttpRequest, query: Query[OverviewQuery]) -> services.OverviewPage:
    """The clinic's consenting patients, a page at a time (``sort``: attention, name,
    last_session, pain; ``flag``: a flag kind or ``flagged``; ``q``: part of a name)."""
    user = api_user(request)
    return services.overview(
        user,
        local_today(user),
        sort=query.sort,
        flag=query.flag,
        query=query.q,
        page=query.page,
        language=_language(),
    )


@router.post("/clinic/invitations", response={201: services.InvitationView, **ERRORS})
def invite(request: HttpRequest) -> Status[services.InvitationView]:
    """A new invitation: a link and a short code, valid for 14 days."""
    return Status(201, services.create_invitation(api_user(request), timezone.now()))


@router.post("/clinic/desk-accounts", response={201: services.InvitationView, **ERRORS})
def desk_account(request: HttpRequest, payload: DeskAccountIn) -> Status[services.InvitationView]:
    """Make a person's account at the desk, with an invitation they accept themselves."""
    user = api_user(request)
    created = services.create_patient_account(
        user, payload.username, payload.password, timezone.now()
    )
    return Status(201, created)


@router.get("/clinic/patients/{patient_id}", response={200: services.PatientPage, **ERRORS})
def patient(request: HttpRequest, patient_id: int) -> services.PatientPage:
    """One patient: flags, charts' series, doses, decisions, diary, screenings, notes, changes."""
    user = api_user(request)
    return services.patient_page(user, patient_id, local_today(user), _language())


@router.post("/clinic/patients/{patient_id}/notes", response={201: services.NoteView, **ERRORS})
def note(request: HttpRequest, patient_id: int, payload: TextIn) -> Status[services.NoteView]:
    """A private note about the patient."""
    return Status(201, services.add_note(api_user(request), patient_id, payload.text))


@router.post(
    "/clinic/patients/{patient_id}/messages", response={201: services.ChangeView, **ERRORS}
)
def message(request: HttpRequest, patient_id: int, payload: TextIn) -> Status[services.ChangeView]:
    """A message the patient sees on Today and in ``kneecoach today``."""
    return Status(201, services.send_message(api_user(request), patient_id, payload.text))


@router.post(
    "/clinic/patients/{patient_id}/changes/preview",
    response={200: services.PreviewView, **ERRORS},
)
def preview(
    request: HttpRequest, patient_id: int, payload: services.ChangeInput
) -> services.PreviewView:
    """The next sessions' doses now and with the change; nothing is saved."""
    user = api_user(request)
    return services.preview_change(user, patient_id, payload, local_today(user), _language())


@router.post("/clinic/patients/{patient_id}/changes", response={201: services.ChangeView, **ERRORS})
def change(
    request: HttpRequest, patient_id: int, payload: services.ChangeInput
) -> Status[services.ChangeView]:
    """Save a dose or variant change (an override in the patient's diary)."""
    user = api_user(request)
    return Status(
        201, services.save_change(user, patient_id, payload, local_today(user), _language())
    )


@router.post(
    "/clinic/patients/{patient_id}/flags/{kind}/seen", response={200: services.FlagView, **ERRORS}
)
def flag_seen(request: HttpRequest, patient_id: int, kind: Text) -> services.FlagView:
    return services.mark_flag_seen(api_user(request), patient_id, kind, timezone.now())


@router.get("/clinic/audit", response={200: list[services.AuditRow], **ERRORS})
def audit(request: HttpRequest) -> list[services.AuditRow]:
    """The clinic's audit log (the clinic admin only)."""
    return services.clinic_audit(api_user(request))


@router.get("/clinic/clinicians", response={200: list[services.TeamMember], **ERRORS})
def team(request: HttpRequest) -> list[services.TeamMember]:
    return services.team(api_user(request))


@router.post("/clinic/clinicians", response={201: services.TeamMember, **ERRORS})
def add_clinician(request: HttpRequest, payload: ClinicianIn) -> Status[services.TeamMember]:
    member = services.add_clinician(
        api_user(request), payload.username, payload.password, payload.role
    )
    return Status(201, member)


@router.patch("/clinic/clinicians/{member_id}", response={200: services.TeamMember, **ERRORS})
def set_active(request: HttpRequest, member_id: int, payload: ActiveIn) -> services.TeamMember:
    return services.set_clinician_active(api_user(request), member_id, payload.active)


# --- the person's side ----------------------------------------------------------------------------


@router.get("/me/clinic", response={200: services.ConsentView | None, **ERRORS})
def my_clinic(request: HttpRequest) -> services.ConsentView | None:
    """The clinic that can see my data and who works there (null: none)."""
    return services.my_consent(api_user(request))


@router.post("/me/clinic/invitation", response={200: services.InvitationPreview, **ERRORS})
def look_at_invitation(request: HttpRequest, payload: JoinIn) -> services.InvitationPreview:
    """Who would see my data if I accept this code (nothing is saved)."""
    return services.preview_invitation(api_user(request), payload.code, timezone.now())


@router.post("/me/clinic", response={201: services.ConsentView, **ERRORS})
def join(request: HttpRequest, payload: JoinIn) -> Status[services.ConsentView]:
    """Accept an invitation: its clinic sees my data from now on (one clinic at a time)."""
    user = api_user(request)
    return Status(
        201, services.accept_invitation(user, payload.code, timezone.now(), local_today(user))
    )


@router.delete("/me/clinic", response={204: None, **ERRORS})
def revoke(request: HttpRequest) -> Status[None]:
    """Withdraw consent: no clinician sees my data from now on."""
    services.revoke_consent(api_user(request), timezone.now())
    return Status(204, None)


@router.get("/me/clinic/audit", response={200: list[services.AuditRow], **ERRORS})
def my_audit(request: HttpRequest) -> list[services.AuditRow]:
    """Who viewed or changed my data, and when."""
    return services.my_audit(api_user(request))


@router.get("/me/clinic/changes", response={200: list[services.ChangeView], **ERRORS})
def my_changes(request: HttpRequest) -> list[services.ChangeView]:
    """My clinicians' changes and messages, newest first."""
    return services.my_changes(api_user(request), _language(), limit=50)


DownloadFormat = Annotated[sharing.ClinicFormat, Checked]


@router.get("/clinic/patients/{patient_id}/download/{format}", response={200: None, **ERRORS})
def patient_download(request: HttpRequest, patient_id: int, format: DownloadFormat) -> HttpResponse:
    """One of the patient's files, the bytes the patient downloads: ``pdf`` (the handout, in
    the request's language), ``ics`` (the plan), ``csv`` (the diary), ``fhir`` (the HL7 FHIR
    R4 Bundle, ``application/fhir+json``). The download is in the clinic's audit log."""
    user = api_user(request)
    result = sharing.export_for_clinician(
        user, patient_id, format, local_today(user), timezone.now(), _language()
    )
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
