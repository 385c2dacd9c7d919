"""The overview's "needs attention" order: a red flag before any number of amber ones
(``programme.flags.RED_KINDS``), then the most unseen flags, then the longest overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kneecoach.programme import flags as rules
from kneecoach.web.clinic import flagging, services
from tests.web.access import logged_in_client, token_client
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db


def _names(world: World) -> list[str]:
    rows = token_client(world.clinician_a).get("/api/clinic/patients").json()["rows"]
    return [r["name"] for r in rows]


def test_needs_attention_puts_a_red_flag_before_amber_ones(world: World) -> None:
    day = world.today - dt.timedelta(days=1)
    flagging.set_flag(world.other_patient.pk, "questionnaire_due", day)
    flagging.set_flag(world.other_patient.pk, "side_difference", day)
    flagging.set_flag(world.patient.pk, "pain_rising", day)
    assert _names(world) == ["pat", "olga"]
    page = logged_in_client(world.clinician_a).get("/clinic/").content.decode()
    assert page.index(">pat</a>") < page.index(">olga</a>")


def test_a_red_flag_seen_no_longer_puts_its_patient_first(world: World) -> None:
    day = world.today - dt.timedelta(days=1)
    flagging.set_flag(world.other_patient.pk, "questionnaire_due", day)
    flagging.set_flag(world.other_patient.pk, "side_difference", day)
    flagging.set_flag(world.patient.pk, "pain_rising", day)
    services.mark_flag_seen(world.clinician_a, world.patient.pk, "pain_rising", timezone.now())
    assert _names(world) == ["olga", "pat"]


def test_red_is_a_screening_pain_or_relief_that_needs_a_clinician() -> None:
    assert {k for k in rules.FlagKind.__args__ if rules.is_red(k)} == {  # type: ignore[attr-defined]
        "red_flag",
        "pain_rising",
        "relief_long",
        "review",
    }
