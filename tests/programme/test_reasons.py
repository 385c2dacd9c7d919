"""Decision reasons in English and Norwegian Bokmål (programme.reasons)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from kneecoach.catalog.loader import load_catalog
from kneecoach.programme.engine import advise
from kneecoach.programme.reasons import (
    TEMPLATES,
    Reason,
    describe_dose,
    reason_texts,
    stop_event_words,
)
from kneecoach.programme.values import STOP_EVENTS, Dose

from .fixtures import MONDAY, profile, sets_for, steady_diary

FIELD = re.compile(r"{(\w+)}")


def test_reason_templates_have_the_same_keys_and_placeholders_in_both_languages() -> None:
    assert TEMPLATES["en"].keys() == TEMPLATES["nb"].keys()
    for key, english in TEMPLATES["en"].items():
        assert set(FIELD.findall(english)) == set(FIELD.findall(TEMPLATES["nb"][key])), key


def test_reason_is_english_as_a_string_and_bokmal_on_demand() -> None:
    clam = load_catalog().require("clamshell")
    reason = Reason("pain_during_above", exercise=clam.name, pain=6, limit=5)
    assert str(reason) == "pain during Clamshell was 6/10, above the 5/10 limit"
    assert reason == str(reason) and "above the 5/10" in reason
    assert reason.text("nb") == f"smerte under {clam.name.nb} var 6/10, over grensen på 5/10"
    assert reason.text("de") == str(reason)  # any other language falls back to English
    assert reason_texts([reason, "free text"], "nb")[1] == "free text"


def test_reason_words_numbers_dates_and_doses_per_language() -> None:
    trend = Reason("weekly_trend", this_week=3.5, last_week=2.0)
    assert "3.5/10" in str(trend) and "3,5/10" in trend.text("nb")
    dated = Reason("no_checkin", date=date(2026, 11, 25))
    assert "Wednesday 25 November" in str(dated) and "onsdag 25. november" in dated.text("nb")
    assert "2026-11-25" not in str(dated)  # dates as the pages write them, never ISO
    dose = Dose("clamshell", 0, 3, reps=12, per_side=True)
    assert describe_dose(dose) == "3 x 12 reps each side"
    assert describe_dose(dose, "nb") == "3 x 12 repetisjoner på hver side"


def test_every_decision_of_a_replay_has_reasons_in_both_languages() -> None:
    """Over the shipped catalogue, a diary with progressions, a flare, relief and resume: every
    reason words itself in Bokmål, with catalogue names in Bokmål and no English left over."""
    catalog = load_catalog()
    diary = steady_diary(21, catalog=catalog)
    flare_day = MONDAY + timedelta(days=22)
    sore = sets_for("clamshell", pain=8)
    diary = replace(
        diary, sessions=(*diary.sessions, replace(diary.sessions[-1], date=flare_day, sets=sore))
    )
    advice = advise(profile(), catalog, diary, flare_day + timedelta(days=1))
    kinds = {d.kind for d in advice.decisions}
    assert {"progress", "hold", "relief"} <= kinds
    english_only = ("pain during", "the night", "sessions in a row", "next time", "was ")
    for decision in advice.decisions:
        english = decision.reason_texts("en")
        bokmal = decision.reason_texts("nb")
        assert english == tuple(str(r) for r in decision.reasons)
        assert len(bokmal) == len(english) and bokmal != english
        for text in bokmal:
            assert not any(words in text for words in english_only), text
    progressed = next(d for d in advice.decisions if d.kind == "progress")
    assert "neste gang:" in " ".join(progressed.reason_texts("nb"))
    explained = advice.explain("clamshell").lines("nb")
    assert explained[0].startswith(catalog.require("clamshell").name.nb)
    assert any("holder" in line or "øker" in line for line in explained)


def test_each_reason_is_shown_as_one_sentence_and_said_once() -> None:
    from kneecoach.programme.wording import sentence, sentences

    assert sentence("pain after the session was 6/10") == "Pain after the session was 6/10."
    assert sentence("Already a sentence.") == "Already a sentence."
    assert sentences(["rest the knee", "Rest the knee.", "ice it"]) == (
        "Rest the knee.",
        "Ice it.",
    )


def test_a_short_day_carries_its_year_only_when_asked() -> None:
    """``6 Dec 2026`` as the clinic's list dates what was said (Django's ``j M Y``), built by
    the helper rather than by each caller; ``Sun 6 Dec`` and ``6 Dec`` stay as they were."""
    from kneecoach.programme.wording import short_day_words

    day = date(2026, 12, 6)
    assert short_day_words(day, weekday=False, year=True) == "6 Dec 2026"
    assert short_day_words(day, year=True) == "Sun 6 Dec 2026"
    assert short_day_words(day) == "Sun 6 Dec"
    assert short_day_words(day, weekday=False) == "6 Dec"


def test_a_day_in_words_carries_its_year_only_when_asked() -> None:
    """``Sunday 6 December 2026`` for the terminal's headings, built by the helper rather than
    by each caller; in Bokmål ``søndag 6. desember 2026``."""
    from kneecoach.programme.wording import day_words

    day = date(2026, 12, 6)
    assert day_words(day, year=True) == "Sunday 6 December 2026"
    assert day_words(day, "nb", year=True) == "søndag 6. desember 2026"
    assert day_words(day) == "Sunday 6 December"
    assert day_words(day, "nb") == "søndag 6. desember"


def test_a_percent_is_written_as_each_language_writes_it() -> None:
    """English writes "10%", Norwegian "10 %" (issue 14: one style per language)."""
    spaced = re.compile(r"\d %")
    for key, english in TEMPLATES["en"].items():
        assert not spaced.search(english), key
    counted = Reason("sides_counted", total=4, left=3, right=1, even=0, gap=2)
    assert "at least 10% fewer" in str(counted)
    assert "minst 10 % færre" in counted.text("nb")


def test_the_stop_events_are_worded_once_by_the_engine_in_both_languages() -> None:
    """The page's form and list, and the terminal's prompt and report, name the stop events
    from this one table (they each had their own copy), in ``STOP_EVENTS``' order."""
    english, bokmal = stop_event_words("en"), stop_event_words("nb")
    assert [event for event, _ in english] == [event for event, _ in bokmal] == list(STOP_EVENTS)
    assert dict(english)["giving_way"] == "The knee gave way"
    assert dict(bokmal)["giving_way"] == "Kneet svikta"
    assert all(en != nb for (_, en), (_, nb) in zip(english, bokmal, strict=True))
