"""Account pages. Thin: a form or a use case from services.py, then a template or a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kneecoach.errors import KneecoachError
from kneecoach.web.accounts import services
from kneecoach.web.accounts.forms import DeleteAccountForm, EmailForm, SignUpForm, TokenForm
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user})
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


def _account_page(
    request: HttpRequest,
    token_form: TokenForm | None = None,
    created: services.CreatedToken | None = None,
    status: int = 200,
    email_form: EmailForm | None = None,
) -> HttpResponse:
    summary = services.account_summary(_user(request))
    context = {
        "summary": summary,
        "token_form": token_form or TokenForm(),
        "email_form": email_form or EmailForm(initial={"email": summary.email}),
        "created": created,
    }
    return render(request, "accounts/account.html", context, status=status)


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The account page; its JSON twin is ``GET /api/me``."""
    return _account_page(request)


@require_POST
@login_required
def email_update(request: HttpRequest) -> HttpResponse:
    """Add, change or remove the e-mail for password reset; JSON twin ``PUT /api/me/email``."""
    form = EmailForm(request.POST)
    if not form.is_valid():
        return _account_page(request, email_form=form, status=422)
    try:
        summary = services.set_email(_user(request), form.cleaned_data["email"])
    except KneecoachError as error:
        roll_back_request()
        form.add_error("email" if error.field == "email" else None, error.message)
        return _account_page(request, email_form=form, status=error.status)
    if summary.email:
        messages.success(
            request,
            _("Saved: a password reset link can now be sent to %(email)s.")
            % {"email": summary.email},
        )
    else:
        messages.success(request, _("The e-mail address is removed."))
    return redirect("account")


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    """Creates a token and shows its secret once, on this response (never stored in clear)."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, token_form=form, status=422)
    try:
        created = services.create_token(_user(request), form.cleaned_data["name"])
    except KneecoachError as error:
        roll_back_request()
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _account_page(request, token_form=form, status=error.status)
    return _account_page(request, created=created, status=201)


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    services.revoke_token(_user(request), token_id)
    messages.success(request, _("The token was revoked; apps using it can no longer sign in."))
    return redirect("account")


@require_GET
@login_required
def account_export(request: HttpRequest) -> HttpResponse:
    """Download my data: the same document as ``GET /api/me/data``, as a file."""
    data = services.my_data(_user(request))
    response = JsonResponse(data.model_dump(), json_dumps_params={"indent": 2})
    filename = f"kneecoach-{data.account.username}-{data.exported_at:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(_user(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(_user(request))
        logout(request)
        messages.success(request, _("Your account and all its data have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
