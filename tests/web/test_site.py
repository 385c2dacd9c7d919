"""Site-wide pages: home, error pages, navigation, language switching, static files."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import ClassVar

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from kneecoach.web import views
from kneecoach.web.insights import services as insights
from kneecoach.web.insights.services import figure_url
from kneecoach.web.navigation import nav_links
from tests.web.access import logged_in_client, make_user, streamed

pytestmark = pytest.mark.django_db
LOCALE = Path(__file__).resolve().parents[2] / "src/kneecoach/web/locale"


def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("today")


urlpatterns = [
    path("today/", _page, name="today"),
    path("library/", _page, name="library"),
    path("", include("kneecoach.web.urls")),
]


def test_home_page_for_visitors_offers_sign_up_and_log_in() -> None:
    response = Client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert 'href="/exercises/"' in html and "How it works" in html  # issue 14 (minor)


def _home_figures(html: str) -> list[str]:
    section = html.split('<ol class="how-it-works">')[1].split("</ol>")[0]
    return [unescape(src) for src in re.findall(r'<img src="([^"]+)"', section)]


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_home_page_figure_urls_are_figure_url(language: str) -> None:
    """The home page writes its figures' URLs as every other page does (``figure_url``), in
    the page's language, not by hand."""
    client = Client()
    client.cookies["django_language"] = language
    found = _home_figures(client.get("/").content.decode())
    assert found == [figure_url(slug, language) for slug in views.HOW_IT_WORKS_FIGURES]
    assert len(found) == 3


def test_the_home_page_follows_a_change_of_figure_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Written by ``figure_url`` itself: a new form of the URL (a version, say) reaches the
    home page too, as it reaches the library, the exercise pages and the API."""
    monkeypatch.setattr(insights, "figure_url", lambda slug, lang: f"/f/{slug}.svg?v=2&lang={lang}")
    found = _home_figures(Client().get("/").content.decode())
    assert found == [
        f"/f/{slug}.svg?v=2&lang=en" for slug in ("vmo-lift", "clamshell", "wall-squat")
    ]


class _HomeWithoutInsights:
    """The site without the insights app's routes (the figures, the library)."""

    urlpatterns: ClassVar = [
        path("", views.home, name="home"),
        path("accounts/", include("kneecoach.web.accounts.urls")),
        path("", include("kneecoach.web.patient.urls")),
    ]


def test_the_home_page_shows_no_figures_without_the_insights_app() -> None:
    with override_settings(ROOT_URLCONF=_HomeWithoutInsights):
        response = Client().get("/")
        assert response.status_code == 200
        assert _home_figures(response.content.decode()) == []


class _OnlyTodayAndLibrary:
    """A URL configuration with two of the nav's pages (override_settings takes an object)."""

    urlpatterns: ClassVar = [
        path("today/", _page, name="today"),
        path("library/", _page, name="library"),
    ]


def test_nav_lists_only_pages_that_exist() -> None:
    assert {"/plan/", "/progress/", "/exercises/"} <= {link.url for link in nav_links("/")}
    with override_settings(ROOT_URLCONF=_OnlyTodayAndLibrary):
        links = nav_links("/today/")
        assert [(link.url, link.current) for link in links] == [
            ("/today/", True),
            ("/library/", False),
        ]


@override_settings(ROOT_URLCONF=__name__)
def test_signed_in_home_goes_to_today_once_it_exists() -> None:
    client = logged_in_client(make_user("kari"))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    html = client.get("/accounts/").content.decode()
    assert '<nav class="main-nav" aria-label="Main">' in html
    assert 'href="/today/"' in html


def test_visitors_see_no_main_nav() -> None:
    assert "main-nav" not in Client().get("/").content.decode()


def test_switching_to_norwegian_translates_the_pages() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "nb", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="nb">' in html
    assert "Logg inn" in html
    assert "Glemt passordet?" in html


def test_404_page_uses_the_layout() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_template_renders_without_a_request_context() -> None:
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Something went wrong on our side" in html


def test_stylesheet_is_served_by_the_app() -> None:
    response = Client().get("/static/kneecoach/site.css")
    assert response.status_code == 200
    assert b":focus-visible" in streamed(response)


def test_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    """The committed .mo (so a fresh clone needs no gettext tools) is compiled from the .po."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) is not installed")
    source = LOCALE / "nb/LC_MESSAGES/django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(source)], check=True)
    with fresh.open("rb") as a, (LOCALE / "nb/LC_MESSAGES/django.mo").open("rb") as b:
        expected, committed = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    # typeshed leaves out GNUTranslations' private _catalog, the one place the messages are
    assert committed._catalog == expected._catalog, "run `make messages` and commit the .mo"  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/today/"])
def test_an_unknown_host_gets_a_plain_400_in_production(path: str) -> None:
    """Scanners send any Host header. The host check runs before AuthenticationMiddleware, so the
    400 page is rendered for a request without ``user`` (it was a 500)."""
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["knee.example.org"]):
        response = Client(HTTP_HOST="scanner.example").get(path)
        assert Client(HTTP_HOST="knee.example.org").get("/").status_code == 200
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bad request" in html
    assert "main-nav" not in html
