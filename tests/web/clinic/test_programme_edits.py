"""A clinician swaps or adds an exercise, pauses and resumes the programme: previewed by the
engine, saved as overrides in the diary, shown to the patient with author and date (Today and
``kneecoach today``), and a paused programme plans nothing and flags no one as inactive."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput
from kneecoach.web.clinic import models, services
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db


def _change(**fields: object) -> services.ChangeInput:
    return services.ChangeInput.model_validate(fields)


def _save(world: World, **fields: object) -> services.ChangeView:
    return services.save_change(world.clinician_a, world.patient.pk, _change(**fields), world.today)


def _planned_slugs(world: World, day: dt.date) -> list[str]:
    return [item.exercise for item in coach.today(world.patient, day, today_=world.today).items]


def _next_training_day(world: World) -> dt.date:
    return coach.today(world.patient, world.today).next_training_day or world.today


def test_a_swap_is_previewed_then_saved_and_the_sessions_hold_the_replacement(
    world: World,
) -> None:
    swap = {"kind": "swap", "exercise": "clamshell", "replacement": "wall-squat"}
    preview = services.preview_change(
        world.clinician_a, world.patient.pk, _change(**swap, sets=2, reps=8), world.today
    )
    assert preview.kind == "swap" and "swapped for" in preview.summary
    assert any(d.now and d.proposed and d.now != d.proposed for d in preview.days)
    assert not coach_models.ClinicianOverride.objects.exists()
    view = _save(world, **swap, note="knee likes it better")
    assert view.kind == "swap" and view.author == "carl"
    assert view.summary.startswith("Clamshell swapped for Wall half-squat")
    day = _next_training_day(world)
    slugs = _planned_slugs(world, day)
    assert "clamshell" not in slugs and slugs.count("wall-squat") == 1
    row = coach_models.ClinicianOverride.objects.get()
    assert (row.kind, row.exercise, row.replacement, row.dose) == (
        "swap",
        "clamshell",
        "wall-squat",
        None,
    )


def test_a_paused_programme_is_not_called_a_rest_day_in_either_language(world: World) -> None:
    _save(world, kind="pause", note="surgery on Friday")
    client = logged_in_client(world.patient)
    english = client.get("/today/").content.decode()
    assert "Programme paused</h2>" in english and "rest days let the muscles" not in english
    client.post("/settings/language/", {"language": "nb", "next": "/today/"})
    norwegian = client.get("/today/").content.decode()
    assert "Programmet er satt på pause</h2>" in norwegian and "Hviledag" not in norwegian


def test_an_exercise_is_added_and_refusals_name_the_field(world: World) -> None:
    view = _save(world, kind="add", exercise="wall-squat", sets=2, reps=8)
    assert view.kind == "add" and "added to every session" in view.summary
    with pytest.raises(InvalidInput) as refused:
        _save(world, kind="swap", exercise="clamshell")
    assert refused.value.field == "replacement"
    with pytest.raises(InvalidInput) as refused:
        _save(world, kind="add", exercise="no-such-exercise")
    assert refused.value.field == "exercise"


def test_a_pause_shows_on_today_with_author_and_reason_plans_nothing_and_resume_goes_on(
    world: World, cli: Any
) -> None:
    preview = services.preview_change(
        world.clinician_a, world.patient.pk, _change(kind="pause"), world.today
    )
    assert preview.kind == "pause" and any(d.now and not d.proposed for d in preview.days)
    _save(world, kind="pause", note="surgery on Friday")
    today = coach.today(world.patient, world.today)
    assert today.items == () and today.next_training_day is None
    assert any("carl" in line and "surgery on Friday" in line for line in today.advice)
    page = logged_in_client(world.patient).get("/today/").content.decode()
    assert "Programme paused from" in page and "carl" in page and "surgery on Friday" in page
    assert "Programme paused</h2>" in page and "Rest day" not in page  # not a rest day
    enrolment = models.Enrolment.objects.get(patient=world.patient, status="active")
    assert enrolment.due_since is None  # nothing due: never "inactive" while paused
    row = next(r for r in services.overview(world.clinician_a, world.today).rows if r.name == "pat")
    assert row.state == "paused" and row.state_label == "paused by a clinician"
    overview = logged_in_client(world.clinician_a).get("/clinic/").content.decode()
    assert '<span class="muted state">paused by a clinician</span>' in overview
    later = world.today + dt.timedelta(days=10)
    assert "pat" not in {r.name for r in services.overview(world.clinician_a, later).rows if any(
        f.kind == "inactive" for f in r.flags)}  # fmt: skip
    result = cli("today", "--user", "pat", "--date", world.today.isoformat())
    assert result.code == 0, result.err
    assert "carl: Programme paused from" in result.out and "surgery on Friday" in result.out
    assert result.out.splitlines()[0].endswith(": paused")
    _save(world, kind="resume")
    assert coach.today(world.patient, world.today).next_training_day is not None


def test_a_dose_at_a_hold_level_is_set_in_seconds_the_unit_of_that_version(world: World) -> None:
    """The clamshell counts reps, its hold version (a regression) seconds: a clinician's dose
    at the hold's level is given in seconds, and reps there are refused naming ``reps``."""
    clamshell = default_catalog().get("clamshell")
    assert clamshell is not None
    hold_level = next(
        level
        for level in range(clamshell.lowest_level, 0)
        if clamshell.level_dose(level).unit == "seconds"
    )
    view = _save(world, exercise="clamshell", level=hold_level, sets=2, seconds=20)
    assert view.kind == "dose"
    with pytest.raises(InvalidInput) as refused:
        _save(world, exercise="clamshell", level=hold_level, sets=2, reps=10)
    assert refused.value.field == "reps"
