"""A bounded schemathesis run against the API's own OpenAPI document (issue 11).

Every operation of ``/api/openapi.json`` gets requests generated from the document, valid ones
and invalid ones, sent with the bearer token of a person who has two weeks of diary, through the
real WSGI handler (``KneecoachWSGIHandler``, as gunicorn serves it). Each answer must not be a
5xx and must match what the document says that operation answers (status and body).

Bounded and reproducible: ``EXAMPLES`` cases per operation and mode, ``derandomize`` (the cases
depend on the operation, not on the run), each case from the same saved state (its writes are
rolled back after it). A failure found once is found again, on SQLite and on PostgreSQL
(``make test`` runs the database tests on both). The test prints how many cases it sent.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kneecoach.catalog.loader import default_catalog
from kneecoach.programme.questionnaires import QUESTIONNAIRES
from kneecoach.web.accounts.services import create_token
from kneecoach.web.camera.models import Status, VideoCheck
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import LoggedSession, LoggedSet
from kneecoach.web.insights.charts import CHART_NAMES
from kneecoach.web.patient.services import local_today
from kneecoach.web.transactions import KneecoachWSGIHandler

pytestmark = pytest.mark.django_db

EXAMPLES = 15  # per operation and mode: about 1,200 requests with the known paths
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class _InTheTestsTransaction:
    """The real WSGI handler, minus Django's ``close_old_connections`` at the start and end of
    each request (the test client leaves it out too): it would close the connection that holds
    the test's transaction."""

    def __init__(self) -> None:
        self.handler = KneecoachWSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _schema() -> Any:
    """The document ``/api/openapi.json`` serves, its requests sent to the WSGI handler."""
    from kneecoach.web.urls import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = _InTheTestsTransaction()
    return loaded


def _operations() -> Iterator[Any]:
    for result in _schema().get_all_operations():
        yield result.ok()


@pytest.fixture
def demo() -> User:
    """The demo person: two weeks of diary, a sore spell, a relief period."""
    username = coach.create_demo(timezone.localdate(timezone=ZoneInfo("Europe/Oslo")))
    return User.objects.get(username=username)


@pytest.fixture
def bearer(demo: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(demo, 'fuzz').token}"}


@pytest.fixture
def known_paths(demo: User) -> dict[str, list[Any]]:
    """Path parameters that name something of the person's (a logged day, a token, a video
    check) or of the catalogue: generated ones almost never do, so without these the answers
    of the operations that find something (200, 204, a 409) would go unchecked."""
    sessions = LoggedSession.objects.filter(profile__user=demo).order_by("day")
    first, last = sessions.first(), sessions.last()
    assert first is not None and last is not None
    logged_set = LoggedSet.objects.filter(session=last).first()
    assert logged_set is not None
    check = VideoCheck.objects.create(
        profile=last.profile,
        logged_set=logged_set,
        size_bytes=1000,
        unit="reps",
        status=Status.FAILED,
        error_code="no_person",
        error_message="no person was seen",
    )
    return {
        "day": [first.day, last.day, local_today(demo)],
        "token_id": [create_token(demo, "another app").info.id],
        "check_id": [check.uuid],
        "name": list(CHART_NAMES),
        "slug": [exercise.slug for exercise in default_catalog().exercises],
        "qid": list(QUESTIONNAIRES),
        "exercise": [logged_set.exercise],
        "set_number": [logged_set.set_number],
        # The person is a patient, not a clinician: the clinic's operations must refuse them.
        "patient_id": [demo.pk],
        "member_id": [demo.pk],
        "kind": ["pain_rising"],
        # Listed in the document; named here for the clinic's download, whose patient_id is not.
        "format": ["fhir"],
    }


LISTED_IN_THE_DOCUMENT = {"format"}
"""Path parameters whose allowed values the document lists (an enum): generated cases already
name real ones, so they need no known values."""


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    statuses: Counter[str],
    failures: list[tuple[str, str]],
    path: dict[str, Any] | None = None,
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: each failure is kept as sent
        suppress_health_check=list(HealthCheck),
    )
    def one_case(case: Any) -> None:
        with transaction.atomic():
            response = case.call(headers=headers)
            statuses[f"{operation.label} {response.status_code}"] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Failure, FailureGroup) as failure:
                found = failure.exceptions if isinstance(failure, FailureGroup) else [failure]
                kinds = ", ".join(sorted({f.title for f in found}))
                failures.append(
                    (
                        f"{operation.label}: {kinds}",
                        f"{case.as_curl_command(headers=headers)}\n{failure}",
                    )
                )
            transaction.set_rollback(True)

    try:
        one_case()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise  # every operation takes some valid request; only "nothing to spoil" may skip


def _lines(counts: Iterable[tuple[str, int]]) -> str:
    return "\n".join(f"  {label}: {count}" for label, count in counts)


def _known(operation: Any, known: dict[str, list[Any]]) -> Iterator[dict[str, Any]]:
    """Every combination of known values for the operation's path parameters."""
    names = re.findall(r"{(\w+)}", operation.path)
    if set(names) <= LISTED_IN_THE_DOCUMENT:
        return
    for values in itertools.product(*(known[name] for name in names)):
        yield dict(zip(names, values, strict=True))


def test_the_api_answers_every_generated_request_as_its_document_says(
    bearer: dict[str, str],
    known_paths: dict[str, list[Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    statuses: Counter[str] = Counter()
    failures: list[tuple[str, str]] = []
    operations = list(_operations())
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, bearer, statuses, failures)
        if "{" in operation.path:
            for path in _known(operation, known_paths):
                _fuzz(operation, GenerationMode.POSITIVE, bearer, statuses, failures, path)
    with capsys.disabled():
        print(
            f"\nschemathesis: {sum(statuses.values())} cases, {len(operations)} operations, "
            f"{len(failures)} failures"
        )
    kinds = Counter(kind for kind, _ in failures)
    examples = "\n\n".join(example for _, example in failures[:10])
    assert not failures, f"{len(failures)} failures:\n{_lines(kinds.most_common())}\n\n{examples}"
    reached = {label.rsplit(" ", 1)[0] for label in statuses}
    assert reached == {operation.label for operation in operations}
    # Signed in all along: a 401 would mean the run tested the log-in wall, not the operations.
    assert not [label for label in statuses if label.endswith(" 401")], _lines(statuses.items())
