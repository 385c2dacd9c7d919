"""The clinic's reads compiled once per process (``clinician_of`` on every signed-in page, the
clinicians' changes on Today) give exactly what the querysets they replace give, for each
person and limit (SQL compiled for one is run for another), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model

from kneecoach.web.clinic import models, services
from kneecoach.web.clinic.usecases import changes
from kneecoach.web.coach import models as coach_models
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db


def _fields(obj: Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_clinician_of_equals_the_queryset_for_clinicians_patients_and_the_inactive(
    world: World,
) -> None:
    models.Clinician.objects.filter(user=world.clinician_b).update(active=False)
    people = [world.admin_a, world.clinician_a, world.clinician_b, world.patient]
    for user in people + people[::-1]:
        expected = (
            models.Clinician.objects.select_related("clinic")
            .filter(user_id=user.pk, active=True)
            .first()
        )
        found = services.clinician_of(user)
        assert _fields(found) == _fields(expected)
        if expected is not None:
            assert found is not None and found._state.adding is False
            assert _fields(found.clinic) == _fields(expected.clinic)


def _change(note: str) -> services.ChangeInput:
    data = {"exercise": "clamshell", "level": -1, "sets": 2, "reps": 10, "note": note}
    return services.ChangeInput.model_validate(data)


def test_the_changes_read_equals_the_querysets_with_a_gone_author_and_each_limit(
    world: World,
) -> None:
    for i in range(3):
        services.save_change(world.clinician_a, world.patient.pk, _change(f"n{i}"), world.today)
        services.send_message(world.clinician_a, world.patient.pk, f"message {i}")
    services.save_change(world.admin_a, world.other_patient.pk, _change("other"), world.today)
    # an author whose account is gone: the override stays, its author empty (SET_NULL)
    coach_models.ClinicianOverride.objects.filter(note="n0").update(created_by=None)
    for patient in (world.patient, world.other_patient, world.revoked, world.patient):
        for limit in (2, 5, 20):
            expected_overrides = list(
                coach_models.ClinicianOverride.objects.filter(profile__user_id=patient.pk)
                .select_related("created_by")
                .order_by("-created_at")[:limit]
            )
            found = changes._overrides_of(patient.pk, limit)
            assert [_fields(o) for o in found] == [_fields(o) for o in expected_overrides]
            assert [_fields(o.created_by) for o in found] == [
                _fields(o.created_by) for o in expected_overrides
            ]
            expected_messages = list(models.Message.objects.filter(patient_id=patient.pk)[:limit])
            assert [_fields(m) for m in changes._messages_of(patient.pk, limit)] == [
                _fields(m) for m in expected_messages
            ]
    shown = services.changes_of(world.patient.pk)
    assert sorted(c.author for c in shown if c.kind != "message") == [
        "a clinician",  # the gone author
        "carl",
        "carl",
    ]
