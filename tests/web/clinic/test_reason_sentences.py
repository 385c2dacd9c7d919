"""The clinician's view of the coach's decisions and the change preview say a decision's reasons
as sentences one after another (``wording.paragraph``), never "(stop at 8).; Loaded ..."."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest

from kneecoach.web.clinic import services
from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client
from tests.web.clinic.conftest import World, log_day

pytestmark = pytest.mark.django_db

_FORM = {"exercise": "clamshell", "level": "0", "sets": "2", "amount": "10", "note": ""}


def _trained_last_week(world: World) -> None:
    """Sessions on the patient's training days, so the coach has decided with reasons."""
    for back in range(6, 0, -1):
        day = world.today - dt.timedelta(days=back)
        if coach.today(world.patient, day).items:
            log_day(world.patient, day, 2)


def _said_as_one_paragraph(reasons: tuple[str, ...], html: str) -> None:
    assert len(reasons) > 1, reasons
    assert escape(" ".join(reasons)) in html
    assert ".;" not in html


def test_the_patient_pages_decisions_say_their_reasons_as_sentences(world: World) -> None:
    _trained_last_week(world)
    html = logged_in_client(world.clinician_a).get(f"/clinic/patients/{world.patient.pk}/")
    page = html.content.decode()
    decisions = page[page.index('id="decisions"') :]
    shown = services.patient_page(world.clinician_a, world.patient.pk, world.today).decisions
    _said_as_one_paragraph(shown[0].reasons, decisions)


def test_a_previews_decisions_say_their_reasons_as_sentences(world: World) -> None:
    _trained_last_week(world)
    client = logged_in_client(world.clinician_a)
    posted = _FORM | {"action": "preview"}
    html = client.post(f"/clinic/patients/{world.patient.pk}/changes/", posted).content.decode()
    preview = html[html.index('id="preview-heading"') : html.index("</ul>", html.index("preview"))]
    change = services.ChangeInput(exercise="clamshell", sets=2, reps=10)
    shown = services.preview_change(world.clinician_a, world.patient.pk, change, world.today)
    _said_as_one_paragraph(shown.decisions[0].reasons, preview)
