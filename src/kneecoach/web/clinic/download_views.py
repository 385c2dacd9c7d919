"""The patient's files on the clinic's patient page ("Downloads"): the handout, the plan, the
diary and the FHIR record, as the patient downloads them. Thin: one use case, the sharing app's
``export_for_clinician`` (under the clinic's rule, ``clinic.services.audited_patient_read``);
its JSON twins are in ``download_api.py``. Someone else's patient is a 404, as on every
patient page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kneecoach.errors import NotFound
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import local_today
from kneecoach.web.requests import request_user as _user
from kneecoach.web.sharing import services


@require_GET
@login_required
def patient_download(request: HttpRequest, patient_id: int, fmt: str) -> HttpResponse:
    """One of the patient's files: ``pdf`` (opens in the browser), ``ics``, ``csv``, ``fhir``."""
    user = _user(request)
    try:
        result = services.export_for_clinician(
            user, patient_id, fmt, local_today(user), timezone.now(), _language()
        )
    except NotFound as error:
        raise Http404(error.message) from None
    response = HttpResponse(result.data, content_type=result.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
