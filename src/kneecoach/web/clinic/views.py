"""The clinic's pages. Thin: a form, one use case from ``clinic.services``, what only the page
shows from ``clinic.pages``, a template; the JSON twins in ``api.py`` call the same use cases.
A refused input shows the form again with the message, and the request's transaction is rolled
back (nothing half-saved).

Clinician pages answer 404 to anyone who is not a clinician of the patient's clinic (the use
cases raise ``NotFound``), like every other object page: nothing confirms a person exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kneecoach.errors import KneecoachError, NotFound
from kneecoach.web.clinic import forms, pages, services
from kneecoach.web.insights.services import SVG_CSP
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import local_today
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request
from kneecoach.web.sharing import services as sharing


def _or_404(error: NotFound) -> Http404:
    return Http404(error.message)


def _refused(form: Any, error: KneecoachError) -> None:
    """Show the error beside its field (the caller renders, then calls ``_undone``). A form
    that was never validated (an invitation link followed, no form posted) gets its errors
    started empty, so the message still has somewhere to go."""
    if not hasattr(form, "cleaned_data"):
        form.full_clean()
        form.cleaned_data = getattr(form, "cleaned_data", {})
    field = forms.form_field_of(error.field or "")
    form.add_error(field if field in form.fields else None, error.message)


def _undone(response: HttpResponse) -> HttpResponse:
    """A refused request's response, rendered first: then its writes are rolled back (rolling
    back first would leave the transaction unusable for the page's queries)."""
    roll_back_request()
    return response


# --- the overview ---------------------------------------------------------------------------------


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The clinic's patients with their flags; its twin is ``GET /api/clinic/patients``."""
    user = _user(request)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 0
    try:
        page = services.overview(
            user,
            local_today(user),
            sort=request.GET.get("sort", "attention"),
            flag=request.GET.get("flag", ""),
            query=request.GET.get("q", ""),
            page=page_number,
            language=_language(),
        )
    except NotFound as error:
        raise _or_404(error) from None
    except KneecoachError as error:
        return render(request, "clinic/error.html", {"error": error}, status=error.status)
    context = {
        "page": page,
        "sorts": pages.sort_labels(),
        "filters": pages.filter_labels(),
        "invitation": None,
    }
    return render(request, "clinic/overview.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """A new invitation (link and short code), and an account made at the desk."""
    user = _user(request)
    if not services.is_clinician(user):
        raise Http404("not a clinician")
    created = None
    desk = forms.DeskAccountForm(request.POST if "username" in request.POST else None)
    status = 200
    if request.method == "POST" and "username" not in request.POST:
        created = services.create_invitation(user, timezone.now())
        status = 201
    elif request.method == "POST" and desk.is_valid():
        try:
            created = services.create_patient_account(
                user, desk.cleaned_data["username"], desk.cleaned_data["password"], timezone.now()
            )
            status = 201
        except KneecoachError as error:
            _refused(desk, error)
            status = error.status
    elif request.method == "POST":
        status = 422
    link = request.build_absolute_uri(created.url) if created else None
    context = {"created": created, "link": link, "desk": desk}
    response = render(request, "clinic/invite.html", context, status=status)
    return _undone(response) if status >= 400 else response


# --- a patient's page -----------------------------------------------------------------------------


def _patient_page(
    request: HttpRequest, patient_id: int, status: int = 200, **forms_: Any
) -> HttpResponse:
    user = _user(request)
    try:
        page = services.patient_page(user, patient_id, local_today(user), _language())
    except NotFound as error:
        raise _or_404(error) from None
    change_form = forms_.pop("change_form", None) or forms.ChangeForm(
        page.exercises, initial=pages.change_initial(page)
    )
    context = {
        "page": page,
        "note_form": forms_.pop("note_form", None) or forms.NoteForm(),
        "message_form": forms_.pop("message_form", None) or forms.MessageForm(),
        "change_form": change_form,
        **forms_,
    }
    return render(request, "clinic/patient.html", context, status=status)


@require_GET
@login_required
def patient(request: HttpRequest, patient_id: int) -> HttpResponse:
    """One patient; its twin is ``GET /api/clinic/patients/{id}``."""
    return _patient_page(request, patient_id)


def _choices(request: HttpRequest, patient_id: int) -> list[services.ExerciseChoice]:
    user = _user(request)
    try:
        return services.patient_page(user, patient_id, local_today(user), _language()).exercises
    except NotFound as error:
        raise _or_404(error) from None


@require_POST
@login_required
def note(request: HttpRequest, patient_id: int) -> HttpResponse:
    user = _user(request)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(user, patient_id, form.cleaned_data["text"])
        except NotFound as error:
            raise _or_404(error) from None
        except KneecoachError as error:
            _refused(form, error)
            return _undone(_patient_page(request, patient_id, error.status, note_form=form))
        messages.success(request, _("The note is saved."))
        return redirect("clinic_patient", patient_id)
    _check_access(request, patient_id)
    return _patient_page(request, patient_id, 422, note_form=form)


def _check_access(request: HttpRequest, patient_id: int) -> None:
    """A refused form of someone else's patient is a 404 too, before anything is shown."""
    user = _user(request)
    try:
        services.require_patient(user, patient_id)
    except NotFound as error:
        raise _or_404(error) from None


@require_POST
@login_required
def message(request: HttpRequest, patient_id: int) -> HttpResponse:
    user = _user(request)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.send_message(user, patient_id, form.cleaned_data["text"])
        except NotFound as error:
            raise _or_404(error) from None
        except KneecoachError as error:
            _refused(form, error)
            return _undone(_patient_page(request, patient_id, error.status, message_form=form))
        messages.success(request, _("The message is sent; the patient sees it on Today."))
        return redirect("clinic_patient", patient_id)
    _check_access(request, patient_id)
    return _patient_page(request, patient_id, 422, message_form=form)


@require_POST
@login_required
def change(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Preview (``action=preview``) or save a dose/variant change."""
    user = _user(request)
    form = forms.ChangeForm(_choices(request, patient_id), request.POST)
    if not form.is_valid():
        return _patient_page(request, patient_id, 422, change_form=form)
    data = form.change()
    today = local_today(user)
    try:
        if request.POST.get("action") == "preview":
            preview = services.preview_change(user, patient_id, data, today, _language())
            return _patient_page(request, patient_id, change_form=form, preview=preview)
        services.save_change(user, patient_id, data, today, _language())
    except NotFound as error:
        raise _or_404(error) from None
    except KneecoachError as error:
        _refused(form, error)
        return _undone(_patient_page(request, patient_id, error.status, change_form=form))
    messages.success(request, _("The change is saved; the patient sees it on Today."))
    return redirect("clinic_patient", patient_id)


@require_POST
@login_required
def flag_seen(request: HttpRequest, patient_id: int, kind: str) -> HttpResponse:
    user = _user(request)
    try:
        services.mark_flag_seen(user, patient_id, kind, timezone.now())
    except NotFound as error:
        raise _or_404(error) from None
    messages.success(request, _("Marked as seen."))
    return redirect("clinic_patient", patient_id)


# --- the person's side: join, consent, their audit ------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def join(request: HttpRequest, token: str | None = None) -> HttpResponse:
    """Type a code (or follow a link), see who will see your data, then accept."""
    user = _user(request)
    form = forms.JoinForm(request.POST or None, initial={"code": token or ""})
    key = token or (request.POST.get("code") if request.method == "POST" else None)
    if key is None:
        return render(request, "clinic/join.html", {"form": form})
    now = timezone.now()
    try:
        if request.method == "POST" and request.POST.get("accept") == "yes":
            services.accept_invitation(user, key, now, local_today(user))
            messages.success(request, _("Your clinic can now see your training."))
            return redirect("clinic_consent")
        preview = services.preview_invitation(user, key, now)
    except KneecoachError as error:
        _refused(form, error)
        return _undone(render(request, "clinic/join.html", {"form": form}, status=error.status))
    return render(request, "clinic/join.html", {"form": form, "preview": preview, "key": key})


@require_http_methods(["GET", "POST"])
@login_required
def consent(request: HttpRequest) -> HttpResponse:
    """Who can see my data, revoke it, and who looked; its twin is ``GET /api/me/clinic``."""
    user = _user(request)
    if request.method == "POST":
        try:
            services.revoke_consent(user, timezone.now())
        except KneecoachError as error:
            roll_back_request()
            messages.error(request, error.message)
            return redirect("clinic_consent")
        messages.success(request, _("Done: no clinic can see your data now."))
        return redirect("clinic_consent")
    context = {"consent": services.my_consent(user), "audit": services.my_audit(user)}
    return render(request, "clinic/consent.html", context)


# --- the clinic admin -----------------------------------------------------------------------------


@require_GET
@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The clinic's audit log (admin); its twin is ``GET /api/clinic/audit``."""
    try:
        rows = services.clinic_audit(_user(request))
    except KneecoachError as error:
        raise Http404(error.message) from None
    return render(request, "clinic/audit.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The clinic admin adds and deactivates clinicians."""
    user = _user(request)
    form = forms.ClinicianForm(request.POST if "username" in request.POST else None)
    status = 200
    try:
        if request.method == "POST" and "member" in request.POST:
            services.set_clinician_active(
                user, int(request.POST["member"]), request.POST.get("active") == "1"
            )
            return redirect("clinic_team")
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.add_clinician(user, **form.cleaned_data)
                    messages.success(request, _("The clinician is added."))
                    return redirect("clinic_team")
                except KneecoachError as error:
                    if isinstance(error, NotFound):
                        raise
                    _refused(form, error)
                    status = error.status
            else:
                status = 422
        members = services.team(user)
    except (KneecoachError, ValueError) as error:
        raise Http404(str(error)) from None
    response = render(
        request, "clinic/team.html", {"members": members, "form": form}, status=status
    )
    return _undone(response) if status >= 400 else response


@require_GET
@login_required
@csp_override(SVG_CSP)
@cache_control(private=True, no_cache=True)
def chart_svg(request: HttpRequest, patient_id: int, name: str) -> HttpResponse:
    """One of the patient's progress charts as SVG (the same charts as their Progress page)."""
    user = _user(request)
    try:
        svg = pages.patient_chart_svg(user, patient_id, name, local_today(user), _language())
    except NotFound as error:
        raise _or_404(error) from None
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_GET
@login_required
def patient_download(request: HttpRequest, patient_id: int, fmt: str) -> HttpResponse:
    """One of the patient's files on the patient page's "Downloads", the bytes the patient
    downloads (the sharing app's ``export_for_clinician``, under the clinic's rule and in its
    audit log): ``pdf`` (the handout, opened in the browser), ``ics``, ``csv``, ``fhir``.
    Someone else's patient is a 404, as on every patient page."""
    user = _user(request)
    try:
        result = sharing.export_for_clinician(
            user, patient_id, fmt, local_today(user), timezone.now(), _language()
        )
    except NotFound as error:
        raise _or_404(error) from None
    response = HttpResponse(result.data, content_type=result.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
