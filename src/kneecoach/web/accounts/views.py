"""Account pages. Thin: a form or a use case from services.py, then a template or a redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kneecoach.errors import KneecoachError
from kneecoach.web.accounts import services
from kneecoach.web.accounts.forms import DeleteAccountForm, EmailForm, SignUpForm, TokenForm
from kneecoach.web.clientip import client_ip, client_network
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request
from kneecoach.web.throttle.limits import Limit, attempt

TOO_MANY = 429


def _refusal(request: HttpRequest, scope: str, limit: Limit) -> str | None:
    """Counts this attempt for the client's address; the message to show when it is one too
    many (the form is then shown again, status 429, and nothing else is done)."""
    wait = attempt(scope, client_network(client_ip(request)), limit, timezone.now())
    if wait is None:
        return None
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return ngettext(
        "Too many attempts from your network address. Try again in %(minutes)d minute.",
        "Too many attempts from your network address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and (
        refused := _refusal(request, "signup", settings.KNEECOACH_SIGNUP_LIMIT)
    ):
        kept = {name: request.POST.get(name, "") for name in ("username", "email")}
        form = SignUpForm(initial=kept)  # unbound: the refusal is the only message
        context = {"form": form, "refused": refused}
        return render(request, "accounts/signup.html", context, status=TOO_MANY)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user})
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with a limit per client address on the mails it sends out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _refusal(request, "password_reset", settings.KNEECOACH_PASSWORD_RESET_LIMIT)
        if refused is None:
            return super().post(request, *args, **kwargs)
        form = self.form_class(initial={"email": request.POST.get("email", "")})
        context = self.get_context_data(form=form, refused=refused)
        return self.render_to_response(context, status=TOO_MANY)


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
        form.add_error(error.field if error.field in form.fields else None, error.message)
        # The page reads the tokens first: a transaction marked for rollback takes no queries.
        response = _account_page(request, token_form=form, status=error.status)
        roll_back_request()
        return response
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
