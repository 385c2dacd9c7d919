"""The values of the Plan, Progress and Exercise library pages; each page and its JSON twin
render one of these, built by one call.

The use cases stay in ``kneecoach.web.coach.services`` (``plan``, ``progress``) and the
catalogue; what is added here is presentation: the month grid around the plan's days, the
chart series (``charts.py`` draws them), and the exercises' texts in the page's language.
Texts are translated with gettext in the language active for the request.

The library is public: the catalogue holds no personal data, and a clinic can link a patient to
an exercise before they have an account. Plan and Progress are the signed-in person's own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext as _
from pydantic import BaseModel

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import DoseRange, Exercise, Substitute, Variant
from kneecoach.errors import InvalidInput
from kneecoach.web.coach import services as coach
from kneecoach.web.insights.charts import build_chart, build_charts
from kneecoach.web.insights.schemas import ChartData as ChartData  # the API names it from here
from kneecoach.web.requests import local_today as local_today  # pages.local_today: the views

User = AbstractBaseUser
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
LANGUAGES = ("en", "nb")


def page_language(language: str | None) -> str:
    code = (language or "en")[:2]
    return code if code in LANGUAGES else "en"


# --- Plan -----------------------------------------------------------------------------------------


class CalendarItem(BaseModel):
    """One exercise of a planned session, named in the page's language, and the dose.

    ``exercise`` / ``name``: the programme's exercise. ``performed_as`` / ``performed_as_name``:
    what to actually do, as Today says it (the exercise itself, a ladder variant, or a
    substitute for missing equipment); ``label``: what to do, with the exercise it stands for
    when they differ ("Slow side steps without a band (in place of Side steps with a band)").
    ``dose_text``: the dose in the page's language (``dose.text`` is always English).
    ``substitute_for`` / ``substitute_for_name``: for a substitute, the equipment not at hand
    that it stands in for, as Today says it (None otherwise, or on a day saved without it);
    ``in_place_of_name``: what a substitute is done in place of (the exercise, or the version of
    it a clinician set), as Today says it."""

    exercise: str
    name: str
    dose: coach.DoseView
    performed_as: str
    performed_as_name: str
    label: str
    dose_text: str
    substitute_for: str | None = None
    substitute_for_name: str | None = None
    in_place_of_name: str | None = None


class CalendarDay(BaseModel):
    """One day of the month grid.

    ``status``: ``logged`` (every prescribed set logged), ``partial`` (a session begun, not all
    its prescribed sets logged), ``missed`` (a past training day with nothing
    logged), ``due`` (today's training, not logged yet), ``planned`` (a training day ahead),
    ``rest``, ``relief`` (a relief period: rest, compression, cold for swelling),
    ``before_start`` (before the programme's start date) or ``unplanned`` (beyond what the engine
    plans ahead, or a day no plan was saved for). ``session_url``: the Today page of a past
    day with a session (logged, or missed and still to fill in).
    """

    day: dt.date
    in_month: bool
    is_today: bool
    status: str
    status_label: str
    kind: str | None
    focus: str | None
    focus_label: str | None
    uid: str | None
    items: list[CalendarItem]
    session_url: str | None = None


class CalendarWeek(BaseModel):
    start: dt.date
    days: list[CalendarDay]


class PlanPage(BaseModel):
    """A month of the plan, Monday-first weeks. ``previous_month`` / ``next_month`` are None at
    the ends of the range that can be shown (the start month, the last planned month)."""

    month: str
    first_day: dt.date
    today: dt.date
    state: str
    previous_month: str | None
    next_month: str | None
    weeks: list[CalendarWeek]


def _month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(user: User, today_: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last month the plan can show: the start month to the horizon's."""
    start = coach.get_profile(user).start_date
    horizon = today_ + dt.timedelta(days=coach.PLAN_HORIZON_DAYS - 1)
    first = min(start, today_).replace(day=1)
    return first, horizon.replace(day=1)


def parse_month(value: str | None, user: User, today_: dt.date) -> dt.date:
    """``YYYY-MM`` -> the month's first day; None or empty -> this month.

    A malformed month, or one outside the range the plan covers, is an ``InvalidInput`` naming
    the ``month`` parameter, with the range in the message."""
    if not value:
        return today_.replace(day=1)
    match = MONTH_PATTERN.match(value.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise InvalidInput(
            _("month must look like 2026-05 (year and month), not %(value)s")
            % {"value": repr(value[:20])},
            field="month",
        )
    first = dt.date(int(match.group(1)), int(match.group(2)), 1)
    lowest, highest = month_range(user, today_)
    if not lowest <= first <= highest:
        raise InvalidInput(
            _("month %(value)s is outside your plan: choose one from %(first)s to %(last)s")
            % {"value": value, "first": _month_key(lowest), "last": _month_key(highest)},
            field="month",
        )
    return first


def _status(plan_day: coach.PlanDay | None, day: dt.date, today_: dt.date, start: dt.date) -> str:
    if plan_day is None:
        return "before_start" if day < start else "unplanned"
    if plan_day.logged:
        # done only when every prescribed set is logged and nothing stopped the session
        # (outcomes.session_done_rule): two sets of thirty-six, or four before a stop, are partly
        return "logged" if plan_day.done else "partial"
    if plan_day.kind != "training":
        return plan_day.kind
    if day < today_:
        return "missed"
    return "due" if day == today_ else "planned"


def _session_url(day: dt.date, status: str, today_: dt.date) -> str | None:
    """A past day with a session (logged, or a missed one to fill in): its Today page."""
    if day < today_ and status in ("logged", "partial", "missed"):
        return reverse("today_day", args=[day])
    return None


def status_labels() -> dict[str, str]:
    return {
        "logged": _("Done"),
        "partial": _("Partly done"),
        "missed": _("Missed"),
        "due": _("Today's session"),
        "planned": _("Training"),
        "rest": _("Rest day"),
        "relief": _("Relief period"),
        "before_start": _("Before your start"),
        "unplanned": _("Not planned yet"),
    }


def _items(planned: coach.PlanDay | None) -> list[CalendarItem]:
    if planned is None:
        return []
    return [
        CalendarItem(
            exercise=item.exercise,
            name=item.name,
            dose=item.dose,
            performed_as=item.performed_as,
            performed_as_name=item.performed_as_name,
            label=item.label,
            dose_text=item.dose_text,
            substitute_for=item.substitute_for,
            substitute_for_name=item.substitute_for_name,
            in_place_of_name=item.in_place_of_name,
        )
        for item in planned.items
    ]


def plan_page(user: User, today_: dt.date, month: str | None, language: str = "en") -> PlanPage:
    """The month ``month`` (``YYYY-MM``; this month when None) of the person's plan."""
    first = parse_month(month, user, today_)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    grid_start = first - dt.timedelta(days=first.weekday())
    grid_end = last + dt.timedelta(days=6 - last.weekday())
    ahead = (grid_end - today_).days + 1
    lang = page_language(language)
    view = coach.plan(
        user,
        today_,
        days=min(coach.PLAN_HORIZON_DAYS, max(1, ahead)),
        past_days=max(0, (today_ - grid_start).days),
        language=lang,
    )
    by_day = {d.day: d for d in view.days}
    start_date = coach.get_profile(user).start_date
    labels = status_labels()
    weeks = []
    for week in range((grid_end - grid_start).days // 7 + 1):
        start = grid_start + dt.timedelta(days=7 * week)
        days = []
        for offset in range(7):
            day = start + dt.timedelta(days=offset)
            planned = by_day.get(day)
            status = _status(planned, day, today_, start_date)
            focus = planned.focus if planned and planned.kind == "training" else None
            days.append(
                CalendarDay(
                    day=day,
                    in_month=day.month == first.month,
                    is_today=day == today_,
                    status=status,
                    status_label=labels[status],
                    kind=planned.kind if planned else None,
                    focus=focus,
                    focus_label=_focus_label(focus),
                    uid=planned.uid if planned else None,
                    items=_items(planned),
                    session_url=_session_url(day, status, today_),
                )
            )
        weeks.append(CalendarWeek(start=start, days=days))
    lowest, highest = month_range(user, today_)
    previous, following = _shift_month(first, -1), _shift_month(first, 1)
    return PlanPage(
        month=_month_key(first),
        first_day=first,
        today=today_,
        state=view.state,
        previous_month=_month_key(previous) if previous >= lowest else None,
        next_month=_month_key(following) if following <= highest else None,
        weeks=weeks,
    )


# --- Progress -------------------------------------------------------------------------------------


class DecisionRow(BaseModel):
    """One of the engine's decisions as the page lists it (newest first), names translated."""

    day: dt.date
    exercise: str | None
    name: str | None
    kind: str
    kind_label: str
    before: str | None
    after: str | None
    reasons: list[str]


class ProgressPage(BaseModel):
    """The progress page: the engine's series and decisions, and the charts drawn from them."""

    today: dt.date
    has_data: bool
    progress: coach.ProgressView
    charts: list[ChartData]
    decisions: list[DecisionRow]

    @property
    def changes(self) -> list[DecisionRow]:
        """The decisions that changed something (the page lists these first)."""
        return [d for d in self.decisions if d.kind != "hold"]

    @property
    def holds(self) -> list[DecisionRow]:
        """The decisions to keep a dose (many: one per exercise and session; folded away)."""
        return [d for d in self.decisions if d.kind == "hold"]


def decision_labels() -> dict[str, str]:
    return {
        "progress": _("Stepped up"),
        "hold": _("Kept the same"),
        "regress": _("Made easier"),
        "relief": _("Relief period"),
        "resume": _("Back to training"),
        "refer": _("See your clinician"),
        "override": _("Set by your clinician"),
    }


def _decision_rows(view: coach.ProgressView, language: str) -> list[DecisionRow]:
    catalog = default_catalog()
    labels = decision_labels()
    return [
        DecisionRow(
            day=d.day,
            exercise=d.exercise,
            name=d.name
            or (coach.exercise_name(catalog, d.exercise, language) if d.exercise else None),
            kind=d.kind,
            kind_label=labels.get(d.kind, d.kind),
            before=d.before.text if d.before else None,
            after=d.after.text if d.after else None,
            reasons=list(d.reasons),
        )
        for d in sorted(view.decisions, key=lambda d: d.day, reverse=True)
    ]


def progress_page(user: User, today_: dt.date, language: str) -> ProgressPage:
    lang = page_language(language)
    view = coach.progress(user, today_, language=lang)
    has_data = bool(view.exercises or view.pain_after or view.pain_morning)
    charts = build_charts(view, _weekly_sessions(view)) if has_data else []
    return ProgressPage(
        today=today_,
        has_data=has_data,
        progress=view,
        charts=charts,
        decisions=_decision_rows(view, lang),
    )


def chart(user: User, today_: dt.date, name: str, language: str) -> ChartData:
    """One chart of the progress page, by name; ``NotFound`` naming ``chart`` when unknown."""
    view = coach.progress(user, today_, language=page_language(language))
    return build_chart(name, view, _weekly_sessions(view))


def _weekly_sessions(view: coach.ProgressView) -> list[tuple[dt.date, int, int]]:
    """(Monday, training days planned up to today, sessions logged) per week since the start:
    the use case's count, which its totals add up."""
    return [(week.monday, week.planned, week.done) for week in view.weeks]


# --- Exercise library -----------------------------------------------------------------------------


class VariantOut(BaseModel):
    slug: str
    name: str
    how: str
    equipment: list[str]
    cues: list[str] = []
    """The version's own cues; empty where the exercise's cues hold for it."""


class ExerciseFaultOut(BaseModel):
    id: str
    text: str
    fix: str


class SubstituteOut(VariantOut):
    when_missing: str


class ExerciseSummary(BaseModel):
    slug: str
    name: str
    summary: str
    focus: str
    focus_label: str
    unilateral: bool
    dose_text: str
    url: str
    illustration_url: str
    still_url: str


class ExercisePage(ExerciseSummary):
    """One exercise in the page's language, with the catalogue's dose range (not a personal
    dose: that is on Today)."""

    id: str
    starting_position: str
    tempo: str
    target_muscles: list[str]
    equipment: list[str]
    dose: DoseRange
    instructions: list[str]
    cues: list[str]
    faults: list[ExerciseFaultOut]
    regressions: list[VariantOut]
    progressions: list[VariantOut]
    substitutes: list[SubstituteOut]


class LibraryPage(BaseModel):
    language: str
    exercises: list[ExerciseSummary]


def _range(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}–{pair[1]}"


def dose_text(dose: DoseRange) -> str:
    """``3–4 sets of 8–10 reps``, ``2–3 sets of 30–60 s``, with ``each side`` when per side."""
    if dose.reps is not None:
        amount = _("%(range)s reps") % {"range": _range(dose.reps)}
    else:
        amount = _("%(range)s s") % {"range": _range(dose.seconds or (1, 1))}
    text = _("%(sets)s sets of %(amount)s") % {"sets": _range(dose.sets), "amount": amount}
    if dose.per_side:
        return _("%(dose)s each side") % {"dose": text}
    return text


def focus_label(focus: str) -> str:
    return _("Hip focus") if focus == "hip" else _("Knee focus")


def _focus_label(focus: str | None) -> str | None:
    labels = {"hip": _("Hip focus"), "knee": _("Knee focus"), "full": _("Hip and knee")}
    return labels.get(focus) if focus else None


def figure_urls(slug: str, language: str) -> tuple[str, str]:
    """The figure's two URLs in ``language``, moving and still, from one ``reverse`` (a page
    lists both for every exercise). Its texts (title, description, notes) are in that
    language, so the URL names it and a cache that keeps the answer for everyone who asks for
    that URL keeps the right one (``views.exercise_figure``)."""
    moving = f"{reverse('exercise_figure', args=[slug])}?lang={page_language(language)}"
    return moving, f"{moving}&still=1"


def figure_url(slug: str, language: str, *, still: bool = False) -> str:
    """One of ``figure_urls``: the moving figure, or with ``still`` the unmoving one."""
    moving, unmoving = figure_urls(slug, language)
    return unmoving if still else moving


def _links(slug: str, language: str, figure: str | None) -> tuple[str, str, str]:
    """The page's URL and its figure's two, moving and still. On paper (``figure``, the drawing
    inlined) that drawing stands for both and the page links nowhere (``""``): nothing is
    reversed, so a printed handout does not load the web's URL configuration (~0.36 s of
    imports on the terminal's ``export --format pdf``)."""
    if figure is not None:
        return "", figure, figure
    return reverse("exercise", args=[slug]), *figure_urls(slug, language)


def _summary(exercise: Exercise, language: str, figure: str | None = None) -> ExerciseSummary:
    url, moving, still = _links(exercise.slug, language, figure)
    return ExerciseSummary(
        slug=exercise.slug,
        name=exercise.name.get(language),
        summary=exercise.summary.get(language),
        focus=exercise.focus,
        focus_label=focus_label(exercise.focus),
        unilateral=exercise.unilateral,
        dose_text=dose_text(exercise.dose),
        url=url,
        illustration_url=moving,
        still_url=still,
    )


def library_page(language: str) -> LibraryPage:
    lang = page_language(language)
    return LibraryPage(
        language=lang, exercises=[_summary(e, lang) for e in default_catalog().exercises]
    )


def exercise_page(slug: str, language: str, *, figure: str | None = None) -> ExercisePage:
    """One exercise; ``NotFound`` (404) naming ``exercise`` for an unknown slug. With
    ``figure`` (a ``data:`` URI) the page is for paper: that figure in place of the figure's
    URLs, and no URL of the page's own (``_links``)."""
    catalog = default_catalog()
    exercise = catalog.require(slug)
    lang = page_language(language)

    def names(slugs: tuple[str, ...]) -> list[str]:
        return [catalog.equipment_name(item, lang) for item in slugs]

    return ExercisePage(
        **_summary(exercise, lang, figure).model_dump(),
        id=str(exercise.id),
        starting_position=exercise.starting_position.get(lang),
        tempo=exercise.tempo.get(lang),
        target_muscles=list(exercise.target_muscles),
        equipment=names(exercise.equipment),
        dose=exercise.dose,
        instructions=list(exercise.instructions.get(lang)),
        cues=list(exercise.cues.get(lang)),
        faults=[
            ExerciseFaultOut(id=f.id, text=f.text.get(lang), fix=f.fix.get(lang))
            for f in exercise.faults
        ],
        regressions=[_variant(v, names(v.equipment), lang) for v in exercise.regressions],
        progressions=[_variant(v, names(v.equipment), lang) for v in exercise.progressions],
        substitutes=[
            SubstituteOut(
                **_variant(s, names(s.equipment), lang).model_dump(),
                when_missing=catalog.equipment_name(s.when_missing, lang),
            )
            for s in exercise.substitutes
        ],
    )


def _variant(variant: Variant | Substitute, equipment: list[str], lang: str) -> VariantOut:
    return VariantOut(
        slug=variant.slug,
        name=variant.name.get(lang),
        how=variant.how.get(lang),
        equipment=equipment,
        cues=list(variant.cues.get(lang)) if variant.cues else [],
    )
