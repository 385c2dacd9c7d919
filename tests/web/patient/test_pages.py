"""The patient pages through Django's test client: onboarding wizard, Today, logging, pain after,
check-in, Settings and re-screening; bad input on every form changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from kneecoach.programme.wording import day_words
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.patient.models import Preferences
from tests.web.access import assert_json_twin, logged_in_client, make_user
from tests.web.patient.conftest import ALL_NO, diary_rows, onboarded, today_for

pytestmark = pytest.mark.django_db


def _wizard_to_schedule(client: Client, answers: dict[str, str] | None = None) -> None:
    assert client.post("/start/screening/", answers or ALL_NO).status_code == 302
    assert (
        client.post("/start/history/", {"trained": "no", "baseline_pain": "3"}).status_code == 302
    )
    assert client.post("/start/equipment/", {"equipment": ["mat", "wall"]}).status_code == 302


def _schedule(start: dt.date, **extra: Any) -> dict[str, Any]:
    return {
        "painful_side": "left",
        "start_date": start.isoformat(),
        "weekdays": ["0", "2", "4"],
        **extra,
    }


# --- onboarding -----------------------------------------------------------------------------------


def test_home_sends_a_new_person_through_today_to_the_first_step() -> None:
    client = logged_in_client(make_user("kari"))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/start/screening/"
    html = response.content.decode()
    for question in coach.screening_questions():
        assert question.text in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_wizard_saves_nothing_until_its_last_step_then_plans() -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    _wizard_to_schedule(client)
    assert not coach.has_profile(user)
    today = today_for(user)
    response = client.post("/start/schedule/", _schedule(today))
    assert response.status_code == 302 and response["Location"] == "/today/"
    profile = coach.get_profile(user)
    assert profile.painful_side == "left"
    assert profile.equipment == ("mat", "wall")
    assert profile.weekdays == (0, 2, 4)
    assert profile.baseline_pain == 3
    assert profile.screening_status == "clear"
    assert client.get("/start/").headers["Location"] == "/today/"
    assert client.get("/start/history/").headers["Location"] == "/today/"


def test_a_later_step_cannot_be_reached_before_the_earlier_ones() -> None:
    client = logged_in_client(make_user("kari"))
    assert client.get("/start/schedule/")["Location"] == "/start/screening/"
    assert client.get("/start/nonsense/")["Location"] == "/start/"


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("screening", {**ALL_NO, "E1": "maybe"}, "Select a valid choice"),
        ("screening", {k: v for k, v in ALL_NO.items() if k != "E1"}, "Please answer this"),
        ("history", {"trained": "no", "baseline_pain": "11"}, "Choose a number from 0 to 10."),
        ("history", {}, "This field is required"),
        ("equipment", {"equipment": ["jetpack"]}, "Select a valid choice"),
        ("schedule", {"painful_side": "middle"}, "Select a valid choice"),
        ("schedule", {"weekdays": []}, "Choose at least one day"),
        ("schedule", {"start_date": "2020-01-01"}, "Choose a date from"),
        ("schedule", {"start_date": "tomorrow-ish"}, "Enter a valid date"),
    ],
)
def test_bad_input_on_a_wizard_step_shows_the_form_again(
    step: str, data: dict[str, Any], message: str
) -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    if step != "screening":
        _wizard_to_schedule(client)
    if step == "schedule":
        data = {**_schedule(today_for(user)), **data}
    before = diary_rows()
    response = client.post(f"/start/{step}/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert diary_rows() == before
    assert not coach.has_profile(user)


BLANK_FOLLOW_UP = {**ALL_NO, "S5C": ""}
"""Every red flag "no" and S5C ("If the knee was operated on in the last 6 months: ...") left
blank, as the page posts it when it does not apply."""
PAGES_OF_A_NEW_PERSON = (
    "/",
    "/today/",
    "/settings/",
    "/start/history/",
    "/start/screening/?again=1",
)


def test_a_blank_optional_screening_answer_is_left_out_not_refused() -> None:
    client = logged_in_client(make_user("kari"))
    response = client.post("/start/screening/", BLANK_FOLLOW_UP)
    assert response.status_code == 302 and response["Location"] == "/start/history/"
    assert "S5C" not in client.session["kc_onboarding"]["screening"]
    for url in PAGES_OF_A_NEW_PERSON:
        assert client.get(url, follow=True).status_code == 200, url


def test_a_screening_answer_the_session_cannot_take_is_dropped_not_a_lockout() -> None:
    client = logged_in_client(make_user("kari"))
    _wizard_to_schedule(client)
    session = client.session
    session["kc_onboarding"] = {**session["kc_onboarding"], "screening": {**ALL_NO, "E1": "x"}}
    session.save()
    for url in PAGES_OF_A_NEW_PERSON:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert 'name="E1"' in response.content.decode(), url
    assert "screening" not in client.session["kc_onboarding"]
    assert client.post("/start/screening/", ALL_NO)["Location"] == "/start/history/"


@pytest.mark.parametrize(("question", "heading"), [("E1", "Call the emergency number now")])
def test_a_red_flag_stops_the_wizard_with_the_advice(question: str, heading: str) -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    response = client.post("/start/screening/", {**ALL_NO, question: "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert "programme stays locked" in html
    for step in ("history", "equipment", "schedule"):
        assert client.get(f"/start/{step}/")["Location"] == "/start/screening/"
    assert client.get("/today/", follow=True).redirect_chain[-1][0] == "/start/screening/"
    assert heading in client.get("/start/screening/").content.decode()
    assert not coach.has_profile(user)
    # A clinician has seen them: the questions can be answered again.
    again = client.get("/start/screening/?again=1").content.decode()
    assert 'name="E1"' in again
    assert client.post("/start/screening/", ALL_NO)["Location"] == "/start/history/"


def test_an_urgent_flag_is_urgent_and_a_soon_flag_lets_the_wizard_go_on() -> None:
    urgent = next(q.id for q in coach.screening_questions() if q.level == "urgent")
    soon = next(q.id for q in coach.screening_questions() if q.level == "soon")
    client = logged_in_client(make_user("kari"))
    html = client.post("/start/screening/", {**ALL_NO, urgent: "not_sure"}).content.decode()
    assert "See a doctor today" in html
    client = logged_in_client(make_user("ola"))
    assert client.post("/start/screening/", {**ALL_NO, soon: "yes"})["Location"] == (
        "/start/history/"
    )
    assert "Book a check with your GP" in client.get("/start/history/").content.decode()


def test_the_wizard_in_norwegian_asks_in_norwegian() -> None:
    client = logged_in_client(make_user("kari"))
    client.cookies["django_language"] = "nb"
    html = client.get("/start/screening/").content.decode()
    assert coach.screening_questions("nb")[0].text in html
    assert "Usikker" in html


# --- today ----------------------------------------------------------------------------------------


def test_today_shows_a_card_per_exercise_with_its_figure_dose_and_forms() -> None:
    user = onboarded("kari")
    response = logged_in_client(user).get("/today/")
    html = response.content.decode()
    page = response.context["page"]
    assert page.session.kind == "training"
    for item in page.session.items:
        assert f'id="ex-{item.exercise}"' in html
        assert f'id="kc-{item.performed_as}-title"' in html  # the figure of what is done
    assert "<animate" in html
    assert "3 sets of 8 reps" in html and "on each leg" in html
    assert 'data-kind="work"' in html  # the countdown for the timed exercise
    assert html.count('class="log-set"') == len(page.session.items)
    assert 'script src="/static/patient/today.js"' in html
    assert " style=" not in html and "<style" not in html  # nothing the CSP would block


def test_today_and_its_json_twin_are_the_same_value() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    assert_json_twin(client.get("/today/").context["page"], client.get("/api/today"))
    yesterday = today_for(user) - dt.timedelta(days=1)
    assert_json_twin(
        client.get(f"/today/{yesterday}/").context["page"], client.get(f"/api/today/{yesterday}")
    )


def test_a_new_person_is_sent_to_onboarding_from_every_page() -> None:
    client = logged_in_client(make_user("kari"))
    for url in ("/today/", "/settings/", "/settings/screening/", "/today/2026-01-01/"):
        assert client.get(url)["Location"] == "/start/", url


def test_a_future_day_or_a_malformed_date_is_refused() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    tomorrow = today_for(user) + dt.timedelta(days=1)
    response = client.get(f"/today/{tomorrow}/")
    assert response.status_code == 422
    assert "in the future" in response.content.decode()
    assert client.get("/today/2026-02-31/").status_code == 404


def _set(exercise: str = "vmo-lift", **fields: Any) -> dict[str, Any]:
    return {
        "exercise": exercise,
        "set_number": "1",
        "side": "right",
        "reps": "8",
        "pain": "2",
        "load": "",
        "note": "",
        **fields,
    }


def test_logging_a_set_without_javascript_redirects_back_to_the_card() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    today = today_for(user)
    response = client.post(f"/today/{today}/sets/", _set(note="<script>alert(1)</script>"))
    assert response.status_code == 302
    assert response["Location"] == "/today/#ex-vmo-lift"
    row = models.LoggedSet.objects.get()
    assert (row.side, row.reps, row.pain) == ("right", 8, 2)
    html = client.get("/today/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Set 1 (right) logged." in html
    # The form moved on: set 1 of the left leg is next.
    card = html[html.index('id="ex-vmo-lift"') :]
    form = card[card.index('class="log-set"') :]
    assert '<option value="left" selected>' in form[: form.index("</form>")]
    assert "Log set 1 of 3, left leg" in form
    assert 'name="pain" value="2" id="id_vmo-lift_pain_2" checked' not in form  # not pre-filled


def test_logging_a_past_day_returns_to_that_day() -> None:
    user = onboarded("kari")
    yesterday = today_for(user) - dt.timedelta(days=1)
    response = logged_in_client(user).post(
        f"/today/{yesterday}/sets/", _set("glute-bridge", side="")
    )
    assert response["Location"] == f"/today/{yesterday}/#ex-glute-bridge"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pain": ""}, "Choose a number from 0 to 10."),
        ({"pain": "11"}, "Choose a number from 0 to 10."),
        ({"pain": "two"}, "Choose a number from 0 to 10."),
        ({"side": ""}, "give the side (left or right)"),
        ({"reps": "", "seconds": ""}, "Reps: enter a whole number from 0 to 500."),
        ({"exercise": "moonwalk"}, "unknown exercise"),
        ({"set_number": "0"}, "Set: enter a whole number from 1 to 20."),
        ({"load": "x" * 41}, "at most 40 characters"),
        ({"seconds": "30"}, "counted in reps, not seconds"),
    ],
)
def test_a_bad_set_shows_the_form_again_and_saves_nothing(
    data: dict[str, Any], message: str
) -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    client.post(f"/today/{today_for(user)}/sets/", _set())  # one set already saved
    before = diary_rows()
    response = client.post(f"/today/{today_for(user)}/sets/", _set(**{"set_number": "2", **data}))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert diary_rows() == before


def test_a_set_for_tomorrow_is_refused() -> None:
    user = onboarded("kari")
    before = diary_rows()
    tomorrow = today_for(user) + dt.timedelta(days=1)
    response = logged_in_client(user).post(f"/today/{tomorrow}/sets/", _set())
    assert response.status_code == 422
    assert diary_rows() == before


def test_pain_after_the_session_is_saved_and_bad_values_are_refused() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    today = today_for(user)
    url = f"/today/{today}/pain-after/"
    none_yet = client.post(url, {"pain": "3"})
    assert none_yet.status_code == 404
    assert "log a set first" in none_yet.content.decode()
    client.post(f"/today/{today}/sets/", _set())
    before = diary_rows()
    for bad in ("", "-1", "12"):
        assert client.post(url, {"pain": bad}).status_code == 422
    assert diary_rows() == before
    assert client.post(url, {"pain": "3"})["Location"] == "/today/"
    assert models.LoggedSession.objects.get().pain_after == 3
    assert "Pain after the session: 3/10" in client.get("/today/").content.decode()


def _trained_yesterday(user: Any, pain: int = 2) -> None:
    today = today_for(user)
    yesterday = today - dt.timedelta(days=1)
    view = coach.today(user, yesterday)
    sets = [
        coach.SetInput(
            exercise=item.exercise,
            set_number=1,
            side=item.sides[0] if item.sides else None,
            reps=item.dose.reps,
            seconds=item.dose.seconds,
            pain=pain,
        )
        for item in view.items
    ]
    coach.log_session(user, yesterday, sets, pain_after=pain, today_=yesterday)


def test_the_morning_after_a_session_today_asks_for_the_check_in() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    assert "Good morning" not in client.get("/today/").content.decode()
    _trained_yesterday(user)
    html = client.get("/today/").content.decode()
    assert "Good morning: how is the knee?" in html
    assert "Rest day" in html  # every other day for an untrained person
    assert "Next training day:" in html
    before = diary_rows()
    bad = client.post("/today/checkin/", {"pain": "eleven"})
    assert bad.status_code == 422 and "Choose a number from 0 to 10." in bad.content.decode()
    assert diary_rows() == before
    assert client.post("/today/checkin/", {"pain": "2", "stiffness": "on"})["Location"] == (
        "/today/"
    )
    saved = models.MorningCheckin.objects.get()
    assert (saved.pain, saved.stiffness, saved.swelling) == (2, True, False)
    assert "Good morning" not in client.get("/today/").content.decode()
    again = client.post("/today/checkin/", {"pain": "5"})
    assert again.status_code == 409
    assert "already saved" in again.content.decode()
    assert models.MorningCheckin.objects.get().pain == 2


def test_a_flare_turns_today_into_a_relief_day_with_the_advice() -> None:
    user = onboarded("kari", days_ago=2)
    _trained_yesterday(user, pain=3)
    coach.checkin(user, today_for(user), 6, cannot_bear_weight=True, today_=today_for(user))
    html = logged_in_client(user).get("/today/").content.decode()
    assert "A relief day: let the knee settle" in html
    assert "compression sleeve" in html and "cold pack" in html
    assert 'class="log-set"' not in html


def test_a_locked_screening_shows_the_advice_not_exercises() -> None:
    urgent = next(q.id for q in coach.screening_questions() if q.level == "urgent")
    user = onboarded("kari")
    coach.rescreen(user, {**ALL_NO, urgent: "yes"}, today_for(user))
    client = logged_in_client(user)
    response = client.get("/today/")
    html = response.content.decode()
    assert response.context["page"].locked
    assert "See a doctor today" in html
    assert 'class="log-set"' not in html
    assert_json_twin(response.context["page"], client.get("/api/today"))
    before = diary_rows()
    refused = client.post(f"/today/{today_for(user)}/sets/", _set())
    assert refused.status_code == 409
    assert diary_rows() == before


# --- settings -------------------------------------------------------------------------------------


def _settings(**fields: Any) -> dict[str, Any]:
    return {
        "trained": "yes",
        "equipment": ["mat"],
        "painful_side": "both",
        "weekdays": ["1", "3"],
        "language": "en",
        "units": "imperial",
        **fields,
    }


def test_settings_show_the_profile_and_save_every_field() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    response = client.get("/settings/")
    html = response.content.decode()
    assert_json_twin(response.context["page"], client.get("/api/settings"))
    assert 'href="/accounts/#tokens-heading"' in html
    assert 'href="/settings/screening/"' in html
    saved = client.post("/settings/", _settings())
    assert saved["Location"] == "/settings/"
    profile = coach.get_profile(user)
    assert (profile.trained, profile.painful_side, profile.equipment, profile.weekdays) == (
        True,
        "both",
        ("mat",),
        (1, 3),
    )
    assert Preferences.objects.get(user=user).units == "imperial"


def test_choosing_norwegian_saves_it_and_switches_the_pages() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    response = client.post("/settings/", _settings(language="nb"))
    assert response.cookies["django_language"].value == "nb"
    assert coach.get_profile(user).language == "nb"
    html = client.get("/today/").content.decode()
    assert '<html lang="nb">' in html
    assert "VMO-løft" in html or "I dag" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weekdays": []}, "Choose at least one day"),
        ({"units": "furlongs"}, "Select a valid choice"),
        ({"language": "klingon"}, "Select a valid choice"),
        ({"equipment": ["jetpack"]}, "Select a valid choice"),
        ({"painful_side": "up"}, "Select a valid choice"),
    ],
)
def test_bad_settings_show_the_form_again_and_change_nothing(
    fields: dict[str, Any], message: str
) -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    before = diary_rows()
    response = client.post("/settings/", _settings(**fields))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert diary_rows() == before


def test_bad_settings_are_summed_up_at_the_top_of_the_form() -> None:
    """As onboarding does: a summary above the fields, read out on arrival, links to each
    field refused, so a message halfway down the page is not the only sign."""
    client = logged_in_client(onboarded("kari"))
    html = client.post("/settings/", _settings(weekdays=[])).content.decode()
    summary = html.index('class="error-summary" role="alert"')
    assert summary < html.index('name="weekdays"')
    assert 'href="#id_weekdays_0"' in html[summary:]


def test_the_screening_can_be_taken_again_from_settings() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    assert client.get("/settings/screening/").status_code == 200
    before = diary_rows()
    bad = client.post("/settings/screening/", {**ALL_NO, "E1": ""})
    assert bad.status_code == 422
    assert diary_rows() == before
    ok = client.post("/settings/screening/", ALL_NO)
    assert ok.status_code == 200 and "No warning signs" in ok.content.decode()
    assert models.ScreeningRecord.objects.filter(profile__user=user).count() == 2
    emergency = client.post("/settings/screening/", {**ALL_NO, "E1": "yes"})
    assert "Call the emergency number now" in emergency.content.decode()
    assert client.get("/today/").context["page"].locked


def test_every_patient_form_carries_a_csrf_token() -> None:
    user = onboarded("kari")
    _trained_yesterday(user)
    client = logged_in_client(user)
    for url in ("/today/", f"/today/{today_for(user) - dt.timedelta(days=1)}/", "/settings/"):
        html = client.get(url).content.decode()
        forms = re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert len(forms) > 2, url
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, url


def test_today_in_norwegian_is_norwegian_throughout() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    client.cookies["django_language"] = "nb"
    html = client.get("/today/").content.decode()
    for text in (
        "Registrer settet",
        "på hvert bein",
        "Hvil 45 sekunder mellom settene.",
        "Pausetidtaker",
        "Ingen sett registrert ennå.",
        "Knesmerte under settet",
        "Velg et tall fra 0 til 10.",
    ):
        assert text in html, text
    for text in ("Log this set", "on each leg", "Rest timer", "No sets logged yet."):
        assert text not in html, text
    settings = client.get("/settings/").content.decode()
    assert "Lagre innstillingene" in settings and "Dager du kan trene" in settings


def test_a_norwegian_profile_reads_the_coachs_notes_and_reasons_in_bokmal() -> None:
    """The Today page's "Notes from the coach" and "Why today's doses" are worded in the
    page's language, not stored English."""
    user = onboarded("ola", days_ago=2, language="nb")
    _trained_yesterday(user, pain=3)
    today = today_for(user)
    coach.checkin(user, today, 6, cannot_bear_weight=True, today_=today)
    client = logged_in_client(user)
    client.cookies["django_language"] = "nb"
    html = client.get("/today/").content.decode()
    english = coach.today(user, today, language="en")
    bokmal = coach.today(user, today, language="nb")
    assert bokmal.advice and bokmal.decisions, "the flare should leave notes and decisions"
    assert "Hvorfor dagens doser" in html
    # the relief card says the relief advice, once: not again among the notes or reasons
    assert html.count(escape(coach.relief_advice("nb"))) == 1
    for note in bokmal.advice:
        assert escape(note) in html, note
    for decision in bokmal.decisions:
        for reason in decision.reasons:
            assert escape(reason) in html, reason
    for note in english.advice:
        assert escape(note) not in html, note


@pytest.mark.parametrize(
    ("language", "ease", "stop"),
    [
        ("en", "That is above the limit of 5. Ease off now", "Stop the session now"),
        ("nb", "Det er over grensen på 5. Ta det roligere nå", "Avslutt økta nå"),
    ],
)
def test_a_set_above_the_pain_limit_is_answered_on_the_page_without_javascript(
    language: str, ease: str, stop: str
) -> None:
    """Issue 14 blocker 2: the page that follows a set above 5/10 says to ease off; at 8/10 it
    says to stop, and the day becomes the relief day."""
    user = onboarded("kari")
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    today = today_for(user)
    sore = client.post(f"/today/{today}/sets/", _set(pain="6"), follow=True)
    html = " ".join(sore.content.decode().split())
    assert ease in html and stop not in html
    flare = client.post(f"/today/{today}/sets/", _set(set_number="2", pain="8"), follow=True)
    html = " ".join(flare.content.decode().split())
    assert stop in html
    assert 'class="log-set"' not in html  # the relief day: no more sets to log


def test_the_same_set_again_asks_and_a_set_can_be_corrected_and_deleted() -> None:
    """Issue 14 (6): logging set 1 (right) again shows the form with the question and keeps the
    first entry; with "replace" it is corrected; the delete form removes it."""
    user = onboarded("kari")
    client = logged_in_client(user)
    today = today_for(user)
    client.post(f"/today/{today}/sets/", _set(pain="2"))
    again = client.post(f"/today/{today}/sets/", _set(pain="4"))
    assert again.status_code == 409
    assert "Set 1 (right) is logged already. Replace it with these numbers?" in (
        again.content.decode()
    )
    assert models.LoggedSet.objects.get().pain == 2
    fixed = client.post(f"/today/{today}/sets/", _set(pain="4", replace="on"))
    assert fixed.status_code == 302 and models.LoggedSet.objects.get().pain == 4
    gone = client.post(
        f"/today/{today}/sets/delete/", {"exercise": "vmo-lift", "set_number": "1", "side": "right"}
    )
    assert gone.status_code == 302
    assert not models.LoggedSet.objects.exists()


def test_today_shows_the_cues_and_drawing_of_the_version_the_person_does() -> None:
    """Issue 14 (3): without a ball (a towel at hand) the wall squat is done with a towel, and
    its card says to squeeze the towel and draws no ball; without a band, side steps say
    nothing of a band."""
    user = onboarded("kari", days_ago=0, equipment=["mat", "wall", "towel"])
    html = logged_in_client(user).get("/today/").content.decode()
    squat = html[html.index('id="ex-wall-squat"') :]
    squat = squat[: squat.index("</article>")]
    assert "Keep squeezing the towel all the way down and up." in squat
    assert "squeezing the ball" not in squat and "#f3a712" not in squat  # no ball cue or drawing
    steps = html[html.index('id="ex-side-steps"') :]
    steps = steps[: steps.index("</article>")]
    assert "Keep the band tight" not in steps and "#e4572e" not in steps
    assert "#variant-side-steps-bodyweight" in steps  # the link opens the version's entry


def _card(html: str, exercise: str) -> str:
    card = html[html.index(f'id="ex-{exercise}"') :]
    return card[: card.index("</article>")]


def test_a_substitute_card_says_which_equipment_is_not_at_hand_and_where_to_change_it() -> None:
    """The walk-through: a mini band but no loop band for the ankles. The side steps card is the
    mini-band substitute, and it says so: it stands in for the banded exercise because the loop
    band is not at hand (not "a version that suits your knee now", a ladder variant's reason),
    with a link to the equipment in Settings. The JSON twin carries the equipment's name."""
    user = onboarded("kari", days_ago=0, equipment=["mat", "wall", "mini-band"])
    client = logged_in_client(user)
    steps = _card(client.get("/today/").content.decode(), "side-steps")
    assert (
        "In place of Side steps with a band, which needs something you do not have at hand: "
        "Loop band for the ankles." in steps
    )
    assert "suits your knee now" not in steps
    link = re.search(r'<a href="([^"]+)">Change your equipment in Settings</a>', steps)
    assert link is not None and link.group(1) == "/settings/#id_equipment"
    assert 'id="id_equipment"' in client.get("/settings/").content.decode()
    items = {i["exercise"]: i for i in client.get("/api/today").json()["session"]["items"]}
    assert items["side-steps"]["substitute_for_name"] == "Loop band for the ankles"
    assert items["glute-bridge"]["substitute_for_name"] is None  # done as itself
    client.cookies["django_language"] = "nb"
    norsk = _card(client.get("/today/").content.decode(), "side-steps")
    assert (
        "I stedet for Sidesteg med strikk, som trenger noe du ikke har tilgjengelig: "
        "Treningsstrikk i ring til anklene." in norsk
    )
    assert "Endre utstyret ditt i Innstillinger</a>" in norsk


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_coachs_notes_are_plain_sentences_with_the_pages_dates_and_relief_advice_once(
    language: str,
) -> None:
    """Issue 14 (8): each note a sentence (capital, full stop), dates as the page writes them,
    no ISO date, no "3 x 8 -> 3 x 8", the relief advice once."""
    user = onboarded("kari", days_ago=2)
    _trained_yesterday(user, pain=3)
    coach.checkin(user, today_for(user), 6, cannot_bear_weight=True, today_=today_for(user))
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    html = client.get("/today/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)  # no ISO date in what is read
    cold = {"en": "cold pack", "nb": "kald pakning"}[language]
    assert text.count(cold) == 1
    yesterday = today_for(user) - dt.timedelta(days=1)
    notes = coach.today(user, today_for(user), language=language).advice
    assert notes and all(n[0].isupper() and n.endswith((".", "!", "?")) for n in notes)
    progress = client.get("/progress/").content.decode()
    assert day_words(yesterday, language) in " ".join(progress.split()) or "decision" in progress
    for decision in coach.progress(user, today_for(user), language).decisions:
        assert decision.after is None or decision.after != decision.before


def test_today_writes_its_date_as_the_notes_do_in_both_languages() -> None:
    """Issue 14 (8, and the minor "one date format per language"): the page's heading and the
    coach's notes write a day alike, "Friday 4 December" / "fredag 4. desember"."""
    user = onboarded("kari")
    client = logged_in_client(user)
    for language in ("en", "nb"):
        client.cookies["django_language"] = language
        html = client.get("/today/").content.decode()
        assert f'<span class="date">{day_words(today_for(user), language)}</span>' in html


def test_the_web_check_in_offers_cannot_bear_weight_as_the_terminal_does() -> None:
    """Issue 14 (minor): the page asks what ``kneecoach checkin --cannot-bear-weight`` asks, and
    the answer turns the day into relief with the advice to see a clinician."""
    user = onboarded("kari", days_ago=2)
    _trained_yesterday(user, pain=2)
    client = logged_in_client(user)
    assert "I cannot put weight on the leg normally" in client.get("/today/").content.decode()
    answers = {"pain": "3", "cannot_bear_weight": "on"}
    response = client.post("/today/checkin/", answers, follow=True)
    html = response.content.decode()
    assert "see a clinician today" in html
    assert models.MorningCheckin.objects.get().cannot_bear_weight is True
    assert coach.today(user, today_for(user)).kind == "relief"


def test_today_counts_exercises_done_and_closes_with_a_summary() -> None:
    """Issue 14 (6): "3 of 7 exercises done" as the day fills in, a finished exercise ticked
    off and folded, and when every prescribed set is logged a summary: what was done, the
    highest pain, what happens next."""
    user = onboarded("kari", days_ago=0)
    today = today_for(user)
    client = logged_in_client(user)
    items = coach.today(user, today).items
    html = client.get("/today/").content.decode()
    assert f"0 of {len(items)} exercises done" in html and 'id="summary"' not in html
    for index, item in enumerate(items):
        for number in range(1, item.dose.sets + 1):
            for side in item.sides or (None,):
                data = coach.SetInput(
                    exercise=item.exercise,
                    set_number=number,
                    side=side,
                    reps=item.dose.reps,
                    seconds=item.dose.seconds,
                    pain=3 if index else 6,
                )
                coach.log_set(user, today, data, today_=today)
        if index == 0:
            html = client.get("/today/").content.decode()
            assert f"1 of {len(items)} exercises done" in html
            card = html[html.index(f'id="ex-{item.exercise}"') :]
            card = card[: card.index("</article>")]
            assert '<details class="card-body">' in card  # ticked off and folded: not open
    html = " ".join(client.get("/today/").content.decode().split())
    assert "Session done. Well done!" in html
    assert f"You did all {len(items)} exercises" in html
    assert "Your highest pain during the session was 6 out of 10." in html
    assert "will not step up the doses that hurt" in html
