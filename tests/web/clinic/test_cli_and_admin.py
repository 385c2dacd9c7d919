"""The patient sees a clinician's change with its author and date in the CLI; their CLI export
holds the clinic's notes; the Django admin is for superusers only."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from rich.console import Console

from kneecoach.cli import render
from kneecoach.web.clinic import services
from kneecoach.web.clinic.schemas import ChangeView
from kneecoach.web.coach.models import ClinicianOverride
from tests.web.access import logged_in_client
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db


def _change(world: World) -> None:
    data = services.ChangeInput(exercise="clamshell", level=-1, sets=2, reps=10, note="gentler")
    services.save_change(world.clinician_a, world.patient.pk, data, world.today)


def test_today_and_explain_show_the_change_with_author_and_date(world: World, cli: Any) -> None:
    _change(world)
    services.send_message(world.clinician_a, world.patient.pk, "see you Friday")
    for command in ("today", "explain"):
        result = cli(command, "--user", "pat", "--date", world.today.isoformat())
        assert result.code == 0, result.err
        assert "From your clinic" in result.out
        assert "carl: Clamshell" in result.out and "(gentler)" in result.out
        assert "carl: see you Friday" in result.out
    other = cli("today", "--user", "olga", "--date", world.today.isoformat())
    assert "From your clinic" not in other.out


def test_a_clinicians_words_are_printed_as_written_not_as_terminal_markup(
    world: World, cli: Any
) -> None:
    """Square brackets in a message are text: "[/]" once stopped the person's `today` with a
    markup error, and "[red]" would have coloured the line instead of being shown."""
    services.send_message(world.clinician_a, world.patient.pk, "rest [/] then [red]go[/red]")
    result = cli("today", "--user", "pat", "--date", world.today.isoformat())
    assert result.code == 0, result.err
    assert "carl: rest [/] then [red]go[/red]" in result.out


def test_the_cli_export_holds_the_clinics_changes_and_notes(
    world: World, cli: Any, tmp_path: Path
) -> None:
    _change(world)
    services.add_note(world.clinician_a, world.patient.pk, "check the hip")
    out = tmp_path / "me.json"
    assert cli("export", "--user", "pat", "-o", str(out)).code == 0
    document = json.loads(out.read_text())
    assert [n["text"] for n in document["clinic"]["notes"]] == ["check the hip"]
    assert document["clinic"]["changes"][0]["author"] == "carl"
    assert cli("advise", str(out)).code == 0


def test_the_django_admin_is_for_superusers_only(world: World) -> None:
    staff = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    assert logged_in_client(staff).get("/admin/").status_code == 302
    assert logged_in_client(world.admin_a).get("/admin/").status_code == 302
    root = User.objects.create_superuser("root", password="x" * 12)
    assert logged_in_client(root).get("/admin/").status_code == 200


def test_the_demo_has_a_clinic_worth_looking_at(cli: Any) -> None:
    result = cli("demo", "--date", "2026-11-16")
    assert result.code == 0, result.err
    clinician = User.objects.get(username="clinician")
    assert clinician.check_password("kneecoach-clinic")
    page = services.overview(clinician, dt.date(2026, 11, 16))
    flags = {row.name: {f.kind for f in row.flags} for row in page.rows}
    assert set(flags) == {"demo", "kari", "ola", "per", "liv"}
    assert "pain_rising" in flags["kari"]
    assert "relief" in flags["ola"]
    assert "inactive" in flags["per"]
    assert flags["liv"] == set()


def test_the_clinics_changes_name_their_days_in_words(world: World, cli: Any) -> None:
    """As the clinic's list writes them ("6 Dec 2026", "from 6 Dec"), not 2026-12-06: the
    person reads them, and never types them back."""
    _change(world)
    services.send_message(world.clinician_a, world.patient.pk, "see you Friday")
    said_on = ClinicianOverride.objects.get().created_at.astimezone()  # Django's TIME_ZONE
    said = f"{said_on.day} {said_on:%b} {said_on.year}"
    starts = f"{world.today.day} {world.today:%b}"
    for command in ("today", "explain"):
        result = cli(command, "--user", "pat", "--date", world.today.isoformat())
        assert result.code == 0, result.err
        assert f"  {said} carl: see you Friday\n" in result.out
        assert f"  {said} carl: Clamshell set to " in result.out
        assert f" from {starts} (gentler)\n" in result.out
        clinic = result.out[result.out.index("From your clinic") :]
        assert not re.search(r"\d{4}-\d{2}-\d{2}", clinic), clinic


def test_the_terminal_words_a_dose_change_as_the_pages_do(world: World, cli: Any) -> None:
    """The clinic's summary, not a line of its own: "Clamshell set to Clamshell with a small
    opening, 2 x 10 reps" named the exercise as what it was set to."""
    _change(world)
    (said,) = services.my_changes(world.patient)
    assert " as Clamshell with a small opening, from " in said.summary
    result = cli("today", "--user", "pat", "--date", world.today.isoformat())
    assert result.code == 0, result.err
    printed = " ".join(result.out[result.out.index("From your clinic") :].split())
    assert f"carl: {said.summary} (gentler)" in printed
    assert "set to Clamshell with" not in printed


def test_the_terminal_words_an_addition_and_a_swap_as_the_pages_do(world: World, cli: Any) -> None:
    """The exercise once, the variant after the amount: "Clamshell (Clamshell hold, ...)" and
    "Wall half-squat with a ball (Wall squat with a pause, ...)" named each exercise twice."""
    hold = {"exercise": "clamshell", "level": -2, "sets": 2, "seconds": 20}
    squat = {"exercise": "clamshell", "replacement": "wall-squat", "level": 1, "sets": 2}
    for data in (
        services.ChangeInput.model_validate({"kind": "add", **hold}),
        services.ChangeInput.model_validate({"kind": "swap", **squat, "reps": 8}),
    ):
        services.save_change(world.clinician_a, world.patient.pk, data, world.today)
    result = cli("today", "--user", "pat", "--date", world.today.isoformat())
    assert result.code == 0, result.err
    printed = " ".join(result.out[result.out.index("From your clinic") :].split())
    for said in services.my_changes(world.patient):
        assert f"carl: {said.summary}" in printed
    assert "Clamshell (2 x 20 s each side as Clamshell hold) added to every session" in printed
    assert "Wall half-squat with a ball (2 x 8 reps as Wall squat with a pause) from" in printed


def test_a_clinic_message_is_dated_by_the_local_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sent at 00:30 in Oslo (23:30 UTC the day before), it is dated the day it was sent
    there, as the clinic's page dates it, not the UTC day before."""
    sent = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    message = ChangeView(
        kind="message", author="carl", created_at=sent, starts_on=None, exercise=None,
        exercise_name=None, dose=None, text="see you Friday",
    )  # fmt: skip
    printed = io.StringIO()
    out = Console(file=printed, width=80)
    with monkeypatch.context() as local:
        local.setenv("TZ", "Europe/Oslo")
        time.tzset()
        render.clinic_changes(out, [message])
    time.tzset()  # the process's own zone again
    assert "  7 Dec 2026 carl: see you Friday\n" in printed.getvalue()
