"""Issue 14's minor items on the patient pages, through Django's test client: the screening's
wording, its error summary and tap-to-call numbers, Today's weekly re-screening reminder."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from tests.web.access import PASSWORD, logged_in_client, make_user
from tests.web.patient.conftest import ALL_NO, onboarded, today_for

pytestmark = pytest.mark.django_db


def _questions(html: str) -> list[str]:
    return re.findall(r"<legend>(.*?)</legend>", html, flags=re.S)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_first_screening_asks_without_double_negatives_or_a_programme_it_lacks(
    language: str,
) -> None:
    client = logged_in_client(make_user("ny"))
    client.cookies["django_language"] = language
    questions = _questions(client.get("/start/screening/").content.decode())
    assert len(questions) == len(coach.screening_questions())
    text = " ".join(questions)
    # "have you been unable ..., or can you not bend": a "No" then means two things at once
    for double in ("unable to take 4", "can you not", "no longer", "ikke klart", "ikke lenger"):
        assert double not in text
    # a first screening has no programme yet to have followed for 2-3 weeks
    for programme in ("programme", "programmet"):
        assert programme not in text


def test_missed_questions_are_listed_at_the_top_with_links_to_them() -> None:
    client = logged_in_client(make_user("ny"))
    answers = {k: v for k, v in ALL_NO.items() if k not in ("E1", "U3")}
    response = client.post("/start/screening/", answers)
    assert response.status_code == 422
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', html, flags=re.S)
    assert summary, "no error summary"
    assert "2 answers are missing or wrong" in summary.group(0)
    links = re.findall(r'<a href="#([^"]+)">', summary.group(0))
    assert links == ["id_E1_0", "id_U3_0"]
    for target in links:
        assert f'id="{target}"' in html
    # the summary comes before the first question
    assert html.index("error-summary") < html.index("<legend>")


def test_the_rescreen_form_has_the_summary_too_in_norwegian() -> None:
    client = logged_in_client(onboarded("kari"))
    client.cookies["django_language"] = "nb"
    html = client.post("/settings/screening/", {**ALL_NO, "E1": ""}).content.decode()
    assert 'class="error-summary"' in html and 'href="#id_E1_0"' in html
    assert "1 svar mangler eller er feil" in html


@pytest.mark.parametrize(
    ("language", "numbers"),
    [("en", ["113", "112", "999", "911"]), ("nb", ["113"])],
)
def test_emergency_numbers_are_tap_to_call_links(language: str, numbers: list[str]) -> None:
    client = logged_in_client(make_user("ny"))
    client.cookies["django_language"] = language
    html = client.post("/start/screening/", {**ALL_NO, "E1": "yes"}).content.decode()
    for number in numbers:
        assert f'<a class="tel" href="tel:{number}">{number}</a>' in html


def test_an_urgent_verdict_links_the_out_of_hours_number() -> None:
    client = logged_in_client(make_user("ny"))
    html = client.post("/start/screening/", {**ALL_NO, "U3": "yes"}).content.decode()
    assert '<a class="tel" href="tel:116117">116 117</a>' in html


def _answered_days_ago(user: User, days: int) -> None:
    models.ScreeningRecord.objects.filter(profile__user=user).update(
        answered_on=today_for() - dt.timedelta(days=days)
    )


def test_today_reminds_of_the_weekly_safety_questions_when_they_are_due() -> None:
    user = onboarded("kari", days_ago=8)
    client: Client = logged_in_client(user)
    _answered_days_ago(user, 6)
    assert "this week's safety questions" not in client.get("/today/").content.decode()
    _answered_days_ago(user, 7)
    html = client.get("/today/").content.decode()
    assert "Time for this week's safety questions" in html
    assert 'href="/settings/screening/"' in html
    client.post("/settings/screening/", ALL_NO)
    assert "this week's safety questions" not in client.get("/today/").content.decode()


def test_during_onboarding_the_wizard_says_why_the_navigation_leads_back() -> None:
    client = logged_in_client(make_user("ny"))
    for page in ("/today/", "/plan/", "/progress/", "/settings/"):
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1][0] == "/start/screening/"
        assert "until then their links bring you back here" in response.content.decode()


def test_settings_show_one_language_control_the_footers() -> None:
    client = logged_in_client(onboarded("kari"))
    html = client.get("/settings/").content.decode()
    assert html.count('name="language"') == 3  # the footer's two buttons, the form's hidden copy
    assert 'type="hidden" name="language" value="en"' in html
    assert 'action="/settings/language/"' in html


def test_the_footer_choice_is_kept_on_the_profile_and_applied_at_the_next_sign_in() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    response = client.post("/settings/language/", {"language": "nb", "next": "/plan/"})
    assert response.status_code == 302 and response["Location"] == "/plan/"
    assert response.cookies["django_language"].value == "nb"
    assert coach.get_profile(user).language == "nb"
    # another device: no cookie; signing in there brings the account's language
    fresh = Client()
    signed_in = fresh.post(
        "/accounts/login/", {"username": "kari", "password": PASSWORD}, follow=True
    )
    assert signed_in.redirect_chain
    assert '<html lang="nb">' in signed_in.content.decode()


def test_the_footer_refuses_a_foreign_next_and_an_unknown_language() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    response = client.post(
        "/settings/language/", {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies
    assert coach.get_profile(user).language == "en"


def test_an_anonymous_visitor_chooses_for_the_session_only() -> None:
    response = Client().post("/settings/language/", {"language": "nb", "next": "/"})
    assert response.cookies["django_language"].value == "nb"


@pytest.mark.parametrize(
    ("language", "written"), [("en", "{d} {month} {y}"), ("nb", "{d}. {month} {y}")]
)
def test_settings_write_the_screening_date_as_the_pages_do(language: str, written: str) -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    day = today_for(user) - dt.timedelta(days=1)
    months = {
        "en": "January February March April May June July August September October November "
        "December",
        "nb": "januar februar mars april mai juni juli august september oktober november desember",
    }[language].split()
    expected = written.format(d=day.day, month=months[day.month - 1], y=day.year)
    html = client.get("/settings/").content.decode()
    assert expected in html, expected


def test_the_home_page_shows_how_it_works_in_three_pictures() -> None:
    client = Client()
    html = client.get("/").content.decode()
    steps = re.search(r'<ol class="how-it-works">(.*?)</ol>', html, flags=re.S)
    assert steps, "no how-it-works list"
    figures = re.findall(r'<img src="(/exercises/[a-z-]+/figure\.svg\?lang=en)"', steps.group(1))
    assert len(figures) == 3
    for figure in figures:
        response = client.get(figure)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]  # the URL names its language
    assert '<a class="button secondary" href="/exercises/">' in html
