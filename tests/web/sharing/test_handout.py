"""The PDF handouts: read back with pypdf, a page rendered to an image with pdfium."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.contrib.auth.models import User
from django.utils import translation

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput
from kneecoach.exports.pdf import html_to_pdf
from kneecoach.web.coach import services as coach
from kneecoach.web.insights.services import exercise_page
from kneecoach.web.sharing import services
from tests.web.sharing.test_calendar_feed import done_as, onboard_without_equipment

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]  # lines joined


def first_page_image(data: bytes, name: str) -> tuple[int, int, float, int]:
    """Size, share of dark pixels and count of coloured pixels of the rendered first page; kept
    under KNEECOACH_SHOTS_DIR (when set) for a person to look at."""
    document = pypdfium2.PdfDocument(data)
    image = document[0].render(scale=1).to_pil().convert("RGB")
    shots = os.environ.get("KNEECOACH_SHOTS_DIR")
    if shots:
        image.save(Path(shots) / f"{name}.png")
    pixels = list(image.get_flattened_data())
    inked = sum(1 for r, g, b in pixels if r + g + b < 600)
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 80)
    return image.width, image.height, inked / len(pixels), coloured


def test_person_handout_has_their_doses_cues_pain_rules_and_a_logging_sheet(
    owner: User, today: dt.date
) -> None:
    data = services.handout_pdf(owner, today, "en")
    assert data.startswith(b"%PDF-")
    pages = pdf_text(data)
    text = "\n".join(pages)
    assert "Your knee exercise programme" in pages[0]
    assert "For olivia" in pages[0]
    explain = coach.explain(owner, today, "en")
    for dose in explain.doses:
        assert dose.text.split(" (")[0] in text  # each of today's doses
    assert "Clamshell" in text
    assert "Cues" in text
    assert "up to 5 out of 10 is acceptable" in text  # the pain rules, in plain words
    assert "Logging sheet" in text
    assert "Set 1: reps / pain" in text
    assert "Left: Right:" in text  # one-leg exercises are logged per side
    assert len(pages) >= 1 + len(explain.doses)  # the cover, a page per exercise, the sheet
    width, height, inked, _ = first_page_image(data, "handout-en")
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1  # A4 at 72 dpi
    assert 0.005 < inked < 0.5  # there is text on it, and it is not a black page


def test_a_printed_exercise_shows_the_still_figure_once_without_the_pages_pause_control(
    db: None,
) -> None:
    """The web page's figure comes with a checkbox, a moving and a still drawing and the label
    "Pause the drawing / Play the drawing"; on paper only the still one belongs."""
    data = services.exercise_handout_pdf("clamshell", "en")
    text = "\n".join(pdf_text(data))
    assert "Pause the drawing" not in text and "Play the drawing" not in text
    page = pypdfium2.PdfDocument(data)[0]
    frames = []  # each figure's 55 mm frame (1 px border): a path about 157 pt square
    for drawn in page.get_objects(max_depth=0):
        if drawn.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = drawn.get_bounds()
            if abs(right - left - 157) < 3 and abs(top - bottom - 157) < 3:
                frames.append(drawn)
    assert len(frames) == 1  # the still figure, once (the moving one was drawn above it)


def test_person_handout_in_norwegian(owner: User, today: dt.date) -> None:
    text = "\n".join(pdf_text(services.handout_pdf(owner, today, "nb")))
    assert "Ditt kneprogram" in text
    assert "Loggark" in text


def test_a_bokmal_handouts_library_pages_word_their_focus_and_dose_range_in_bokmal(
    owner: User, today: dt.date
) -> None:
    """The terminal prints outside a request, where gettext speaks English: each exercise's
    page said "Knee focus" and "3–4 sets of 8–10 reps each side" on a Bokmål handout."""
    text = "\n".join(pdf_text(services.handout_pdf(owner, today, "nb")))
    catalog = default_catalog()
    with translation.override("nb"):
        pages = [  # the exercises' pages printed: those whose steps hold for what is done
            exercise_page(p.exercise, "nb")
            for p in coach.programme_snapshot(owner, today).prescriptions
            if catalog.require(p.exercise).steps_hold_for(p.performed_as)
        ]
    assert pages
    for page in pages:
        assert page.dose_text in text and page.focus_label in text
    assert "sets of" not in text and "Knee focus" not in text and "Hip focus" not in text


def test_library_handout_per_exercise_has_the_figure(db: None) -> None:
    data = services.exercise_handout_pdf("wall-squat", "en")
    text = "\n".join(pdf_text(data))
    assert "Wall squat" in text and "How to do it" in text and "Let pain guide you" in text
    *_, coloured = first_page_image(data, "exercise-wall-squat")
    assert coloured > 100  # the figure (the only colour on the page) is drawn


def test_a_handout_fetches_nothing_but_data_uris() -> None:
    with pytest.raises(InvalidInput) as error:
        html_to_pdf('<img src="file:///etc/passwd">')
    assert error.value.field == "html"


def test_a_handout_asked_for_again_is_the_pdf_a_new_layout_gives(
    owner: User, today: dt.date
) -> None:
    """The memo in ``html_to_pdf`` serves the second download: the same pages with the same text
    (and the same bytes) as laying the handout out again."""
    services.handout_pdf(owner, today, "en")  # laid out here, or kept from a test before
    again = services.handout_pdf(owner, today, "en")  # from the memo
    html_to_pdf.cache_clear()
    fresh = services.handout_pdf(owner, today, "en")  # laid out anew
    kept, laid_out = pdf_text(again), pdf_text(fresh)
    assert len(kept) == len(laid_out) > 2  # the same pages
    assert kept == laid_out  # with the same text
    assert again == fresh


def test_a_person_without_equipment_gets_a_handout_naming_what_they_do_instead(
    today: dt.date,
) -> None:
    """No band, no cable machine: the handout's table, each exercise's dose line and the logging
    sheet name the substitute Today gives, beside the exercise it stands for."""
    user = onboard_without_equipment("nils", today)
    text = "\n".join(pdf_text(services.handout_pdf(user, today, "en")))
    catalog = default_catalog()
    curl = done_as(user, today)["hamstring-curl"]
    assert curl != "hamstring-curl"
    cable = coach.exercise_name(catalog, "hamstring-curl", "en")
    home = coach.exercise_name(catalog, curl, "en")
    assert f"{home} (in place of {cable})" in text
    assert f"Your dose: {home}, 2 x 10 reps each side" in text


def test_a_person_without_a_cable_machine_is_printed_how_to_do_their_curl_not_the_cables(
    today: dt.date,
) -> None:
    """The page printed for an exercise done as a substitute was the exercise's: the cable
    machine's starting position, steps and faults for a person without one. It is the
    substitute's own: its "how" and cues, under its name and the exercise it stands in for."""
    user = onboard_without_equipment("nils", today)
    text = "\n".join(pdf_text(services.handout_pdf(user, today, "en")))
    catalog = default_catalog()
    curl = catalog.require("hamstring-curl")
    done = done_as(user, today)["hamstring-curl"]
    version = curl.version(done)
    assert version is not None and not curl.steps_hold_for(done)

    def printed(words: str) -> bool:
        return " ".join(words.split()) in text

    assert printed(version.how.en)
    assert all(printed(cue) for cue in curl.cues_for(done).en)
    missing = catalog.equipment_name(getattr(version, "when_missing", ""), "en")
    assert printed(
        f"In place of {curl.name.en}, which needs something you do not have at hand: {missing}."
    )
    cable = (curl.starting_position.en, *curl.instructions.en, *(f.text.en for f in curl.faults))
    assert not any(printed(words) for words in cable)


def test_a_person_without_a_mat_is_printed_the_vmo_lifts_steps_for_their_lift_on_a_rug(
    today: dt.date,
) -> None:
    """A rug or a bed in place of the mat changes none of the VMO lift's steps (its substitute
    says ``steps_hold``): the handout printed the substitute's one sentence and left out the
    starting position, steps and faults. It prints both, under the substitute's name."""
    user = onboard_without_equipment("nils", today)
    text = " ".join("\n".join(pdf_text(services.handout_pdf(user, today, "en"))).split())
    catalog = default_catalog()
    lift = catalog.require("vmo-lift")
    done = done_as(user, today)["vmo-lift"]
    version = lift.version(done)
    assert version is not None and getattr(version, "when_missing", "") == "mat"

    def printed(words: str) -> bool:
        return " ".join(words.split()) in text

    assert printed(version.how.en)
    assert printed(f"In place of {lift.name.en}, which needs something you do not have at hand:")
    steps = (lift.starting_position.en, *lift.instructions.en, *(f.text.en for f in lift.faults))
    assert all(printed(words) for words in steps)
