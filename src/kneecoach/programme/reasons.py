"""The engine's plain-language reasons, in English and Norwegian Bokmål.

A reason is built during the replay as a key and its parameters (numbers, dates, doses,
catalogue names, other reasons) and worded only when someone reads it: ``str(reason)`` is the
English text, ``reason.text("nb")`` the Bokmål one, from the same parameters. The replay builds
about a thousand reasons over a 12-week diary and most are never read, so building them must cost
no more than the f-strings they replace (bench/engine.py). A reason compares equal to its English
text and supports ``"words" in reason``, so callers and tests that treat reasons as strings keep
working; code that needs a real ``str`` (JSON, ``"; ".join``) calls ``reason_texts``. Exercise and
variant names come from the catalogue (``catalog.schema.Localized``), so they are in the reader's
language too.

The wording lives in one table per language (``TEMPLATES``); a test checks that both tables have
the same keys and the same placeholders. Formatting is a pure function of (key, params, language).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from kneecoach.catalog.schema import Localized
from kneecoach.programme.dose import Dose
from kneecoach.programme.wording import day_words

LANGUAGES: Final = ("en", "nb")
"""The product's languages; any other language gets the English text."""


@dataclass(frozen=True, slots=True)
class Words:
    """A short phrase in both languages that is not a catalogue name (a side, an answer)."""

    en: str
    nb: str

    def get(self, language: str) -> str:
        return self.nb if language == "nb" else self.en


SIDE_WORDS: Final = {"left": Words("left", "venstre"), "right": Words("right", "høyre")}
ONE_SESSION_SIDE_WORDS: Final = {
    "left": Words("left leg was weaker", "var venstre bein svakest"),
    "right": Words("right leg was weaker", "var høyre bein svakest"),
    "even": Words("two legs were even", "var beina like"),
}
"""How the one session with one-leg work so far came out (``sides_counted_one``)."""
LEVEL_WORDS: Final = {
    "clear": Words("clear", "ingen faresignaler"),
    "soon": Words("soon", "bør undersøkes snart"),
    "surgical": Words("ask the surgical team first", "spør operasjonsteamet først"),
    "urgent": Words("urgent", "haster"),
    "emergency": Words("emergency", "nødsituasjon"),
}
KIND_WORDS: Final = {
    "progress": Words("progress", "øker"),
    "hold": Words("hold", "holder"),
    "regress": Words("regress", "senker"),
    "relief": Words("relief", "avlastning"),
    "resume": Words("resume", "gjenopptar"),
    "refer": Words("refer", "kontakt behandler"),
    "override": Words("override", "satt av behandler"),
}
STOP_EVENT_WORDS: Final = {
    "sharp_pain": Words("Sharp, sudden pain", "Skarp, plutselig smerte"),
    "pop": Words("A pop or a snap in the knee", "Et smell eller knepp i kneet"),
    "new_swelling": Words("New swelling", "Ny hevelse"),
    "giving_way": Words("The knee gave way", "Kneet svikta"),
}
"""The in-session stop rule's events (``values.STOP_EVENTS``, in that order;
docs/evidence.md#stop-rule) as the person names them: the Today page's "I had to stop" form and
its list of what was recorded, and the terminal's prompt and report. (The coach's reason for a
stop words them its own way, mid-sentence: ``stop_<event>`` in ``TEMPLATES``.)"""


def stop_event_words(language: str = "en") -> tuple[tuple[str, str], ...]:
    """Each stop event with its words in ``language``, in ``STOP_EVENT_WORDS``' order: the
    (value, label) choices every channel offers and lists."""
    return tuple((event, words.get(language)) for event, words in STOP_EVENT_WORDS.items())


class Reason:
    """One reason: a template key and its parameters, worded on demand (``text``, ``str``).
    Build it as ``Reason("pain_during_above", exercise=name, pain=6, limit=5)``; the tests check
    every key against both tables, so a typo fails in the suite, not in front of a user."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def text(self, language: str = "en") -> str:
        """The reason in ``language`` ("en" or "nb"; anything else gets English)."""
        return format_reason(self.key, self.params, "nb" if language == "nb" else "en")

    def __str__(self) -> str:
        return format_reason(self.key, self.params, "en")

    def __repr__(self) -> str:
        return f"Reason({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Reason):
            return self.key == other.key and self.params == other.params
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __contains__(self, words: str) -> bool:
        return words in str(self)


Text = Reason | str
"""A reason, or free text that is the same in every language (a clinician's note, stored text)."""


def reason_text(reason: Text, language: str = "en") -> str:
    """A reason in ``language``; a plain string stays as it is."""
    return reason.text(language) if type(reason) is Reason else str(reason)


def reason_texts(reasons: Iterable[Text], language: str = "en") -> tuple[str, ...]:
    return tuple(reason_text(reason, language) for reason in reasons)


def format_reason(key: str, params: Mapping[str, Any], language: str) -> str:
    """Fill the template of ``key`` in ``language`` with the parameters rendered for it."""
    template = TEMPLATES[language][key]
    if not params:
        return template
    return template.format_map({name: render(value, language) for name, value in params.items()})


def render(value: Any, language: str) -> str:
    """One parameter in ``language``: numbers (Bokmål writes a decimal comma), dates as the
    pages write them (``Wednesday 25 November``, ``onsdag 25. november``), doses, catalogue
    names, phrases and nested reasons."""
    kind = type(value)
    if kind is int or kind is str:
        return str(value)
    if kind is Reason:
        return value.text(language)  # type: ignore[no-any-return]
    if kind is float:
        return decimal(value, language)
    if kind is date:
        return day_words(value, language)
    if isinstance(value, (Localized, Words)):
        return value.get(language)
    if kind is Dose:
        return describe_dose(value, language)
    if kind is tuple:
        return "; ".join(render(item, language) for item in value)
    raise TypeError(f"cannot word a {kind.__name__} in a reason")


def decimal(value: float, language: str) -> str:
    """``value`` to one decimal place, with the decimal comma Bokmål writes (``2,5``)."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nb" else text


def describe_dose(dose: Dose, language: str = "en", variant: Localized | None = None) -> str:
    """``3 x 10 reps each side`` / ``3 x 10 repetisjoner på hver side``; with ``variant`` (the
    rung is not the exercise itself), its name first: ``Clamshell hold, 2 x 12 reps``."""
    if language == "nb":
        unit = "repetisjoner" if dose.reps is not None else "s"
        text = f"{dose.sets} x {dose.amount} {unit}{' på hver side' if dose.per_side else ''}"
    else:
        text = dose.describe()
    return f"{variant.get(language)}, {text}" if variant is not None else text


def describe_dose_and_load(
    dose: Dose, language: str = "en", variant: Localized | None = None
) -> str:
    """``describe_dose`` with the load, if any, in brackets after it: ``2 x 10 reps each side
    (red band)``, as every page, list and line that shows a dose writes it."""
    text = describe_dose(dose, language, variant)
    return f"{text} ({dose.load})" if dose.load else text


TEMPLATES: Final[dict[str, dict[str, str]]] = {
    "en": {
        # progression.py: regress
        "pain_during_above": "pain during {exercise} was {pain}/10, above the {limit}/10 limit",
        "pain_after_above": "pain after the session was {pain}/10, above {limit}/10",
        "morning_above_usual": (
            "morning pain on {date} was {pain}/10, above your normal {reference}/10 (the higher "
            "of your usual pain and the pain before the session): the night did not settle"
        ),
        "morning_above_safe": (
            "morning pain on {date} was {pain}/10, above the safe zone (up to {safe}/10): "
            "the night did not settle"
        ),
        "swelling_two_mornings": "swelling on two mornings in a row",
        "stiffness_two_mornings": "stiffness on two mornings in a row",
        "swelling_word": "swelling",
        "stiffness_word": "stiffness",
        "lasting_already_lowered": (
            "the {what} that lowered the dose on {date} is still there, but no session at the "
            "lower dose has been judged yet: one breach lowers the dose once"
        ),
        "gap_resets_run": (
            "{days} days since the last session ({date}): sessions before a gap of a week or more "
            "do not count towards two in a row"
        ),
        "performed_easier": "{variant} (easier version of {exercise})",
        "performed_harder": "{variant} (harder version of {exercise})",
        "performed_instead": "{variant} (in place of {exercise})",
        "flare_pain_after": (
            "pain an hour after the session on {date} was {pain}/10 (flare at {flare})"
        ),
        "weekly_trend": (
            "mean morning pain this week was {this_week}/10, up from {last_week}/10 last week"
        ),
        "already_easiest": "{exercise} is already at the easiest step",
        "next_time": "next time: {step}",
        # progression.py: hold
        "dose_not_done": "the full dose of {exercise} was not done ({shortfall})",
        "shortfall_set": "set {number}: {done} of {target} {unit}",
        "shortfall_side": "set {number} ({side}): {done} of {target} {unit}",
        "unit_reps": "reps",
        "unit_seconds": "s",
        "more": "...",
        "effort_at_target": "effort was {effort}/10, already at the target ({target}/10 or more)",
        "technique_flagged": "technique on {exercise} was flagged",
        "no_pain_after": (
            "no pain score from about an hour after the session on {date}, so there is no "
            "evidence that the knee settled"
        ),
        "no_checkin": (
            "no morning check-in after the session on {date}, so there is no evidence that the "
            "night settled"
        ),
        "trend_already_lowered": "{trend}; the dose was already lowered on {date}, so hold",
        "within_rules": (
            "pain during {exercise} was {pain}/10 (limit {limit}/10), the full dose was done and "
            "the night settled"
        ),
        "one_more_needed": (
            "{streak} of {needed} sessions in a row within the rules at this dose; one more is "
            "needed before a step up"
        ),
        "one_step_a_week": "{exercise} went up on {date}; at most one step a week",
        "top_of_ladder": "{exercise} is at the top of its ladder",
        "progression_paused": (
            "progression is paused: the screening on {date} advises a GP or physiotherapy review "
            "({questions})"
        ),
        # progression.py: progress
        "sessions_in_a_row": "{streak} sessions in a row within the rules at {dose}",
        "step_easier": "easier version: {variant}, {dose}",
        "step_harder": "harder version: {variant}, {dose}",
        "step_sets": "sets from {before} to {after}",
        "step_reps": "reps from {before} to {after}",
        "step_seconds": "seconds from {before} to {after}",
        # engine.py: flare, relief, resume, review
        "flare_weight_bearing": "on {date} the knee could not take weight normally",
        "rescreen_weight_bearing": (
            "answer the safety questions again today: if you still cannot stand on the leg or "
            "take a few steps on it (question U9), get help the same day"
        ),
        "flare_new_swelling": "new swelling on the morning of {date}",
        "flare_morning_pain": (
            "morning pain on {date} was {pain}/10, {rise} points above your usual {baseline}/10 "
            "(a flare is {flare} or more)"
        ),
        "relief_until_settled": (
            "loaded exercise is paused until the knee settles: morning pain at or below "
            "{reference}/10 without swelling on {count} check-ins in a row"
        ),
        # after a stopped session (docs/evidence.md#stop-rule): when to seek care
        "stop_care_today": (
            "If you cannot bear weight after a fall or twist, see a clinician today."
        ),
        "stop_care_two_weeks": (
            "If the knee has not settled within two weeks, see your GP or physiotherapist."
        ),
        "flare_advice": (
            "Comfort measures while the knee settles: keep it gently moving and rest from the "
            "exercises. A knee compression sleeve may feel more comfortable for a short while. "
            "For swelling, a cold pack for up to 15 minutes with a cloth between the pack and the "
            "skin; check the skin after 5 minutes and stop if it is very red, white or numb, and "
            "do not use cold where the skin has reduced feeling. These ease symptoms; they do not "
            "heal the knee."
        ),
        "relief_settled": (
            "morning pain was back at or below {reference}/10 without swelling on {count} "
            "check-ins in a row (latest {pain}/10)"
        ),
        "relief_not_settled": (
            "the knee has not settled in the {days} days since the relief period began on {date}"
        ),
        "see_clinician_paused": (
            "please see your GP or physiotherapist; loaded exercise stays paused until the knee "
            "settles or a clinician sets the doses"
        ),
        "all_restart_lower": "every exercise restarts one step lower",
        "restart_after_relief": (
            "restarting {exercise} one step lower after the relief period: {change}"
        ),
        "already_easiest_step": "already at the easiest step",
        "clinician_reviewed": "a clinician reviewed the programme on {date}",
        "clinician_set": "your clinician set {exercise} to {dose}",
        "clinician_set_variant": "your clinician set {exercise} to {dose} ({variant})",
        "clinician_note": "note: {note}",
        "clinician_swapped": "{clinician} swapped {exercise} for {replacement}",
        "clinician_added": "{clinician} added {exercise} to every session",
        "clinician_paused": "{clinician} paused the programme on {date}",
        "clinician_resumed": "{clinician} resumed the programme on {date}",
        "note_paused": (
            "Your programme is paused by {clinician} since {date}: {note}. No sessions are "
            "planned until your clinician resumes it."
        ),
        "session_stopped": "the session on {date} had to stop: {stops}",
        "stop_pain_during": "pain during {exercise} was {pain}/10 (stop at {stop})",
        "stop_pain": "pain was {pain}/10, at or above the {stop}/10 stop limit",
        "stop_sharp_pain": "sudden sharp pain",
        "stop_pop": "a pop in the knee",
        "stop_new_swelling": "new swelling",
        "stop_giving_way": "the knee gave way",
        "long_gap": (
            "{days} days since {exercise} was last done (on {date}); restarting one step lower"
        ),
        # screening.py
        "screening_answer": "{question} answered {answer}: {concern} ({level}).",
        "answer_yes": "yes",
        "answer_not_sure": "not sure",
        "screening_s2_s3": "S2 and S3 together: constant or night pain with a cancer warning sign.",
        "screening_surgery_not_cleared": (
            "S5: the knee was operated on in the last 6 months (or not sure) and the surgical team "
            "has not yet cleared home exercise (S5C): no loaded programme until it has."
        ),
        "screening_surgery_cleared": (
            "S5: operated on in the last 6 months; the surgical team has cleared home exercise."
        ),
        "screening_ottawa_age": (
            "AGE55 and INJURY7: aged {age} or over with a knee injury in the last 7 days needs an "
            "X-ray (Ottawa knee rule)."
        ),
        "screening_all_no": "All questions answered no.",
        "screening_advice": "{advice}",
        # engine.py: explanations and notes
        "start_trained": "mid-range start for people used to training",
        "start_untrained": "low end of the range for people not used to training",
        "explain_locked": "The programme is locked by the red-flag screening.",
        "explain_relief": "Loaded work is paused until the knee settles.",
        "explain_top": "This is the top of the ladder you can do with your equipment.",
        "explain_next_step": (
            "Next step ({step}) after {needed} more session(s) with pain at most {limit}/10, the "
            "full dose done and a settled night (at most one step a week)."
        ),
        "explain_dose": "{exercise}: {dose} (as {performed_as})",
        "explain_start": "Started at {dose}: {rule}.",
        "explain_decision": "{date} {kind}: {reasons}",
        "note_no_screening": (
            "no red-flag screening on record: answer the screening questions before training"
        ),
        "note_checkin_due": (
            "log the morning check-in for {date}: the doses after the session on {session} "
            "depend on how the night went"
        ),
        "note_session_on_rest_day": (
            "the session on {date} fell on a rest day of your plan: it counts, and the days "
            "after it are planned from it, so your next training day may have moved"
        ),
        # sides.py
        "sides_none": "no one-leg exercise has been logged on both sides yet",
        "sides_counted": (
            "of {total} sessions with one-leg work, the left leg was weaker in {left}, the right "
            "in {right}, and they were even in {even} (weaker = at least 10% fewer reps or "
            "seconds, or {gap}+ points more pain)"
        ),
        "sides_counted_one": (
            "in the one session with one-leg work so far, the {side} (weaker = at least 10% "
            "fewer reps or seconds, or {gap}+ points more pain)"
        ),
        "sides_weaker": "the {side} leg is the weaker one",
        "sides_not_enough": (
            "not enough evidence yet to call one leg weaker (needs {sessions} sessions and twice "
            "as many as the other side)"
        ),
    },
    "nb": {
        "pain_during_above": "smerte under {exercise} var {pain}/10, over grensen på {limit}/10",
        "pain_after_above": "smerte etter økta var {pain}/10, over {limit}/10",
        "morning_above_usual": (
            "morgensmerten {date} var {pain}/10, høyere enn ditt normale nivå på {reference}/10 "
            "(det høyeste av den vanlige smerten og smerten før økta): kneet roet seg ikke i "
            "løpet av natta"
        ),
        "morning_above_safe": (
            "morgensmerten {date} var {pain}/10, over den trygge sonen (opptil {safe}/10): kneet "
            "roet seg ikke i løpet av natta"
        ),
        "swelling_two_mornings": "hevelse to morgener på rad",
        "stiffness_two_mornings": "stivhet to morgener på rad",
        "swelling_word": "hevelsen",
        "stiffness_word": "stivheten",
        "lasting_already_lowered": (
            "{what} som senket dosen {date} er der fortsatt, men ingen økt med den lavere dosen "
            "er vurdert ennå: ett brudd på reglene senker dosen én gang"
        ),
        "gap_resets_run": (
            "{days} dager siden forrige økt ({date}): økter før et opphold på en uke eller mer "
            "teller ikke med i to på rad"
        ),
        "performed_easier": "{variant} (lettere variant av {exercise})",
        "performed_harder": "{variant} (tyngre variant av {exercise})",
        "performed_instead": "{variant} (i stedet for {exercise})",
        "flare_pain_after": (
            "smerten en time etter økta {date} var {pain}/10 (oppbluss ved {flare})"
        ),
        "weekly_trend": (
            "gjennomsnittlig morgensmerte denne uka var {this_week}/10, opp fra {last_week}/10 "
            "forrige uke"
        ),
        "already_easiest": "{exercise} er allerede på det letteste trinnet",
        "next_time": "neste gang: {step}",
        "dose_not_done": "hele dosen med {exercise} ble ikke gjort ({shortfall})",
        "shortfall_set": "sett {number}: {done} av {target} {unit}",
        "shortfall_side": "sett {number} ({side}): {done} av {target} {unit}",
        "unit_reps": "repetisjoner",
        "unit_seconds": "s",
        "more": "...",
        "effort_at_target": (
            "anstrengelsen var {effort}/10, allerede på målet ({target}/10 eller mer)"
        ),
        "technique_flagged": "teknikken i {exercise} ble markert som dårlig",
        "no_pain_after": (
            "ingen smerteskår fra omtrent en time etter økta {date}, så ingenting viser at kneet "
            "roet seg"
        ),
        "no_checkin": (
            "ingen morgensjekk etter økta {date}, så ingenting viser at kneet roet seg i løpet "
            "av natta"
        ),
        "trend_already_lowered": "{trend}; dosen ble allerede senket {date}, så den holdes",
        "within_rules": (
            "smerte under {exercise} var {pain}/10 (grense {limit}/10), hele dosen ble gjort og "
            "kneet roet seg i løpet av natta"
        ),
        "one_more_needed": (
            "{streak} av {needed} økter på rad innenfor reglene på denne dosen; det trengs én "
            "til før et steg opp"
        ),
        "one_step_a_week": "{exercise} gikk opp {date}; høyst ett steg i uka",
        "top_of_ladder": "{exercise} er på det øverste trinnet",
        "progression_paused": (
            "progresjonen står på pause: screeningen {date} anbefaler en vurdering hos fastlege "
            "eller fysioterapeut ({questions})"
        ),
        "sessions_in_a_row": "{streak} økter på rad innenfor reglene med {dose}",
        "step_easier": "lettere variant: {variant}, {dose}",
        "step_harder": "tyngre variant: {variant}, {dose}",
        "step_sets": "sett fra {before} til {after}",
        "step_reps": "repetisjoner fra {before} til {after}",
        "step_seconds": "sekunder fra {before} til {after}",
        "flare_weight_bearing": "{date} klarte ikke kneet å bære vekt som normalt",
        "rescreen_weight_bearing": (
            "svar på sikkerhetsspørsmålene igjen i dag: klarer du fortsatt ikke å stå på beinet "
            "eller gå noen skritt på det (spørsmål U9), få hjelp samme dag"
        ),
        "flare_new_swelling": "ny hevelse om morgenen {date}",
        "flare_morning_pain": (
            "morgensmerten {date} var {pain}/10, {rise} poeng over ditt vanlige nivå på "
            "{baseline}/10 (en oppblussing er {flare} poeng eller mer)"
        ),
        "relief_until_settled": (
            "øvelser med belastning står på pause til kneet har roet seg: morgensmerte på "
            "{reference}/10 eller lavere uten hevelse {count} morgensjekker på rad"
        ),
        "stop_care_today": (
            "Klarer du ikke å stå på beinet etter et fall eller en vridning, kontakt lege eller "
            "fysioterapeut i dag."
        ),
        "stop_care_two_weeks": (
            "Har ikke kneet roet seg innen to uker, bestill time hos fastlegen eller "
            "fysioterapeuten din."
        ),
        "flare_advice": (
            "Lindring mens kneet roer seg: hold det i rolig bevegelse og ta en pause fra "
            "øvelsene. En kompresjonsbandasje for kneet kan kjennes behagelig en kort stund. Ved "
            "hevelse kan du legge på en kald pakning i opptil 15 minutter, med et klede mellom "
            "pakningen og huden; se på huden etter 5 minutter og stopp hvis den er veldig rød, "
            "hvit eller nummen, og bruk ikke kulde der huden har nedsatt følelse. Dette lindrer "
            "plagene, men leger ikke kneet."
        ),
        "relief_settled": (
            "morgensmerten var tilbake på {reference}/10 eller lavere uten hevelse {count} "
            "morgensjekker på rad (sist {pain}/10)"
        ),
        "relief_not_settled": (
            "kneet har ikke roet seg i løpet av de {days} dagene siden avlastningsperioden "
            "begynte {date}"
        ),
        "see_clinician_paused": (
            "bestill time hos fastlegen eller fysioterapeuten din; øvelser med belastning står på "
            "pause til kneet har roet seg eller en behandler har satt dosene"
        ),
        "all_restart_lower": "alle øvelsene starter igjen ett trinn lavere",
        "restart_after_relief": (
            "{exercise} starter igjen ett trinn lavere etter avlastningsperioden: {change}"
        ),
        "already_easiest_step": "allerede på det letteste trinnet",
        "clinician_reviewed": "en behandler gikk gjennom programmet {date}",
        "clinician_set": "behandleren din satte {exercise} til {dose}",
        "clinician_set_variant": "behandleren din satte {exercise} til {dose} ({variant})",
        "clinician_note": "merknad: {note}",
        "clinician_swapped": "{clinician} byttet {exercise} med {replacement}",
        "clinician_added": "{clinician} la {exercise} til i hver økt",
        "clinician_paused": "{clinician} satte programmet på pause {date}",
        "clinician_resumed": "{clinician} startet programmet igjen {date}",
        "note_paused": (
            "Programmet ditt er satt på pause av {clinician} siden {date}: {note}. Ingen økter "
            "er planlagt før behandleren din starter det igjen."
        ),
        "session_stopped": "økta {date} måtte avbrytes: {stops}",
        "stop_pain_during": "smerte under {exercise} var {pain}/10 (stopp ved {stop})",
        "stop_pain": "smerten var {pain}/10, på eller over stoppgrensen på {stop}/10",
        "stop_sharp_pain": "plutselig, skarp smerte",
        "stop_pop": "et smell i kneet",
        "stop_new_swelling": "ny hevelse",
        "stop_giving_way": "kneet svikta",
        "long_gap": (
            "{days} dager siden {exercise} sist ble gjort ({date}); starter igjen ett trinn lavere"
        ),
        "screening_answer": "{question} besvart med «{answer}»: {concern} ({level}).",
        "answer_yes": "ja",
        "answer_not_sure": "vet ikke",
        "screening_s2_s3": (
            "S2 og S3 sammen: konstant smerte eller nattesmerte sammen med et varseltegn på kreft."
        ),
        "screening_surgery_not_cleared": (
            "S5: kneet er operert de siste 6 månedene (eller usikker), og operasjonsteamet har "
            "ennå ikke sagt ja til hjemmetrening (S5C): ikke noe program med belastning før de har "
            "det."
        ),
        "screening_surgery_cleared": (
            "S5: operert de siste 6 månedene; operasjonsteamet har sagt ja til hjemmetrening."
        ),
        "screening_ottawa_age": (
            "AGE55 og INJURY7: {age} år eller eldre med en kneskade de siste 7 dagene bør "
            "røntgenfotograferes (Ottawa-regelen)."
        ),
        "screening_all_no": "Alle spørsmålene er besvart med nei.",
        "screening_advice": "{advice}",
        "start_trained": "start midt i området for deg som er vant til å trene",
        "start_untrained": "start nederst i området for deg som ikke er vant til å trene",
        "explain_locked": "Programmet er låst etter screeningen for faresignaler.",
        "explain_relief": "Øvelser med belastning står på pause til kneet har roet seg.",
        "explain_top": "Dette er det øverste trinnet du kan gjøre med utstyret ditt.",
        "explain_next_step": (
            "Neste steg ({step}) etter {needed} økt(er) til med smerte på høyst {limit}/10, hele "
            "dosen gjort og en rolig natt (høyst ett steg i uka)."
        ),
        "explain_dose": "{exercise}: {dose} (som {performed_as})",
        "explain_start": "Startet på {dose}: {rule}.",
        "explain_decision": "{date} {kind}: {reasons}",
        "note_no_screening": (
            "ingen screening for faresignaler er registrert: svar på spørsmålene før du trener"
        ),
        "note_checkin_due": (
            "registrer morgensjekken for {date}: dosene etter økta {session} avhenger av "
            "hvordan natta gikk"
        ),
        "note_session_on_rest_day": (
            "økta {date} var på en hviledag i planen din: den teller, og dagene etter planlegges "
            "ut fra den, så neste treningsdag kan ha flyttet seg"
        ),
        "sides_none": "ingen ettbeinsøvelse er registrert på begge sider ennå",
        "sides_counted": (
            "av {total} økter med ettbeinsøvelser var venstre bein svakest i {left}, høyre i "
            "{right}, og de var like i {even} (svakest = minst 10 % færre repetisjoner eller "
            "sekunder, eller {gap} poeng mer smerte eller mer)"
        ),
        "sides_counted_one": (
            "i den ene økta med ettbeinsøvelser så langt {side} (svakest = minst 10 % færre "
            "repetisjoner eller sekunder, eller {gap} poeng mer smerte eller mer)"
        ),
        "sides_weaker": "{side} bein er det svakeste",
        "sides_not_enough": (
            "ikke nok grunnlag ennå til å si at ett bein er svakest (krever {sessions} økter og "
            "dobbelt så mange som for den andre siden)"
        ),
    },
}
