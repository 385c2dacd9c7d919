"""Outcome pages: what is due and the scores over time; filling in one questionnaire.
JSON twins: ``GET /api/outcomes``, ``GET /api/questionnaires/{id}``,
``POST /api/questionnaires/{id}/responses``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kneecoach.errors import KneecoachError
from kneecoach.web.outcomes.forms import answers_from_post
from kneecoach.web.outcomes.pages import outcomes_page
from kneecoach.web.outcomes.usecases.answers import fill as fill_in
from kneecoach.web.outcomes.usecases.wording import questionnaire_form
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import local_today
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request


@require_GET
@login_required
def outcomes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = outcomes_page(user, local_today(user), _language())
    context = {"page": page.page, "charts": page.charts, "forms": page.forms}
    return render(request, "outcomes/outcomes.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def fill(request: HttpRequest, qid: str) -> HttpResponse:
    user = _user(request)
    form = questionnaire_form(qid, _language())
    answers: dict[str, int | str | None] = {}
    error: KneecoachError | None = None
    if request.method == "POST":
        answers = answers_from_post(form, request.POST)
        try:
            fill_in(user, qid, answers, local_today(user), today_=local_today(user))
        except KneecoachError as refused:
            error = refused
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("outcomes")
    context = {"form": form, "answers": answers, "error": error, "error_text": _said(error)}
    response = render(request, "outcomes/fill.html", context, status=error.status if error else 200)
    if error is not None:  # rendered first: a rolled-back transaction can run no more queries
        roll_back_request()
    return response


def _said(error: KneecoachError | None) -> str:
    """The refusal in the page's language where the page has words for it (too few answers for
    any score: ``questionnaires.scorable_answers``), else the field and the domain's message."""
    if error is None:
        return ""
    if error.field == "answers":
        return _(
            "Too few answers to give a score: answer at least half of the questions of one "
            "part of the questionnaire."
        )
    return f"{error.field}: {error.message}" if error.field else error.message
