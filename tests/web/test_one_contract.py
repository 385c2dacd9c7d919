"""One contract per use case (issue 12): one table of good and bad inputs per use case, each
row run through the page, the API and the CLI. All three must agree on every row: a good input
is saved by each; a bad one is refused by each, naming the field, with nothing saved (the page
shows its form again with the message, the API answers a 4xx JSON error, the CLI prints one
line on stderr and exits non-zero).

The bounds come from ``programme.limits``: the rows at the edges (set 20, reps 500, pain 10)
are the ones the page used to refuse (set 11) or the API to accept without a declared range.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client
from django.utils.html import escape

from kneecoach.cli import main
from kneecoach.programme import limits
from kneecoach.web.accounts.models import ApiToken
from kneecoach.web.coach import models
from kneecoach.web.patient.views import today as views
from tests.web.access import logged_in_client, make_user, token_client
from tests.web.patient.conftest import ALL_NO, onboarded, today_for

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Answer:
    """What one channel did with one row: saved it, or refused it naming ``field``."""

    saved: bool
    field: str | None = None


# --- the channels ---------------------------------------------------------------------------


def diary_rows() -> list[Any]:
    """What a use case with input saves (not the profile: showing a page may save its replay)."""
    return [
        list(models.LoggedSet.objects.order_by("id").values()),
        list(models.LoggedSession.objects.order_by("id").values()),
        list(models.MorningCheckin.objects.order_by("id").values()),
    ]


@pytest.fixture
def shown_forms(monkeypatch: pytest.MonkeyPatch) -> list[forms.BaseForm]:
    """The forms the Today page is asked to show again (a refused set of an exercise that is
    not on the day's cards is shown at the top, by message only: this keeps its field)."""
    shown: list[forms.BaseForm] = []
    render = views._render_today

    def spy(*args: Any, **kwargs: Any) -> Any:
        shown.extend(f for f in kwargs.values() if isinstance(f, forms.BaseForm) and f.is_bound)
        return render(*args, **kwargs)

    monkeypatch.setattr(views, "_render_today", spy)
    return shown


def _refused_field(response: Any, shown: list[forms.BaseForm]) -> str:
    """The one field the page refused, its message shown on the page."""
    errors = {name: list(messages) for form in shown for name, messages in form.errors.items()}
    assert len(errors) == 1, errors
    [(field, messages)] = errors.items()
    page = response.content.decode()
    assert all(escape(message) in page for message in messages), messages
    return field


def _page(client: Client, url: str, data: dict[str, Any], shown: list[forms.BaseForm]) -> Answer:
    before = diary_rows()
    shown.clear()
    response = client.post(url, {k: "" if v is None else v for k, v in data.items()})
    if response.status_code == 302:
        return Answer(saved=True)
    assert response.status_code in (409, 422), response.status_code
    assert diary_rows() == before, "a refused form saved something"
    return Answer(saved=False, field=_refused_field(response, shown))


def _api(client: Client, url: str, body: dict[str, Any]) -> Answer:
    before = diary_rows()
    sent = {k: v for k, v in body.items() if v is not None}
    response = client.post(url, json.dumps(sent), content_type="application/json")
    if response.status_code in (200, 201):
        return Answer(saved=True)
    assert 400 <= response.status_code < 500, response.content
    assert diary_rows() == before, "a refused request saved something"
    answer = response.json()
    assert set(answer) == {"error", "message", "field"}, answer
    return Answer(saved=False, field=answer["field"])


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> Answer:
    before = diary_rows()
    capsys.readouterr()
    code = main(list(args))
    err = capsys.readouterr().err
    if code == 0:
        return Answer(saved=True)
    assert diary_rows() == before, "a refused command saved something"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    field, _, _message = lines[0].removeprefix("error: ").partition(": ")
    return Answer(saved=False, field=_as_field(field))


def _as_field(named: str) -> str:
    """The terminal names a field by the option typed for it (``--set``, ``--baseline-pain``);
    the domain's name for it, to compare with the page's and the API's."""
    if not named.startswith("--"):
        return named
    fields = {option: field for field, option in {**CLI_SET_OPTIONS, **CLI_STOP_OPTIONS}.items()}
    return fields.get(named, named.removeprefix("--").replace("-", "_"))


def _options(fields: dict[str, Any], names: dict[str, str]) -> Iterator[str]:
    for key, value in fields.items():
        if value is not None:
            yield from (names.get(key, f"--{key}"), str(value))


@pytest.fixture
def no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNEECOACH_NO_PROMPT", "1")
    monkeypatch.setenv("COLUMNS", "160")


# --- log a set ------------------------------------------------------------------------------

GOOD_SET = {"exercise": "vmo-lift", "set_number": 1, "side": "right", "reps": 8, "pain": 2}
SETS = [
    # good: inside every bound, and at its edges
    ({}, None),
    ({"set_number": 11}, None),  # refused by the page before issue 12, accepted elsewhere
    ({"set_number": limits.SETS_MAX, "reps": limits.REPS_MAX, "pain": limits.PAIN_MAX}, None),
    ({"reps": 0, "pain": 0}, None),
    ({"load": "x" * limits.LOAD_MAX}, None),
    ({"exercise": "glute-bridge", "side": None}, None),
    ({"exercise": "glute-bridge", "side": "both"}, None),  # the same as no side
    ({"exercise": "monster-walks", "side": None, "reps": None, "seconds": 60}, None),
    # bad: one field each
    ({"set_number": 0}, "set_number"),
    ({"set_number": limits.SETS_MAX + 1}, "set_number"),
    ({"pain": limits.PAIN_MAX + 1}, "pain"),
    ({"pain": -1}, "pain"),
    ({"reps": limits.REPS_MAX + 1}, "reps"),
    ({"reps": -1}, "reps"),
    ({"load": "x" * (limits.LOAD_MAX + 1)}, "load"),
    ({"side": None}, "side"),  # one-leg work needs a side
    ({"side": "middle"}, "side"),
    ({"side": "both"}, "side"),  # one-leg work: left or right
    ({"exercise": "glute-bridge", "side": "left"}, "side"),  # both legs: no side
    ({"reps": None, "seconds": 30}, "seconds"),  # counted in reps
    ({"reps": None}, "reps"),  # nothing counted
    ({"exercise": "monster-walks", "side": None}, "reps"),  # timed means seconds
    (
        {
            "exercise": "monster-walks",
            "side": None,
            "reps": None,
            "seconds": limits.SECONDS_MAX + 1,
        },
        "seconds",
    ),
    ({"exercise": "moonwalk"}, "exercise"),
]
CLI_SET_OPTIONS = {"set_number": "--set"}


@pytest.mark.parametrize(("change", "field"), SETS)
def test_a_set_is_saved_or_refused_alike_by_the_page_the_api_and_the_cli(
    change: dict[str, Any],
    field: str | None,
    capsys: pytest.CaptureFixture[str],
    no_prompt: None,
    shown_forms: list[forms.BaseForm],
) -> None:
    row = {**GOOD_SET, **change}
    expected = Answer(saved=field is None, field=field)
    page_user, api_user, cli_user = (onboarded(name) for name in ("page", "api", "cli"))
    day = today_for(page_user)
    page = _page(
        logged_in_client(page_user),
        f"/today/{day}/sets/",
        {"load": "", "note": "", **row},
        shown_forms,
    )
    api = _api(token_client(api_user), f"/api/sessions/{day}/sets", row)
    options = _options(row, CLI_SET_OPTIONS)
    cli = _cli(capsys, "log", "--user", cli_user.username, "--date", day.isoformat(), *options)
    assert {"page": page, "api": api, "cli": cli} == {
        "page": expected,
        "api": expected,
        "cli": expected,
    }


# --- pain after a session, next-morning check-in ----------------------------------------------

PAINS = [(0, True), (limits.PAIN_MAX, True), (limits.PAIN_MAX + 1, False), (-1, False)]


@pytest.mark.parametrize(("pain", "good"), PAINS)
def test_pain_after_a_session_is_saved_or_refused_alike(
    pain: int,
    good: bool,
    capsys: pytest.CaptureFixture[str],
    no_prompt: None,
    shown_forms: list[forms.BaseForm],
) -> None:
    page_user, api_user, cli_user = (onboarded(name) for name in ("page", "api", "cli"))
    day = today_for(page_user)
    for user in (page_user, api_user, cli_user):
        models.LoggedSession.objects.create(profile=user.kneecoach_profile, day=day)
    page = _page(
        logged_in_client(page_user), f"/today/{day}/pain-after/", {"pain": pain}, shown_forms
    )
    api = _api(token_client(api_user), f"/api/sessions/{day}/pain-after", {"pain": pain})
    cli = _cli(
        capsys, "log", "--user", cli_user.username, "--date", day.isoformat(),
        "--pain-after", str(pain),
    )  # fmt: skip
    # Each channel names the field as its client knows it: the form's and the body's ``pain``,
    # the CLI's ``--pain-after`` (read back as the domain's ``pain_after``).
    assert (page.saved, api.saved, cli.saved) == (good, good, good)
    if not good:
        assert (page.field, api.field) == ("pain", "pain")
        assert cli.field == "pain_after"


@pytest.mark.parametrize(("pain", "good"), PAINS)
def test_a_check_in_is_saved_or_refused_alike(
    pain: int,
    good: bool,
    capsys: pytest.CaptureFixture[str],
    no_prompt: None,
    shown_forms: list[forms.BaseForm],
) -> None:
    page_user, api_user, cli_user = (onboarded(name) for name in ("page", "api", "cli"))
    page = _page(logged_in_client(page_user), "/today/checkin/", {"pain": pain}, shown_forms)
    api = _api(token_client(api_user), "/api/checkins", {"pain": pain})
    cli = _cli(capsys, "checkin", "--user", cli_user.username, "--pain", str(pain))
    assert (page.saved, api.saved, cli.saved) == (good, good, good)
    if not good:
        assert {page.field, api.field, cli.field} == {"pain"}


# --- what stopped a session (the in-session stop rule) -----------------------------------------

STOPS = [
    (["giving_way"], None),
    (["sharp_pain", "pop", "new_swelling", "giving_way"], None),
    (["pop", "pop"], None),  # a set: once is enough
    (["knee_exploded"], "events"),
    (["pop", "knee_exploded"], "events"),
]


CLI_STOP_OPTIONS = {"events": "--stopped"}


@pytest.mark.parametrize(("events", "field"), STOPS)
def test_a_stop_is_saved_or_refused_alike(
    events: list[str],
    field: str | None,
    capsys: pytest.CaptureFixture[str],
    no_prompt: None,
    shown_forms: list[forms.BaseForm],
) -> None:
    page_user, api_user, cli_user = (onboarded(name) for name in ("page", "api", "cli"))
    day = today_for(page_user)
    logged_in_client(page_user).get("/today/")  # the page's own replay, saved before the post
    page = _page(
        logged_in_client(page_user), f"/today/{day}/stop/", {"events": events}, shown_forms
    )
    api = _api(token_client(api_user), f"/api/sessions/{day}/stop", {"events": events})
    stopped = [word for event in events for word in ("--stopped", event)]
    cli = _cli(capsys, "log", "--user", cli_user.username, "--date", day.isoformat(), *stopped)
    good = field is None
    assert (page.saved, api.saved, cli.saved) == (good, good, good)
    if not good:
        assert (page.field, api.field, cli.field) == ("events", "events", "events")


# --- the name of an API token (the page and the API; the CLI makes none) ----------------------

TOKEN_NAMES = [
    ("phone", None),
    ("x" * limits.TOKEN_NAME_MAX, None),
    (f"  {'x' * limits.TOKEN_NAME_MAX}  ", None),  # trimmed first, as the page trims
    ("", "name"),
    ("   ", "name"),
    ("x" * (limits.TOKEN_NAME_MAX + 1), "name"),
]


@pytest.mark.parametrize(("name", "field"), TOKEN_NAMES)
def test_a_token_name_is_accepted_or_refused_alike(name: str, field: str | None) -> None:
    expected = Answer(saved=field is None, field=field)
    page_user, api_user = make_user("page"), make_user("api")
    page = _tokens(logged_in_client(page_user), "/accounts/tokens/", {"name": name}, page_user)
    api = _tokens(token_client(api_user), "/api/tokens", {"name": name}, api_user, json_body=True)
    assert (page, api) == (expected, expected)


def _tokens(
    client: Client, url: str, body: dict[str, Any], user: User, *, json_body: bool = False
) -> Answer:
    before = ApiToken.objects.filter(user=user).count()
    if json_body:
        answer = _api(client, url, body)
    else:
        response = client.post(url, body)
        form = response.context["token_form"] if response.status_code >= 400 else None
        if form is None:
            answer = Answer(saved=True)
        else:
            [(field, messages)] = form.errors.items()
            assert all(escape(m) in response.content.decode() for m in messages)
            answer = Answer(saved=False, field=field)
    made = ApiToken.objects.filter(user=user).count() - before
    assert made == (1 if answer.saved else 0), (made, answer)
    return answer


# --- onboarding: the profile --------------------------------------------------------------------

PROFILES = [
    ({}, None),
    ({"painful_side": "both", "baseline_pain": limits.PAIN_MAX}, None),
    ({"baseline_pain": limits.PAIN_MIN}, None),
    ({"painful_side": "middle"}, "painful_side"),
    ({"baseline_pain": limits.PAIN_MAX + 1}, "baseline_pain"),
    ({"baseline_pain": -1}, "baseline_pain"),
]
GOOD_PROFILE = {"painful_side": "left", "baseline_pain": 3}


@pytest.mark.parametrize(("change", "field"), PROFILES)
def test_onboarding_is_saved_or_refused_alike(
    change: dict[str, Any], field: str | None, capsys: pytest.CaptureFixture[str], no_prompt: None
) -> None:
    row = {**GOOD_PROFILE, **change}
    expected = Answer(saved=field is None, field=field)
    page_user, api_user, cli_user = (make_user(name) for name in ("page", "api", "cli"))
    today = today_for(page_user)
    page = _onboarding_page(logged_in_client(page_user), row, today)
    api = _onboarding_api(token_client(api_user), row, today)
    cli = _cli(
        capsys, "init", "--user", cli_user.username, "--untrained", "--equipment", "mat",
        "--painful-side", row["painful_side"], "--start", today.isoformat(), "--days", "all",
        "--baseline-pain", str(row["baseline_pain"]),
        "--no-red-flags", "--date", today.isoformat(),
    )  # fmt: skip
    assert cli.saved == models.Profile.objects.filter(user=cli_user).exists()
    assert {"page": page, "api": api, "cli": cli} == {
        "page": expected,
        "api": expected,
        "cli": expected,
    }


def _onboarding_page(client: Client, row: dict[str, Any], today: Any) -> Answer:
    """The wizard, step by step: the first refusal is the answer (the profile is saved only by
    the last step)."""
    steps = [
        ("/start/screening/", ALL_NO),
        ("/start/history/", {"trained": "no", "baseline_pain": row["baseline_pain"]}),
        ("/start/equipment/", {"equipment": ["mat"]}),
        ("/start/schedule/", {"painful_side": row["painful_side"],
                              "start_date": today.isoformat(),
                              "weekdays": [str(d) for d in range(7)]}),
    ]  # fmt: skip
    for url, data in steps:
        response = client.post(url, data)
        if response.status_code != 302:
            form = response.context["form"]
            [(field, messages)] = form.errors.items()
            assert all(escape(m) in response.content.decode() for m in messages)
            assert not models.Profile.objects.exists()
            return Answer(saved=False, field=field)
    return Answer(saved=True)


def _onboarding_api(client: Client, row: dict[str, Any], today: Any) -> Answer:
    body = {"answers": ALL_NO, "trained": False, "start_date": today.isoformat(),
            "equipment": ["mat"], **row}  # fmt: skip
    return _api(client, "/api/onboarding", body)


# --- settings: the profile's choices, language and units (the page and the API) -----------------

SETTINGS = [
    ({}, None),
    ({"language": "nb", "units": "imperial", "painful_side": "both"}, None),
    ({"language": "xx"}, "language"),
    ({"units": "furlongs"}, "units"),
    ({"painful_side": "middle"}, "painful_side"),
    ({"weekdays": []}, "weekdays"),
]
GOOD_SETTINGS = {"trained": False, "painful_side": "left", "equipment": ["mat"],
                 "weekdays": [0, 2, 4], "language": "en", "units": "metric"}  # fmt: skip


@pytest.mark.parametrize(("change", "field"), SETTINGS)
def test_settings_are_saved_or_refused_alike(change: dict[str, Any], field: str | None) -> None:
    row = {**GOOD_SETTINGS, **change}
    expected = Answer(saved=field is None, field=field)
    page_user, api_user = onboarded("page"), onboarded("api")
    page_row = {**row, "trained": "no", "weekdays": [str(d) for d in row["weekdays"]]}
    response = logged_in_client(page_user).post("/settings/", page_row)
    if response.status_code == 302:
        page = Answer(saved=True)
    else:
        [(name, messages)] = response.context["form"].errors.items()
        assert all(escape(m) in response.content.decode() for m in messages)
        page = Answer(saved=False, field=name)
    client = token_client(api_user)
    answer = client.put("/api/settings", json.dumps(row), content_type="application/json")
    api = (
        Answer(saved=True)
        if answer.status_code == 200
        else Answer(saved=False, field=answer.json()["field"])
    )
    assert (page, api) == (expected, expected)
    for user in (page_user, api_user):  # onboarded with the right knee
        saved_side = models.Profile.objects.get(user=user).painful_side
        assert saved_side == (row["painful_side"] if expected.saved else "right")


# --- red-flag screening answers (the page and the API; the CLI takes yes / no only, below) -------

FIRST = next(iter(ALL_NO))
SCREENINGS = [
    ({}, None),
    ({FIRST: "not_sure"}, None),
    ({FIRST: "perhaps"}, FIRST),
    ({FIRST: None}, FIRST),  # left unanswered
]


@pytest.mark.parametrize(("change", "field"), SCREENINGS)
def test_screening_answers_are_saved_or_refused_alike(
    change: dict[str, Any], field: str | None
) -> None:
    answers = {k: v for k, v in {**ALL_NO, **change}.items() if v is not None}
    expected = Answer(saved=field is None, field=field)
    page_user, api_user = onboarded("page"), onboarded("api")
    response = logged_in_client(page_user).post("/settings/screening/", answers)
    if response.status_code == 200:  # the outcome, on the same page
        assert not response.context["form"].errors
        page = Answer(saved=True)
    else:
        [(name, messages)] = response.context["form"].errors.items()
        assert all(escape(m) in response.content.decode() for m in messages)
        page = Answer(saved=False, field=name)
    api = _api(token_client(api_user), "/api/screening", {"answers": answers})
    assert (page, api) == (expected, expected)
    for user in (page_user, api_user):  # each was screened once, at onboarding
        screenings = models.ScreeningRecord.objects.filter(profile__user=user).count()
        assert screenings == (2 if expected.saved else 1)


# --- red-flag screening again: the verdict (the page, the API and `kneecoach screen`) ----------

VERDICTS = [
    # (answered yes, answered yes at onboarding, the verdict)
    ((), (), "clear"),
    (("S2",), (), "soon"),
    (("U1",), (), "urgent"),
    (("AGE55", "INJURY7"), (), "urgent"),  # the Ottawa knee rule: together, not alone
    (("E1",), (), "emergency"),
    (("S5",), (), "surgical"),  # operated on in the last 6 months, not cleared
    (("S5", "S5C"), (), "clear"),  # cleared by the surgical team
    ((), ("U1",), "clear"),  # an earlier lock is lifted by clear answers
    (("S2",), ("E1",), "soon"),
]


def _yes(ids: tuple[str, ...]) -> dict[str, str]:
    """The page's and the API's answers for ``--red-flag`` ids: "yes", and S5's "yes" (the
    CLI's ``--red-flag S5``) in the page's words, "within_6_months"."""
    return ALL_NO | {i: "within_6_months" if i == "S5" else "yes" for i in ids}


@dataclass(frozen=True)
class Verdict:
    """What one channel said about the answers, and what the profile holds after them."""

    level: str
    locked: bool
    saved_status: str


def _saved_status(user: User) -> str:
    return str(models.Profile.objects.get(user=user).screening_status)


@pytest.mark.parametrize(("yes", "earlier", "level"), VERDICTS)
def test_answering_the_questions_again_gives_the_same_verdict_on_the_page_the_api_and_the_cli(
    yes: tuple[str, ...],
    earlier: tuple[str, ...],
    level: str,
    capsys: pytest.CaptureFixture[str],
    no_prompt: None,
) -> None:
    page_user, api_user, cli_user = (
        onboarded(name, answers=_yes(earlier)) for name in ("page", "api", "cli")
    )
    response = logged_in_client(page_user).post("/settings/screening/", _yes(yes))
    assert response.status_code == 200, response.content
    outcome = response.context["outcome"]
    page = Verdict(outcome.level, outcome.locked, _saved_status(page_user))
    body = _api_answer(token_client(api_user), {"answers": _yes(yes)})
    api = Verdict(body["level"], body["locked"], _saved_status(api_user))
    flags = [word for i in yes for word in ("--red-flag", i)] or ["--no-red-flags"]
    capsys.readouterr()
    code = main(["screen", "--user", cli_user.username, *flags])
    printed = capsys.readouterr()
    assert code in (0, 3), printed.err
    cli = Verdict(_printed_level(printed.out), code == 3, _saved_status(cli_user))
    expected = Verdict(level, level in ("urgent", "emergency", "surgical"), level)
    assert {"page": page, "api": api, "cli": cli} == {"page": expected, "api": expected,
                                                      "cli": expected}  # fmt: skip


def _printed_level(out: str) -> str:
    """The verdict the terminal printed: ``Screening: urgent.``, or ``no red flags`` (clear)."""
    found = re.search(r"Screening: ([\w ]+)\.", out)
    assert found, out
    return "clear" if found[1] == "no red flags" else found[1]


def _api_answer(client: Client, body: dict[str, Any]) -> Any:
    response = client.post("/api/screening", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()
