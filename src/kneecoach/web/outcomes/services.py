"""Use cases of the outcome questionnaires; the CLI, the pages and the API call these.

Same rules as ``coach/services.py``: plain values in and out, ``today`` a parameter, no
transactions opened here, every refusal a ``KneecoachError`` naming the field.

A clinic's own pages call ``outcomes_for_profile`` (a patient's scores and schedule) and
``set_schedule`` (change the weeks or the knee form); neither checks who asks: the caller does.
The Today page asks ``due_notice``; the clinic's flags observe ``OUTCOME_OBSERVERS``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from kneecoach.errors import InvalidInput, NotFound
from kneecoach.exports.fhir import FilledQuestionnaire
from kneecoach.programme import questionnaires as q
from kneecoach.web.coach import models as coach_models
from kneecoach.web.outcomes import models

User = AbstractBaseUser
WORDING_DIR = "questionnaires"
"""``$KNEECOACH_DATA_DIR/questionnaires/<form>.<language>.toml``: a clinic's licensed item text."""


# --- plain values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OptionView:
    value: int | str
    label: str


@dataclass(frozen=True, slots=True)
class ItemView:
    id: str
    text: str
    section: str
    options: tuple[OptionView, ...]


@dataclass(frozen=True, slots=True)
class FormView:
    id: str
    title: str
    intro: str
    official_wording: bool
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class ScoreView:
    key: str
    name: str
    value: float | None


@dataclass(frozen=True, slots=True)
class ResponseView:
    id: str
    questionnaire: str
    title: str
    answered_on: dt.date
    answers: dict[str, int | str | None]
    scores: tuple[ScoreView, ...]


@dataclass(frozen=True, slots=True)
class DueView:
    week: int
    due_on: dt.date
    questionnaires: tuple[str, ...]
    done: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DueNotice:
    """What Today says when questionnaires are due: the window's week and day, the forms still
    missing (ids and titles in the reader's language), and the one to open first."""

    week: int
    due_on: dt.date
    missing: tuple[str, ...]
    titles: tuple[str, ...]
    first: str


@dataclass(frozen=True, slots=True)
class ScalePoint:
    day: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class ScaleSeries:
    """One scale over time, with the minimal important change and whether it was reached."""

    questionnaire: str
    scale: str
    name: str
    low: float
    high: float
    higher_is_better: bool
    mic: float | None
    mic_source: str
    points: tuple[ScalePoint, ...]
    change: float | None
    important_improvement: bool
    important_worsening: bool


@dataclass(frozen=True, slots=True)
class OutcomesView:
    start_date: dt.date
    weeks: tuple[int, ...]
    knee_form: str
    due_now: DueView | None
    schedule: tuple[DueView, ...]
    responses: tuple[ResponseView, ...]
    series: tuple[ScaleSeries, ...]


# --- forms ----------------------------------------------------------------------------------------


WORDING_KEYS = frozenset({"items"})
"""The tables a wording file may hold; anything else is a typo that would silently be ignored."""


@cache
def _clinic_wording(path: Path) -> dict[str, str]:
    """One wording file, checked: ``[items]`` maps item ids of the form its name gives to
    non-empty texts (docs/outcomes.md, Licences and the KOOS wording)."""
    qid = path.name.split(".", 1)[0]
    form = q.questionnaire(qid)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{path.name} is not valid TOML: {error}", field=str(path)) from None
    unknown = sorted(set(data) - WORDING_KEYS)
    if unknown:
        raise InvalidInput(f"{path.name}: unknown table {unknown[0]!r}", field=str(path))
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise InvalidInput(f"{path.name}: [items] must map item ids to texts", field=str(path))
    for item_id, text in items.items():
        if form.item(item_id) is None:
            raise InvalidInput(f"{path.name}: {form.id} has no item {item_id!r}", field=item_id)
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(f"{path.name}: item {item_id} needs its text", field=item_id)
    return {item_id: text.strip() for item_id, text in items.items()}


def clinic_wording(qid: str, language: str) -> dict[str, str]:
    """The licensed item texts a clinic has put in ``<data dir>/questionnaires/``, if any."""
    path = Path(settings.CONFIG.data_dir) / WORDING_DIR / f"{qid}.{language}.toml"
    if not path.is_file():
        return {}
    return _clinic_wording(path)


def wording_problems() -> list[str]:
    """Every wording file in the data dir that would be refused, with why; the app's system
    check (``apps.py``) reports them at start-up, before a patient opens the form."""
    folder = Path(settings.CONFIG.data_dir) / WORDING_DIR
    problems = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        qid, _, rest = path.name.partition(".")
        if qid not in q.QUESTIONNAIRE_IDS or rest.count(".") != 1:
            names = ", ".join(q.QUESTIONNAIRE_IDS)
            problems.append(f"{path}: name it <form>.<language>.toml, the form one of {names}")
            continue
        try:
            _clinic_wording(path)
        except InvalidInput as error:
            problems.append(f"{path}: {error}")
    return problems


def questionnaire_form(qid: str, language: str = "en") -> FormView:
    """The form in ``language``: the clinic's official item wording where loaded, otherwise the
    shipped text (NPRS, PGIC) or the item summaries (KOOS: see ``programme.questionnaires``)."""
    form = q.questionnaire(qid)
    wording = clinic_wording(form.id, language)
    return FormView(
        id=form.id,
        title=form.title.get(language),
        intro=form.intro.get(language),
        official_wording=form.item_text_shipped or bool(wording),
        items=tuple(
            ItemView(
                id=item.id,
                text=wording.get(item.id, item.text.get(language)),
                section=item.section,
                options=tuple(OptionView(o.value, o.label.get(language)) for o in item.options),
            )
            for item in form.items
        ),
    )


def list_questionnaires(language: str = "en") -> tuple[FormView, ...]:
    return tuple(questionnaire_form(qid, language) for qid in q.QUESTIONNAIRE_IDS)


# --- filling in -----------------------------------------------------------------------------------


def _profile(user: User) -> coach_models.Profile:
    profile = coach_models.Profile.objects.filter(user_id=user.pk).first()
    if profile is None:
        raise NotFound("no profile yet: set one up first (`kneecoach init`)", field="user")
    return profile


def _response_view(row: models.QuestionnaireResponse, language: str) -> ResponseView:
    form = q.questionnaire(row.questionnaire)
    scores = q.score_answers(form.id, row.answers)
    return ResponseView(
        id=str(row.uuid),
        questionnaire=form.id,
        title=form.title.get(language),
        answered_on=row.answered_on,
        answers=dict(row.answers),
        scores=tuple(
            ScoreView(scale.key, scale.name.get(language), scores.get(scale.key))
            for scale in form.scales
        ),
    )


OutcomeObserver = Callable[[coach_models.Profile, dt.date], None]
OUTCOME_OBSERVERS: list[OutcomeObserver] = []
"""Called after a questionnaire is filled in or the schedule changes, with the person and today.
The clinic app keeps its "questionnaire due" flag there (``web/clinic/flagging.py``)."""


def _notify(profile: coach_models.Profile, today_: dt.date) -> None:
    for observer in OUTCOME_OBSERVERS:
        observer(profile, today_)


def fill(
    user: User,
    qid: str,
    answers: Mapping[str, int | str | None],
    day: dt.date,
    *,
    today_: dt.date,
    language: str = "en",
) -> ResponseView:
    """Save one filled questionnaire (validated item by item) and return it scored."""
    if day > today_:
        raise InvalidInput("a questionnaire cannot be dated in the future", field="date")
    profile = _profile(user)
    clean = q.validate_answers(qid, answers)
    row = models.QuestionnaireResponse.objects.create(
        profile=profile, questionnaire=qid, answered_on=day, answers=clean
    )
    _notify(profile, today_)
    return _response_view(row, language)


def responses(user: User, language: str = "en") -> tuple[ResponseView, ...]:
    rows = _profile(user).questionnaires.order_by("answered_on", "id")
    return tuple(_response_view(row, language) for row in rows)


# --- schedule and scores over time ----------------------------------------------------------------


def _schedule_of(profile: coach_models.Profile) -> tuple[tuple[int, ...], q.QuestionnaireId]:
    row = models.OutcomeSchedule.objects.filter(profile=profile).first()
    if row is None:
        return q.DEFAULT_WEEKS, "koos12"
    knee_form: q.QuestionnaireId = "koos" if row.knee_form == "koos" else "koos12"
    return tuple(row.weeks), knee_form


def set_schedule(
    profile: coach_models.Profile,
    weeks: list[int],
    knee_form: str = "koos12",
    *,
    by: User | None = None,
    today_: dt.date | None = None,
) -> tuple[int, ...]:
    """A clinician's schedule for one person: the weeks (from the start date) and the knee form
    (``koos12`` or the full ``koos``). With ``today_``, what is due is reconsidered at once."""
    chosen = q.validate_weeks(weeks)
    if knee_form not in ("koos", "koos12"):
        raise InvalidInput("the knee form is koos or koos12", field="knee_form")
    models.OutcomeSchedule.objects.update_or_create(
        profile=profile,
        defaults={
            "weeks": list(chosen),
            "knee_form": knee_form,
            "set_by_id": by.pk if by else None,
        },
    )
    if today_ is not None:
        _notify(profile, today_)
    return chosen


def _due_view(form: q.DueForm) -> DueView:
    return DueView(form.week, form.due_on, form.questionnaires, form.done, form.missing)


def _series(rows: list[models.QuestionnaireResponse], language: str) -> tuple[ScaleSeries, ...]:
    result = []
    for qid in q.QUESTIONNAIRE_IDS:
        form = q.questionnaire(qid)
        scored = [
            (row.answered_on, q.score_answers(qid, row.answers))
            for row in rows
            if row.questionnaire == qid
        ]
        for scale in form.scales:
            points = tuple(
                ScalePoint(day, value)
                for day, s in scored
                if (value := s.get(scale.key)) is not None
            )
            if not points:
                continue
            change = (
                q.change_from_baseline(scale, points[0].value, points[-1].value)
                if len(points) > 1
                else None
            )
            result.append(
                ScaleSeries(
                    questionnaire=qid,
                    scale=scale.key,
                    name=scale.name.get(language),
                    low=scale.low,
                    high=scale.high,
                    higher_is_better=scale.higher_is_better,
                    mic=scale.mic,
                    mic_source=scale.mic_source,
                    points=points,
                    change=change.points if change else None,
                    important_improvement=bool(change and change.important),
                    important_worsening=bool(change and change.important_worsening),
                )
            )
    return tuple(result)


def outcomes_for_profile(
    profile: coach_models.Profile, today_: dt.date, language: str = "en"
) -> OutcomesView:
    """A person's schedule, what is due now, every response scored, and each scale over time."""
    weeks, knee_form = _schedule_of(profile)
    rows = list(profile.questionnaires.order_by("answered_on", "id"))
    filled = [(row.questionnaire, row.answered_on) for row in rows]
    schedule = q.outcome_schedule(profile.start_date, weeks, filled, knee_form)  # type: ignore[arg-type]
    due = q.due_now(schedule, today_)
    return OutcomesView(
        start_date=profile.start_date,
        weeks=weeks,
        knee_form=knee_form,
        due_now=_due_view(due) if due else None,
        schedule=tuple(_due_view(f) for f in schedule),
        responses=tuple(_response_view(row, language) for row in rows),
        series=_series(rows, language),
    )


def due_for_profile(profile: coach_models.Profile, today_: dt.date) -> q.DueForm | None:
    """The current window's forms if any is missing (``questionnaires.due_now``), without
    scoring anything: two small queries, cheap enough for Today and the clinic's flags."""
    weeks, knee_form = _schedule_of(profile)
    filled = profile.questionnaires.values_list("questionnaire", "answered_on")
    schedule = q.outcome_schedule(profile.start_date, weeks, filled, knee_form)  # type: ignore[arg-type]
    return q.due_now(schedule, today_)


def due_notice(user: User, today_: dt.date, language: str = "en") -> DueNotice | None:
    """The notice on the person's Today page: None when nothing is due (or no profile yet)."""
    profile = coach_models.Profile.objects.filter(user_id=user.pk).first()
    due = due_for_profile(profile, today_) if profile is not None else None
    if due is None:
        return None
    return DueNotice(
        week=due.week,
        due_on=due.due_on,
        missing=due.missing,
        titles=tuple(q.questionnaire(qid).title.get(language) for qid in due.missing),
        first=due.missing[0],
    )


def outcomes(user: User, today_: dt.date, language: str | None = None) -> OutcomesView:
    profile = _profile(user)
    return outcomes_for_profile(profile, today_, language or profile.language)


def filled_for_export(profile: coach_models.Profile) -> tuple[FilledQuestionnaire, ...]:
    """Every filled questionnaire as the FHIR export takes them."""
    return tuple(
        FilledQuestionnaire(str(row.uuid), row.questionnaire, row.answered_on, dict(row.answers))
        for row in profile.questionnaires.order_by("answered_on", "id")
    )
