"""JSON twins of the patient page's Downloads: the same use case, the same permission rule
(someone else's patient is a 404 in the one error shape)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from kneecoach.web.api_shared import ErrorOut, api_user
from kneecoach.web.insights.services import local_today
from kneecoach.web.requests import active_language as _language
from kneecoach.web.sharing import services
from kneecoach.web.types import Checked

router = Router(tags=["clinic"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

Format = Annotated[services.ClinicFormat, Checked]


@router.get("/clinic/patients/{patient_id}/download/{format}", response={200: None, **ERRORS})
def patient_download(request: HttpRequest, patient_id: int, format: Format) -> HttpResponse:
    """One of the patient's files, the bytes the patient downloads: ``pdf`` (the handout, in
    the request's language), ``ics`` (the plan), ``csv`` (the diary), ``fhir`` (the HL7 FHIR
    R4 Bundle, ``application/fhir+json``). The download is in the clinic's audit log."""
    user = api_user(request)
    result = services.export_for_clinician(
        user, patient_id, format, local_today(user), timezone.now(), _language()
    )
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
