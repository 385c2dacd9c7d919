"""The Exercise library: public pages and JSON, illustrations as SVG images, 404s, Norwegian."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Substitute, Variant
from kneecoach.web.insights import pages
from tests.web.access import assert_json_twin

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_can_browse_the_library() -> None:
    client = Client()
    response = client.get("/exercises/")
    assert response.status_code == 200
    html = response.content.decode()
    for exercise in default_catalog().exercises:
        assert f'href="/exercises/{exercise.slug}/"' in html
        assert f'src="/exercises/{exercise.slug}/figure.svg?lang=en"' in html
    assert_json_twin(response.context["page"], client.get("/api/exercises"))


@pytest.mark.parametrize("slug", default_catalog().slugs)
def test_each_exercise_page_shows_everything(slug: str) -> None:
    client = Client()
    response = client.get(f"/exercises/{slug}/")
    assert response.status_code == 200
    page = response.context["page"]
    exercise = default_catalog().require(slug)
    html = response.content.decode()
    for text in (*exercise.instructions.en, *exercise.cues.en):
        assert escape(text) in html
    for fault in exercise.faults:
        assert escape(fault.text.en) in html and escape(fault.fix.en) in html
    versions: tuple[Variant | Substitute, ...] = (
        *exercise.regressions,
        *exercise.progressions,
        *exercise.substitutes,
    )
    for variant in versions:
        assert escape(variant.name.en) in html
    assert page.dose_text in html
    assert 'style="' not in html and "<script" not in html
    assert_json_twin(page, client.get(f"/api/exercises/{slug}"))


def test_dose_range_text() -> None:
    body = Client().get("/api/exercises/side-steps").json()
    assert body["dose_text"] == "2–3 sets of 10–15 reps each side"
    walks = Client().get("/api/exercises/monster-walks").json()
    assert walks["dose_text"].endswith("s") and "sets of" in walks["dose_text"]


def test_an_unknown_exercise_is_a_404_in_the_error_style() -> None:
    page = Client().get("/exercises/no-such-thing/")
    assert page.status_code == 404
    assert "unknown exercise" in page.content.decode()
    api = Client().get("/api/exercises/no-such-thing")
    assert api.status_code == 404
    assert api.json()["field"] == "exercise"
    assert Client().get("/exercises/no-such-thing/figure.svg?lang=en").status_code == 404


@pytest.mark.parametrize("slug", default_catalog().slugs)
def test_the_illustration_is_an_animated_svg_image_with_its_own_policy(slug: str) -> None:
    response = Client().get(f"/exercises/{slug}/figure.svg?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<animate" in svg and "<script" not in svg
    assert "default-src 'none'" in response["Content-Security-Policy"]
    still = Client().get(f"/exercises/{slug}/figure.svg?lang=en&still=1").content.decode()
    assert "<animate" not in still


def test_a_bad_still_parameter_names_it() -> None:
    response = Client().get("/exercises/clamshell/figure.svg?still=yes")
    assert response.status_code == 422
    assert "still" in response.content.decode()


def test_a_bad_still_parameter_names_it_with_a_language_too() -> None:
    response = Client().get("/exercises/clamshell/figure.svg?lang=nb&still=yes")
    assert response.status_code == 422
    assert "still" in response.content.decode()


SVG_TITLE = re.compile(r"<title[^>]*>(?P<title>[^<]*)</title>")


def _svg_title(svg: bytes) -> str:
    match = SVG_TITLE.search(svg.decode())
    assert match is not None, svg[:200]
    return match.group("title")


def _figure_srcs(html: str, slug: str) -> list[str]:
    return re.findall(rf'src="(/exercises/{slug}/figure\.svg[^"]*)"', html)


def test_the_figure_url_names_its_language_so_a_shared_cache_cannot_mix_them() -> None:
    """The figure's texts are in the page's language and its answer is ``public``: the URL must
    say which language it is, so a clinic's proxy or the browser keeps one copy per language.
    The answer depends on the URL alone (an English visitor asking for the ``nb`` URL gets the
    Norwegian picture, as a shared cache would hand it out)."""
    english, norwegian = Client(), Client()
    norwegian.cookies["django_language"] = "nb"
    srcs = {}
    for language, client in (("en", english), ("nb", norwegian)):
        for path in ("/exercises/", "/exercises/clamshell/", "/"):
            found = _figure_srcs(client.get(path).content.decode(), "clamshell")
            assert found, path
            assert all(f"?lang={language}" in src for src in found), (path, found)
        api = client.get("/api/exercises/clamshell").json()
        assert api["illustration_url"] == f"/exercises/clamshell/figure.svg?lang={language}"
        assert api["still_url"] == f"/exercises/clamshell/figure.svg?lang={language}&still=1"
        srcs[language] = api["illustration_url"]
    titles = {language: _svg_title(english.get(src).content) for language, src in srcs.items()}
    assert titles["en"] != titles["nb"]
    assert _svg_title(norwegian.get(srcs["en"]).content) == titles["en"]
    exercise = default_catalog().require("clamshell")
    assert exercise.name.nb in titles["nb"] and exercise.name.en in titles["en"]


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_figure_whose_url_names_its_language_says_that_content_language(language: str) -> None:
    """Its ``Content-Language`` is the URL's language, not the asker's (which ``LocaleMiddleware``
    would write): a shared cache hands the answer to everyone who asks for that URL."""
    for asker in ("en", "nb"):
        response = Client(headers={"accept-language": asker}).get(
            f"/exercises/clamshell/figure.svg?lang={language}"
        )
        assert response["Content-Language"] == language


def test_each_exercise_reverses_its_figure_route_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The moving and the still figure's URLs come from one ``reverse`` (the library lists both
    for every exercise), and are the same bytes as before."""
    names: list[str] = []
    real_reverse = reverse  # what pages.py imported

    def counting_reverse(name: str, *args: Any, **kwargs: Any) -> str:
        names.append(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(pages, "reverse", counting_reverse)
    page = pages.library_page("nb")
    assert names.count("exercise_figure") == len(page.exercises) > 0
    for exercise in page.exercises:
        assert exercise.illustration_url == f"/exercises/{exercise.slug}/figure.svg?lang=nb"
        assert exercise.still_url == f"/exercises/{exercise.slug}/figure.svg?lang=nb&still=1"
    assert pages.figure_url("clamshell", "nb") == "/exercises/clamshell/figure.svg?lang=nb"
    still = pages.figure_url("clamshell", "nb-NO", still=True)
    assert still == "/exercises/clamshell/figure.svg?lang=nb&still=1"


def test_a_page_for_paper_carries_its_figure_and_reverses_no_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A handout asks for the page with its figure inlined: that figure in both places, no link
    of its own, nothing reversed (so no URL configuration loaded), and the rest as on the web."""
    web = pages.exercise_page("clamshell", "nb")
    monkeypatch.setattr(pages, "reverse", lambda *args, **kwargs: pytest.fail("reversed"))
    figure = "data:image/svg+xml;base64,PHN2Zy8+"
    paper = pages.exercise_page("clamshell", "nb", figure=figure)
    assert (paper.illustration_url, paper.still_url, paper.url) == (figure, figure, "")
    links = {"illustration_url", "still_url", "url"}
    assert paper.model_dump(exclude=links) == web.model_dump(exclude=links)


def test_a_figure_without_a_language_is_drawn_in_the_askers_language() -> None:
    """Old links and bookmarks keep working: without ``lang`` the figure follows the request's
    language (and is not cached publicly: ``test_cache_control.py``)."""
    client = Client()
    client.cookies["django_language"] = "nb"
    unnamed = client.get("/exercises/clamshell/figure.svg").content
    assert _svg_title(unnamed) == _svg_title(
        Client().get("/exercises/clamshell/figure.svg?lang=nb").content
    )


@pytest.mark.parametrize("lang", ["de", "", "NB", "nb-NO"])
def test_an_unknown_figure_language_is_a_422_naming_lang(lang: str) -> None:
    response = Client().get(f"/exercises/clamshell/figure.svg?lang={lang}")
    assert response.status_code == 422
    assert "lang must be one of en, nb" in response.content.decode()


def test_the_library_in_norwegian() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "nb", "next": "/exercises/"})
    html = client.get("/exercises/").content.decode()
    assert "Sidesteg med strikk" in html
    assert "Øvelsene" in html
    detail = client.get("/exercises/side-steps/").content.decode()
    assert "Vanlige feil og hvordan du retter dem" in detail
    assert client.get("/api/exercises/side-steps").json()["dose_text"] == (
        "2–3 sett à 10–15 repetisjoner på hver side"
    )


FIGURE_PAUSE = re.compile(
    r'<input type="checkbox" class="figure-pause" id="figure-pause-(?P<slug>[\w-]+)">'
)


@pytest.mark.parametrize("path", ["/exercises/", "/exercises/vmo-lift/"])
def test_the_library_figures_have_a_pause_control(path: str) -> None:
    """Issue 14: as on Today, every figure can be paused (and, where the system asks for reduced
    motion, played): a checkbox that shows the still picture instead of the moving one, so it
    works without JavaScript; the page still has no script."""
    html = Client().get(path).content.decode()
    slugs = FIGURE_PAUSE.findall(html)
    expected = default_catalog().slugs if path == "/exercises/" else ("vmo-lift",)
    assert sorted(slugs) == sorted(expected)
    for slug in slugs:
        assert f'<label class="figure-toggle" for="figure-pause-{slug}">' in html
        figure = f"/exercises/{slug}/figure.svg?lang=en"
        assert f'class="figure-still" src="{figure}&amp;still=1"' in html  # & escaped in HTML
        assert f'class="figure-moving" src="{figure}"' in html
    assert html.count("Pause the drawing") == html.count("Play the drawing") == len(slugs)
    assert "<script" not in html


def test_the_pause_control_speaks_norwegian() -> None:
    client = Client()
    client.cookies["django_language"] = "nb"
    html = client.get("/exercises/clamshell/").content.decode()
    assert "Sett tegningen på pause" in html and "Spill av tegningen" in html
    assert "Figur som viser Musling, holdt i ro" in html


def test_the_stylesheet_swaps_the_pictures_and_honours_reduced_motion() -> None:
    found = finders.find("insights/insights.css")
    assert isinstance(found, str)
    text = Path(found).read_text(encoding="utf-8")
    assert ".figure .figure-pause:checked ~ .figure-still { display: block; }" in text
    reduced = text[text.index("@media (prefers-reduced-motion: reduce)") :]
    assert ".figure .figure-moving, .figure .when-moving { display: none; }" in reduced
