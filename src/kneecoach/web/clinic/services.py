"""The clinic's use cases: consent, the overview, a patient's page, programme edits, notes, audit.

Pages, the JSON API and the CLI call these and show the same pydantic values (the JSON-twin
pattern of ``accounts.services``). Rules of this module, besides the coach's:

- Every function that touches a patient's data takes the acting user first and goes through
  ``_patient_of``: a clinician sees a patient only while the patient's consent to the
  clinician's own clinic is active. Anything else (another clinic, a revoked consent, a
  patient, a stranger) is ``NotFound``, never "forbidden", so nothing confirms a person exists.
- Every read or change of a patient's data by a clinician writes an ``AuditEvent``.
- Programme edits are the engine's overrides (``coach.services.save_override``): the replay
  stays the one truth. ``preview_change`` runs the engine with the proposed override without
  saving it.
- No clock: ``now`` / ``today`` are parameters.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from pydantic import BaseModel, StrictInt

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kneecoach.programme import flags as rules
from kneecoach.programme import values
from kneecoach.programme.dosing import dose_in_range
from kneecoach.web.clinic import models
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.types import Text

User = AbstractBaseUser
PAGE_SIZE = 25
COUNT_CAP = 1000
"""The overview counts at most this many matching patients: the first page's cost stays flat
however large the clinic (docs/clinic.md)."""
INVITATION_DAYS = 14
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a desk
NOTE_MAX = 4000
SORTS = ("attention", "name", "last_session", "pain")
FILTERS = ("", *rules.FlagKind.__args__, "flagged")  # type: ignore[attr-defined]
Sort = Literal["attention", "name", "last_session", "pain"]


# --- values ---------------------------------------------------------------------------------------


class ClinicianInfo(BaseModel):
    username: str
    role: str


class InvitationView(BaseModel):
    code: str
    token: str
    url: str
    clinic: str
    expires_at: dt.datetime


class InvitationPreview(BaseModel):
    """What a person sees before accepting: who will see their data."""

    clinic: str
    clinicians: list[ClinicianInfo]
    current_clinic: str | None
    code: str


class ConsentView(BaseModel):
    """The person's link to a clinic (None: no clinic sees their data)."""

    clinic: str
    since: dt.datetime
    clinicians: list[ClinicianInfo]


class FlagView(BaseModel):
    kind: str
    since: dt.date
    text: str
    evidence_url: str
    seen: bool


class PatientRow(BaseModel):
    id: int
    name: str
    last_session: dt.date | None
    latest_pain: int | None
    state: str
    flags: list[FlagView]
    url: str


class OverviewPage(BaseModel):
    """One page of the overview. ``total`` is exact up to ``COUNT_CAP``; past it
    ``total_is_lower_bound`` is true ("1000+ patients") and ``pages`` counts the pages known,
    so counting never reads more than ``COUNT_CAP`` index entries. ``has_next``: another page
    follows."""

    clinic: str
    rows: list[PatientRow]
    page: int
    pages: int
    total: int
    total_is_lower_bound: bool
    has_next: bool
    sort: str
    flag: str
    query: str


class NoteView(BaseModel):
    id: int
    author: str
    text: str
    created_at: dt.datetime


class ChangeView(BaseModel):
    """A clinician's change as the patient and the clinic see it: author, date, what."""

    kind: Literal["dose", "message"]
    author: str
    created_at: dt.datetime
    starts_on: dt.date | None
    exercise: str | None
    exercise_name: str | None
    dose: str | None
    text: str


class ScreeningView(BaseModel):
    answered_on: dt.date
    result: str
    positive: list[str]
    answers: dict[str, str]


class SessionRow(BaseModel):
    day: dt.date
    sets: int
    highest_pain: int | None
    pain_after: int | None


class CheckinRow(BaseModel):
    day: dt.date
    pain: int
    swelling: bool
    stiffness: bool


class ExerciseChoice(BaseModel):
    slug: str
    name: str
    levels: list[tuple[int, str]]
    timed: bool
    current: coach.DoseView | None


class PatientPage(BaseModel):
    id: int
    name: str
    clinic: str
    state: str
    state_label: str
    screening_status: str
    flags: list[FlagView]
    progress: coach.ProgressView | None
    doses: list[coach.DoseView]
    decisions: list[coach.DecisionView]
    sessions: list[SessionRow]
    checkins: list[CheckinRow]
    screenings: list[ScreeningView]
    notes: list[NoteView]
    changes: list[ChangeView]
    exercises: list[ExerciseChoice]


class ChangeInput(BaseModel):
    """A dose or variant change for one exercise (``level``: 0 the exercise, -k an easier
    variant, +k a harder one), from ``starts_on`` (today when left out)."""

    exercise: Text
    level: StrictInt = 0
    sets: StrictInt
    reps: StrictInt | None = None
    seconds: StrictInt | None = None
    load: Text | None = None
    note: Text = ""
    starts_on: dt.date | None = None


class PreviewDay(BaseModel):
    day: dt.date
    now: str | None
    proposed: str | None


class PreviewView(BaseModel):
    exercise: str
    exercise_name: str
    dose: str
    days: list[PreviewDay]
    decisions: list[coach.DecisionView]


class AuditRow(BaseModel):
    at: dt.datetime
    actor: str
    patient: str
    action: str
    detail: str


class TeamMember(BaseModel):
    id: int
    username: str
    role: str
    active: bool


# --- who is acting --------------------------------------------------------------------------------


def clinician_of(user: User) -> models.Clinician | None:
    """The active clinician record of ``user``, or None (one query)."""
    return (
        models.Clinician.objects.select_related("clinic")
        .filter(user_id=user.pk, active=True)
        .first()
    )


def is_clinician(user: User) -> bool:
    return user.is_authenticated and clinician_of(user) is not None


def _clinician(user: User) -> models.Clinician:
    found = clinician_of(user)
    if found is None:
        raise NotFound("this page is for a clinic's clinicians", field="user")
    return found


def _admin(user: User) -> models.Clinician:
    found = _clinician(user)
    if found.role != models.Role.ADMIN:
        raise PermissionDenied("only the clinic's admin may do this", field="user")
    return found


def _patient_of(clinician: models.Clinician, patient_id: int) -> models.Enrolment:
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
    _patient_of(_clinician(user), patient_id)


def _audit(
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


def _team(clinic_id: int) -> list[ClinicianInfo]:
    rows = models.Clinician.objects.filter(clinic_id=clinic_id, active=True).select_related("user")
    return [
        ClinicianInfo(username=c.user.get_username(), role=c.role)
        for c in rows.order_by("user__username")
    ]


# --- invitations and consent ----------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def create_invitation(user: User, now: dt.datetime) -> InvitationView:
    """A link and a short code a person uses to share their data with the clinician's clinic."""
    clinician = _clinician(user)
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
    from django.urls import reverse

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
        clinicians=_team(invitation.clinic_id),
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
    _audit(None, user, user.pk, "consent_given", invitation.clinic.name, invitation.clinic_id)
    if coach.has_profile(user):
        coach.observe_diary(user, today)
    return _consent_view(enrolment)


def _consent_view(enrolment: models.Enrolment) -> ConsentView:
    return ConsentView(
        clinic=enrolment.clinic.name,
        since=enrolment.accepted_at,
        clinicians=_team(enrolment.clinic_id),
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
    _audit(None, actor, enrolment.patient_id, "consent_ended", why, enrolment.clinic_id)


def create_patient_account(
    user: User, username: str, password: str, now: dt.datetime
) -> InvitationView:
    """At the desk: a clinician makes the account for a person, with a password the person
    changes later, and an invitation the person accepts themselves once logged in (consent is
    always the person's own act)."""
    _clinician(user)
    if len(password) < 10:
        raise InvalidInput("use a password of at least 10 characters", field="password")
    if get_user_model().objects.filter(username=username).exists():
        raise Conflict(f"the user name {username!r} is taken", field="username")
    coach.ensure_user(username, password)
    return create_invitation(user, now)


# --- the overview ---------------------------------------------------------------------------------


def _filtered(clinic_id: int, flag: str, query: str, today: dt.date) -> QuerySet[models.Enrolment]:
    rows = models.Enrolment.objects.filter(
        clinic_id=clinic_id, status=models.EnrolmentStatus.ACTIVE
    )
    if query:
        rows = rows.filter(display_name__icontains=query)
    if flag == "inactive":
        rows = rows.filter(due_since__lt=today - dt.timedelta(days=rules.OVERDUE_GRACE_DAYS))
    elif flag == "relief_long":
        rows = rows.filter(relief_since__lte=today - dt.timedelta(days=rules.RELIEF_LONG_DAYS))
    elif flag == "flagged":
        rows = rows.filter(unseen_flags__gt=0)
    elif flag:
        rows = rows.filter(
            patient_id__in=models.Flag.objects.filter(kind=flag).values("patient_id")
        )
    return rows


def _ordered(rows: QuerySet[models.Enrolment], sort: str) -> QuerySet[models.Enrolment]:
    """Each order is one of the enrolment's partial indexes, column for column, so the first
    page is read off the index without sorting the clinic's patients. NULLs (no session yet,
    no pain reported) sort where the database puts them: first ascending on SQLite, last on
    PostgreSQL."""
    if sort == "name":
        return rows.order_by("display_name", "id")
    if sort == "last_session":
        return rows.order_by("last_session", "id")
    if sort == "pain":
        return rows.order_by("-latest_pain", "id")
    return rows.order_by("-unseen_flags", "due_since", "display_name", "id")


def overview(
    user: User,
    today: dt.date,
    *,
    sort: str = "attention",
    flag: str = "",
    query: str = "",
    page: int = 1,
    language: str = "en",
) -> OverviewPage:
    """One page of the clinic's consenting patients, sorted and filtered in SQL on the stored
    columns (indexed), with each row's flags (one more query for the page's rows)."""
    clinician = _clinician(user)
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}", field="sort")
    if flag not in FILTERS:
        raise InvalidInput(
            f"flag must be one of {', '.join(f for f in FILTERS if f)}", field="flag"
        )
    if page < 1:
        raise InvalidInput("page must be 1 or more", field="page")
    query = query.strip()[:100]
    rows = _filtered(clinician.clinic_id, flag, query, today)
    total = rows.order_by()[: COUNT_CAP + 1].count()
    capped = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    first = (page - 1) * PAGE_SIZE
    chosen = list(_ordered(rows, sort)[first : first + PAGE_SIZE + 1])
    has_next, chosen = len(chosen) > PAGE_SIZE, chosen[:PAGE_SIZE]
    pages = max(1, -(-total // PAGE_SIZE), page + (1 if has_next else 0))
    flags = _flags_of([e.patient_id for e in chosen], language)
    return OverviewPage(
        clinic=clinician.clinic.name,
        rows=[
            PatientRow(
                id=e.patient_id,
                name=e.display_name,
                last_session=e.last_session,
                latest_pain=e.latest_pain,
                state=e.programme_state,
                flags=[*flags.get(e.patient_id, []), *_time_flags(e, today, language)],
                url=_patient_url(e.patient_id),
            )
            for e in chosen
        ],
        page=page,
        pages=pages,
        total=total,
        total_is_lower_bound=capped,
        has_next=has_next,
        sort=sort,
        flag=flag,
        query=query,
    )


def _patient_url(patient_id: int, anchor: str = "") -> str:
    from django.urls import reverse

    return reverse("clinic_patient", args=[patient_id]) + (f"#{anchor}" if anchor else "")


def _flags_of(patient_ids: list[int], language: str) -> dict[int, list[FlagView]]:
    found: dict[int, list[FlagView]] = {}
    for row in models.Flag.objects.filter(patient_id__in=patient_ids).order_by("kind"):
        found.setdefault(row.patient_id, []).append(
            _flag_view(row.patient_id, row.kind, row.since, row.detail, row.seen_at is not None)
        )
    return found


def _time_flags(enrolment: models.Enrolment, today: dt.date, language: str) -> list[FlagView]:
    """The flags read against today: overdue sessions and a relief period over a week."""
    result = []
    due = enrolment.due_since
    if due is not None and due < today - dt.timedelta(days=rules.OVERDUE_GRACE_DAYS):
        result.append(
            _flag_view(enrolment.patient_id, "inactive", due, {"days": (today - due).days}, False)
        )
    since = enrolment.relief_since
    if since is not None and since <= today - dt.timedelta(days=rules.RELIEF_LONG_DAYS):
        detail = {"days": (today - since).days}
        result.append(_flag_view(enrolment.patient_id, "relief_long", since, detail, False))
    return result


EVIDENCE = {
    "red_flag": "screening",
    "pain_rising": "pain",
    "relief": "decisions",
    "relief_long": "decisions",
    "review": "decisions",
    "inactive": "diary",
    "side_difference": "diary",
    "questionnaire_due": "diary",
}


def _flag_view(
    patient_id: int, kind: str, since: dt.date, detail: dict[str, Any], seen: bool
) -> FlagView:
    return FlagView(
        kind=kind,
        since=since,
        text=flag_text(kind, since, detail),
        evidence_url=_patient_url(patient_id, EVIDENCE.get(kind, "")),
        seen=seen,
    )


def flag_text(kind: str, since: dt.date, detail: dict[str, Any]) -> str:
    """Why the flag is up, in words, in the active language."""
    day = since.isoformat()
    if kind == "red_flag":
        return _("red flag in the screening of %(day)s (%(level)s)") % {
            "day": day,
            "level": detail.get("level", ""),
        }
    if kind == "pain_rising":
        words = {"pain": detail.get("pain"), "day": day, "previous": detail.get("previous")}
        if detail.get("rule") == "high":
            return _("pain %(pain)s/10 on %(day)s") % words
        return _("pain rose from %(previous)s to %(pain)s/10 on %(day)s") % words
    if kind == "relief":
        return _("relief period since %(day)s") % {"day": day}
    if kind == "relief_long":
        return _("relief period for %(days)s days (since %(day)s)") % {
            "days": detail.get("days"),
            "day": day,
        }
    if kind == "review":
        return _("relief did not settle: review the programme (since %(day)s)") % {"day": day}
    if kind == "inactive":
        return _("no session since one was due on %(day)s") % {"day": day}
    if kind == "side_difference":
        side = _("left") if detail.get("side") == "left" else _("right")
        return _("%(side)s leg weaker in %(count)s of the last %(of)s sessions") % {
            "side": side,
            "count": detail.get("sessions"),
            "of": detail.get("compared"),
        }
    if kind == "questionnaire_due":
        return _("questionnaire due since %(day)s") % {"day": day}
    return kind


def mark_flag_seen(user: User, patient_id: int, kind: str, now: dt.datetime) -> FlagView:
    """The clinician has seen the flag: it stops counting in the overview until its evidence
    changes."""
    from kneecoach.web.clinic import flagging

    clinician = _clinician(user)
    enrolment = _patient_of(clinician, patient_id)
    row = models.Flag.objects.filter(patient_id=patient_id, kind=kind).first()
    if row is None:
        raise NotFound(f"no {kind} flag on this patient", field="kind")
    row.seen_at, row.seen_by_id = now, user.pk
    row.save(update_fields=["seen_at", "seen_by"])
    flagging.update_counts(enrolment)
    _audit(clinician, user, patient_id, "flag_seen", kind)
    return _flag_view(patient_id, row.kind, row.since, row.detail, True)


# --- a patient's page -----------------------------------------------------------------------------


def patient_page(user: User, patient_id: int, today: dt.date, language: str = "en") -> PatientPage:
    """Everything a clinician reviews about one patient; the view is audited."""
    clinician = _clinician(user)
    enrolment = _patient_of(clinician, patient_id)
    patient = enrolment.patient
    _audit(clinician, user, patient_id, "viewed")
    profile = coach_models.Profile.objects.filter(user_id=patient_id).first()
    flags = [
        *_flags_of([patient_id], language).get(patient_id, []),
        *_time_flags(enrolment, today, language),
    ]
    progress = explain = None
    if profile is not None and profile.screening_status not in ("pending", "urgent", "emergency"):
        progress = coach.progress(patient, today, language)
        explain = coach.explain(patient, today, language)
    state = explain.state if explain else "locked" if profile is not None else "pending"
    if profile is not None and profile.screening_status == "pending":
        state = "pending"
    return PatientPage(
        id=patient_id,
        name=enrolment.display_name,
        clinic=enrolment.clinic.name,
        state=state,
        state_label=state_label(state),
        screening_status=profile.screening_status if profile else "pending",
        flags=flags,
        progress=progress,
        doses=list(explain.doses) if explain else [],
        decisions=list(progress.decisions[-30:]) if progress else [],
        sessions=_sessions(patient_id),
        checkins=[
            CheckinRow(day=c.day, pain=c.pain, swelling=c.swelling, stiffness=c.stiffness)
            for c in coach_models.MorningCheckin.objects.filter(
                profile__user_id=patient_id
            ).order_by("-day")[:30]
        ],
        screenings=[
            ScreeningView(
                answered_on=r.answered_on,
                result=r.result,
                positive=list(r.positive),
                answers=dict(r.answers),
            )
            for r in coach_models.ScreeningRecord.objects.filter(profile__user_id=patient_id)[:5]
        ],
        notes=[_note_view(n) for n in models.Note.objects.filter(patient_id=patient_id)[:50]],
        changes=changes_of(patient_id, language),
        exercises=_exercise_choices(explain.doses if explain else (), language),
    )


def state_label(state: str) -> str:
    """The programme's state in words, in the active language."""
    labels = {
        "training": _("training"),
        "relief": _("relief period"),
        "paused_for_review": _("paused for a clinician's review"),
        "locked": _("paused by the red-flag screening"),
        "pending": _("not screened yet"),
    }
    return str(labels.get(state, state))


def _sessions(patient_id: int) -> list[SessionRow]:
    rows = []
    sessions = coach_models.LoggedSession.objects.filter(profile__user_id=patient_id)
    for session in sessions.order_by("-day").prefetch_related("sets")[:30]:
        pains = [s.pain for s in session.sets.all()]
        rows.append(
            SessionRow(
                day=session.day,
                sets=len(pains),
                highest_pain=max(pains) if pains else None,
                pain_after=session.pain_after,
            )
        )
    return rows


def _exercise_choices(doses: Any, language: str) -> list[ExerciseChoice]:
    current = {d.exercise: d for d in doses}
    choices = []
    for exercise in default_catalog().exercises:
        levels = [
            (level, _variant_name(exercise, level, language))
            for level in range(exercise.lowest_level, exercise.highest_level + 1)
        ]
        choices.append(
            ExerciseChoice(
                slug=exercise.slug,
                name=exercise.name.get(language),
                levels=levels,
                timed=exercise.dose.timed,
                current=current.get(exercise.slug),
            )
        )
    return choices


def _variant_name(exercise: Any, level: int, language: str) -> str:
    variant = exercise.variant(level)
    return str((variant or exercise).name.get(language))


def _note_view(note: models.Note) -> NoteView:
    return NoteView(id=note.pk, author=note.author_name, text=note.text, created_at=note.created_at)


def _written_text(text: str, what: str) -> str:
    """A note's or a message's text, trimmed: not empty, at most ``NOTE_MAX`` characters."""
    text = text.strip()
    if not text:
        raise InvalidInput(f"write the {what} first", field="text")
    if len(text) > NOTE_MAX:
        raise InvalidInput(f"use at most {NOTE_MAX} characters", field="text")
    return text


def add_note(user: User, patient_id: int, text: str) -> NoteView:
    """A private note about the patient (never shown to them in the app)."""
    clinician = _clinician(user)
    _patient_of(clinician, patient_id)
    text = _written_text(text, "note")
    note = models.Note.objects.create(
        clinic_id=clinician.clinic_id,
        patient_id=patient_id,
        author_id=user.pk,
        author_name=user.get_username(),
        text=text,
    )
    _audit(clinician, user, patient_id, "note_added")
    return _note_view(note)


def send_message(user: User, patient_id: int, text: str) -> ChangeView:
    """A message to the patient, shown on Today and in ``kneecoach today`` with its author."""
    clinician = _clinician(user)
    _patient_of(clinician, patient_id)
    text = _written_text(text, "message")
    message = models.Message.objects.create(
        clinic_id=clinician.clinic_id,
        patient_id=patient_id,
        author_id=user.pk,
        author_name=user.get_username(),
        text=text,
    )
    _audit(clinician, user, patient_id, "message_sent")
    return _message_view(message)


def _message_view(message: models.Message) -> ChangeView:
    return ChangeView(
        kind="message",
        author=message.author_name,
        created_at=message.created_at,
        starts_on=None,
        exercise=None,
        exercise_name=None,
        dose=None,
        text=message.text,
    )


# --- programme edits ------------------------------------------------------------------------------


def _override(data: ChangeInput, author: User, today: dt.date) -> values.ClinicianOverride:
    exercise = default_catalog().get(data.exercise)
    if exercise is None:
        raise InvalidInput(f"unknown exercise {data.exercise!r}", field="exercise")
    if not exercise.lowest_level <= data.level <= exercise.highest_level:
        raise InvalidInput(
            f"level must be from {exercise.lowest_level} to {exercise.highest_level}",
            field="level",
        )
    if exercise.dose.timed and data.reps is not None:
        raise InvalidInput(f"{exercise.slug} is timed: give seconds, not reps", field="reps")
    if not exercise.dose.timed and data.seconds is not None:
        raise InvalidInput(f"{exercise.slug} is counted in reps, not seconds", field="seconds")
    starts_on = data.starts_on or today
    if starts_on < today:
        raise InvalidInput("a change starts today or later, never in the past", field="starts_on")
    if len(data.note) > NOTE_MAX:
        raise InvalidInput(f"use at most {NOTE_MAX} characters", field="note")
    dose = values.Dose(
        exercise=exercise.slug,
        level=data.level,
        sets=data.sets,
        reps=data.reps,
        seconds=data.seconds,
        per_side=exercise.dose.per_side,
        load=(data.load or "").strip() or None,
    )
    problem = dose_in_range(exercise, dose)
    if problem is not None:
        first = problem.split(" ", 1)[0]
        field = first if first in ("level", "sets", "reps", "seconds") else "reps"
        raise InvalidInput(problem, field=field)
    return values.ClinicianOverride(
        date=starts_on,
        exercise=exercise.slug,
        dose=dose,
        note=data.note.strip(),
        clinician=author.get_username(),
    )


def preview_change(
    user: User, patient_id: int, data: ChangeInput, today: dt.date, language: str = "en"
) -> PreviewView:
    """The next sessions' doses of the exercise now and with the change, from the engine run on
    the diary plus the proposed override; nothing is saved."""
    clinician = _clinician(user)
    enrolment = _patient_of(clinician, patient_id)
    override = _override(data, user, today)
    current, proposed = coach.advice_with_overrides(enrolment.patient, (override,), today)
    _audit(clinician, user, patient_id, "change_previewed", data.exercise)
    return _preview(override, current, proposed, language)


def _preview(
    override: values.ClinicianOverride, current: Any, proposed: Any, language: str
) -> PreviewView:
    def doses(advice: Any) -> dict[dt.date, str]:
        return {
            p.date: _dose_text(rx.dose, language)
            for p in advice.next_sessions
            if p.kind == "training"
            for rx in p.prescriptions
            if rx.exercise == override.exercise
        }

    now, later = doses(current), doses(proposed)
    days = sorted(d for d in set(now) | set(later) if d >= override.date)[:6]
    name = coach.exercise_name(default_catalog(), override.exercise, language)
    return PreviewView(
        exercise=override.exercise,
        exercise_name=name,
        dose=_dose_text(override.dose, language),
        days=[PreviewDay(day=d, now=now.get(d), proposed=later.get(d)) for d in days],
        decisions=[
            coach.decision_view(d, language) for d in proposed.decisions if d.date >= override.date
        ][:10],
    )


def _dose_text(dose: values.Dose, language: str) -> str:
    from kneecoach.programme.reasons import describe_dose

    exercise = default_catalog().get(dose.exercise)
    variant = exercise.variant(dose.level) if exercise is not None else None
    name = variant.name if variant is not None else None
    text = describe_dose(dose, language, name)
    return text + (f" ({dose.load})" if dose.load else "")


def save_change(
    user: User, patient_id: int, data: ChangeInput, today: dt.date, language: str = "en"
) -> ChangeView:
    """Save the change as an override in the patient's diary; the engine replays it."""
    clinician = _clinician(user)
    enrolment = _patient_of(clinician, patient_id)
    override = _override(data, user, today)
    coach.save_override(enrolment.patient, override, user, today)
    _audit(clinician, user, patient_id, "programme_changed", f"{data.exercise}: {override.dose}")
    row = coach_models.ClinicianOverride.objects.filter(profile__user_id=patient_id).latest("id")
    return _override_view(row, language)


def _override_view(row: coach_models.ClinicianOverride, language: str) -> ChangeView:
    dose = values.Dose(exercise=row.exercise, **row.dose)
    return ChangeView(
        kind="dose",
        author=row.created_by.get_username() if row.created_by else _("a clinician"),
        created_at=row.created_at,
        starts_on=row.starts_on,
        exercise=row.exercise,
        exercise_name=coach.exercise_name(default_catalog(), row.exercise, language),
        dose=_dose_text(dose, language),
        text=row.note,
    )


def changes_of(patient_id: int, language: str = "en", limit: int = 20) -> list[ChangeView]:
    """Clinicians' changes to the person's programme and their messages, newest first."""
    overrides = coach_models.ClinicianOverride.objects.filter(
        profile__user_id=patient_id
    ).select_related("created_by")
    changes = [_override_view(o, language) for o in overrides.order_by("-created_at")[:limit]]
    messages = models.Message.objects.filter(patient_id=patient_id)[:limit]
    changes += [_message_view(m) for m in messages]
    return sorted(changes, key=lambda c: c.created_at, reverse=True)[:limit]


def my_changes(user: User, language: str = "en", limit: int = 5) -> list[ChangeView]:
    """What the person's clinicians changed or told them (Today, ``kneecoach today``)."""
    return changes_of(user.pk, language, limit)


# --- audit ----------------------------------------------------------------------------------------


def _audit_rows(rows: QuerySet[models.AuditEvent]) -> list[AuditRow]:
    return [
        AuditRow(
            at=e.at,
            actor=e.actor_name,
            patient=e.patient.get_username(),
            action=e.action,
            detail=e.detail,
        )
        for e in rows.select_related("patient")[:200]
    ]


def clinic_audit(user: User) -> list[AuditRow]:
    """The clinic's audit log (the clinic admin only), newest first."""
    admin = _admin(user)
    return _audit_rows(models.AuditEvent.objects.filter(clinic_id=admin.clinic_id))


def my_audit(user: User) -> list[AuditRow]:
    """Who viewed or changed the person's data, and when (the person's own log)."""
    return _audit_rows(models.AuditEvent.objects.filter(patient_id=user.pk))


# --- the clinic's team ----------------------------------------------------------------------------


def team(user: User) -> list[TeamMember]:
    admin = _admin(user)
    rows = models.Clinician.objects.filter(clinic_id=admin.clinic_id).select_related("user")
    return [
        TeamMember(id=c.pk, username=c.user.get_username(), role=c.role, active=c.active)
        for c in rows.order_by("user__username")
    ]


def add_clinician(user: User, username: str, password: str, role: str) -> TeamMember:
    """The clinic admin adds a clinician (a new account with the given password)."""
    admin = _admin(user)
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
    admin = _admin(user)
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


# --- the person's own data ------------------------------------------------------------------------


def export_data(user: User) -> dict[str, Any]:
    """Everything the clinic side holds about the person, for their data export."""
    enrolments = models.Enrolment.objects.filter(patient_id=user.pk).select_related("clinic")
    return {
        "enrolments": [
            {
                "clinic": e.clinic.name,
                "status": e.status,
                "accepted_at": e.accepted_at.isoformat(),
                "ended_at": e.ended_at.isoformat() if e.ended_at else None,
            }
            for e in enrolments.order_by("accepted_at")
        ],
        "changes": [c.model_dump(mode="json") for c in changes_of(user.pk, "en", limit=10_000)],
        "notes": [
            _note_view(n).model_dump(mode="json")
            for n in models.Note.objects.filter(patient_id=user.pk)
        ],
        "flags": [
            {"kind": f.kind, "since": f.since.isoformat(), "detail": f.detail}
            for f in models.Flag.objects.filter(patient_id=user.pk)
        ],
        "audit": [r.model_dump(mode="json") for r in my_audit(user)],
    }


def patient_progress(
    user: User, patient_id: int, today: dt.date, language: str = "en"
) -> coach.ProgressView | None:
    """The patient's progress series (for the charts), or None before a usable screening."""
    clinician = _clinician(user)
    enrolment = _patient_of(clinician, patient_id)
    profile = coach_models.Profile.objects.filter(user_id=patient_id).first()
    if profile is None or profile.screening_status in ("pending", "urgent", "emergency"):
        return None
    return coach.progress(enrolment.patient, today, language)
