"""The outcome questionnaires a person fills in: what they ask, how they are scored, when.

Pure values and rules over ``programme.outcomes`` (the scoring functions, each citing its guide).
Shipped: KOOS (42 items, scored as KOOS, KOOS4, KOOS-12 and KOOS-PS, all derivable from the full
form), KOOS-12 on its own, NPRS (0-10 pain) and PGIC (global rating of change).

Item texts. NPRS and PGIC wording is public domain (Farrar et al. 2001; the PACIO PGIC sample)
and is shipped. The KOOS wording belongs to its developers (koos.nu); its terms for electronic
and commercial use were not confirmed, so the official item text is not shipped. Each KOOS item
carries a short summary of what it asks (the construct, e.g. "Pain: walking on a flat surface")
with the official answer scale, and a clinic loads the licensed wording from a file
(``docs/outcomes.md``). KOOS JR is not shipped: its raw-to-interval table could not be checked
against the official HSS scoring document, and a wrong table would score every answer wrongly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from kneecoach.errors import InvalidInput
from kneecoach.programme import outcomes

QuestionnaireId = Literal["koos", "koos12", "nprs", "pgic"]
QUESTIONNAIRE_IDS: tuple[QuestionnaireId, ...] = get_args(QuestionnaireId)
AnswerValue = int | str | None


@dataclass(frozen=True, slots=True)
class Worded:
    """One text in English and Norwegian Bokmål."""

    en: str
    nb: str

    def get(self, language: str) -> str:
        return self.nb if language == "nb" else self.en


@dataclass(frozen=True, slots=True)
class Option:
    value: int | str
    label: Worded


@dataclass(frozen=True, slots=True)
class Item:
    """One question: its id (the guide's item id), its text or summary, its answer options."""

    id: str
    text: Worded
    options: tuple[Option, ...]
    section: str = ""


@dataclass(frozen=True, slots=True)
class Scale:
    """One score a questionnaire yields: its key, name, range, direction, and the minimal
    important change (MIC) marked on the chart, with where the MIC comes from."""

    key: str
    name: Worded
    low: float
    high: float
    higher_is_better: bool
    mic: float | None
    mic_source: str
    loinc: str | None = None


@dataclass(frozen=True, slots=True)
class Questionnaire:
    id: QuestionnaireId
    title: Worded
    intro: Worded
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    loinc: str | None
    item_text_shipped: bool

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


def _w(en: str, nb: str) -> Worded:
    return Worded(en, nb)


def _options(*labels: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(code, _w(en, nb)) for code, (en, nb) in enumerate(labels))


SEVERITY = _options(
    ("None", "Ingen"), ("Mild", "Lett"), ("Moderate", "Moderat"), ("Severe", "Alvorlig"),
    ("Extreme", "Ekstrem"),
)  # fmt: skip
HOW_OFTEN = _options(
    ("Never", "Aldri"), ("Rarely", "Sjelden"), ("Sometimes", "Av og til"), ("Often", "Ofte"),
    ("Always", "Alltid"),
)  # fmt: skip
HOW_OFTEN_REVERSED = _options(
    ("Always", "Alltid"), ("Often", "Ofte"), ("Sometimes", "Av og til"), ("Rarely", "Sjelden"),
    ("Never", "Aldri"),
)  # fmt: skip
"""S4 and S5 ask whether the knee straightens / bends fully: Always is coded 0 on the form."""
FREQUENCY = _options(
    ("Never", "Aldri"), ("Monthly", "Månedlig"), ("Weekly", "Ukentlig"), ("Daily", "Daglig"),
    ("Always", "Alltid"),
)  # fmt: skip
AWARENESS = _options(
    ("Never", "Aldri"), ("Monthly", "Månedlig"), ("Weekly", "Ukentlig"), ("Daily", "Daglig"),
    ("Constantly", "Hele tiden"),
)  # fmt: skip
EXTENT = _options(
    ("Not at all", "Ikke i det hele tatt"), ("Mildly", "Litt"), ("Moderately", "Moderat"),
    ("Severely", "Betydelig"), ("Totally", "Fullstendig"),
)  # fmt: skip
CONFIDENCE = _options(
    ("Not at all", "Ikke i det hele tatt"), ("Mildly", "Litt"), ("Moderately", "Moderat"),
    ("Severely", "Betydelig"), ("Extremely", "Ekstremt"),
)  # fmt: skip

_KOOS_SUMMARIES: dict[str, tuple[str, str, tuple[Option, ...]]] = {
    "S1": ("Symptoms: swelling", "Symptomer: hevelse", HOW_OFTEN),
    "S2": ("Symptoms: grinding, clicking", "Symptomer: knirking, klikking", HOW_OFTEN),
    "S3": ("Symptoms: catching or hanging up", "Symptomer: kneet henger seg opp", HOW_OFTEN),
    "S4": (
        "Symptoms: straighten the knee fully",
        "Symptomer: strekke kneet helt",
        HOW_OFTEN_REVERSED,
    ),
    "S5": ("Symptoms: bend the knee fully", "Symptomer: bøye kneet helt", HOW_OFTEN_REVERSED),
    "S6": ("Stiffness: after first waking", "Stivhet: når du våkner om morgenen", SEVERITY),
    "S7": ("Stiffness: later in the day", "Stivhet: senere på dagen", SEVERITY),
    "P1": ("Pain: how often", "Smerte: hvor ofte", FREQUENCY),
    "P2": ("Pain: twisting or pivoting", "Smerte: vri eller snu på kneet", SEVERITY),
    "P3": ("Pain: straightening fully", "Smerte: strekke kneet helt", SEVERITY),
    "P4": ("Pain: bending fully", "Smerte: bøye kneet helt", SEVERITY),
    "P5": ("Pain: walking on a flat surface", "Smerte: gå på flatt underlag", SEVERITY),
    "P6": ("Pain: going up or down stairs", "Smerte: gå opp eller ned trapper", SEVERITY),
    "P7": ("Pain: at night in bed", "Smerte: om natten i sengen", SEVERITY),
    "P8": ("Pain: sitting or lying", "Smerte: sitte eller ligge", SEVERITY),
    "P9": ("Pain: standing upright", "Smerte: stå oppreist", SEVERITY),
    "A1": ("Difficulty: descending stairs", "Vansker: gå ned trapper", SEVERITY),
    "A2": ("Difficulty: ascending stairs", "Vansker: gå opp trapper", SEVERITY),
    "A3": ("Difficulty: rising from sitting", "Vansker: reise deg fra sittende", SEVERITY),
    "A4": ("Difficulty: standing", "Vansker: stå", SEVERITY),
    "A5": ("Difficulty: bending to the floor", "Vansker: bøye deg ned til gulvet", SEVERITY),
    "A6": ("Difficulty: walking on a flat surface", "Vansker: gå på flatt underlag", SEVERITY),
    "A7": ("Difficulty: getting in or out of a car", "Vansker: inn i eller ut av bil", SEVERITY),
    "A8": ("Difficulty: going shopping", "Vansker: handle", SEVERITY),
    "A9": ("Difficulty: putting on socks", "Vansker: ta på sokker", SEVERITY),
    "A10": ("Difficulty: rising from bed", "Vansker: stå opp av sengen", SEVERITY),
    "A11": ("Difficulty: taking off socks", "Vansker: ta av sokker", SEVERITY),
    "A12": ("Difficulty: lying in bed", "Vansker: ligge i sengen", SEVERITY),
    "A13": (
        "Difficulty: getting in or out of the bath",
        "Vansker: inn i eller ut av badekar",
        SEVERITY,
    ),
    "A14": ("Difficulty: sitting", "Vansker: sitte", SEVERITY),
    "A15": (
        "Difficulty: on or off the toilet",
        "Vansker: sette deg på eller reise deg fra toalettet",
        SEVERITY,
    ),
    "A16": ("Difficulty: heavy domestic duties", "Vansker: tungt husarbeid", SEVERITY),
    "A17": ("Difficulty: light domestic duties", "Vansker: lett husarbeid", SEVERITY),
    "SP1": ("Difficulty: squatting", "Vansker: sitte på huk", SEVERITY),
    "SP2": ("Difficulty: running", "Vansker: løpe", SEVERITY),
    "SP3": ("Difficulty: jumping", "Vansker: hoppe", SEVERITY),
    "SP4": (
        "Difficulty: twisting or pivoting on the knee",
        "Vansker: vri eller snu på kneet",
        SEVERITY,
    ),
    "SP5": ("Difficulty: kneeling", "Vansker: stå på kne", SEVERITY),
    "Q1": (
        "How often you are aware of the knee problem",
        "Hvor ofte du er bevisst kneproblemet",
        AWARENESS,
    ),
    "Q2": (
        "Lifestyle changed to avoid harming the knee",
        "Livsstil endret for å skåne kneet",
        EXTENT,
    ),
    "Q3": (
        "Troubled by lack of confidence in the knee",
        "Plaget av manglende tillit til kneet",
        CONFIDENCE,
    ),
    "Q4": ("Overall difficulty with the knee", "Problemer med kneet alt i alt", SEVERITY),
}
"""Short summaries of what each KOOS item asks (the constructs listed on koos.nu), with its
answer scale coded 0-4 as on the official form; not the item wording (see the module doc)."""

_SECTIONS = {"S": "symptoms", "P": "pain", "A": "adl", "SP": "sport_rec", "Q": "qol"}


def _koos_item(item_id: str) -> Item:
    en, nb, options = _KOOS_SUMMARIES[item_id]
    prefix = item_id.rstrip("0123456789")
    return Item(item_id, _w(en, nb), options, section=_SECTIONS[prefix])


KOOS_MIC_SOURCE = "PubMed 41367621, 2025"
"""Non-surgical knee OA, 4-month RCT, predictive-modelling MIC. The MIC sources are citations
only, shown as they are in either language."""
KOOS_MIC = {"pain": 11.3, "symptoms": 12.1, "adl": 10.2, "sport_rec": 15.5, "qol": 13.2}
KOOS_LOINC = {
    "pain": "72102-7",
    "symptoms": "72101-9",
    "adl": "72100-1",
    "sport_rec": "72099-5",
    "qol": "72098-7",
}
"""KOOS subscale scores in LOINC (the CMS66 eCQM specification); the panel is 72091-2."""
KOOS_PANEL_LOINC = "72091-2"
DESIGN_MIC = "KOOS, PubMed 41367621, 2025"
"""KOOS-12 has no MIC of its own in our sources: each scale takes the full KOOS subscale MIC of
the matching construct (pain, ADL for function, QOL); a design choice, docs/outcomes.md."""


def _scale(
    key: str,
    en: str,
    nb: str,
    mic: float | None,
    source: str,
    *,
    low: float = 0.0,
    high: float = 100.0,
    higher_is_better: bool = True,
    loinc: str | None = None,
) -> Scale:
    return Scale(key, _w(en, nb), low, high, higher_is_better, mic, source, loinc)


KOOS_NAMES = {
    "pain": ("KOOS Pain", "KOOS Smerte"),
    "symptoms": ("KOOS Symptoms", "KOOS Symptomer"),
    "adl": ("KOOS Daily living", "KOOS Daglige gjøremål"),
    "sport_rec": ("KOOS Sport and recreation", "KOOS Sport og fritid"),
    "qol": ("KOOS Quality of life", "KOOS Livskvalitet"),
}
KOOS_SCALES = (
    *(
        _scale(key, en, nb, KOOS_MIC[key], KOOS_MIC_SOURCE, loinc=KOOS_LOINC[key])
        for key, (en, nb) in KOOS_NAMES.items()
    ),
    _scale("koos4", "KOOS4", "KOOS4", None, ""),
    _scale(
        "koos_ps",
        "KOOS-PS (KOOS direction)",
        "KOOS-PS (KOOS-retning)",
        2.2,
        "PMC3943561",
    ),
)
KOOS12_SCALES = (
    _scale("pain", "KOOS-12 Pain", "KOOS-12 Smerte", KOOS_MIC["pain"], DESIGN_MIC),
    _scale("function", "KOOS-12 Function", "KOOS-12 Funksjon", KOOS_MIC["adl"], DESIGN_MIC),
    _scale("qol", "KOOS-12 Quality of life", "KOOS-12 Livskvalitet", KOOS_MIC["qol"], DESIGN_MIC),
    _scale(
        "summary",
        "KOOS-12 Summary knee impact",
        "KOOS-12 Samlet knepåvirkning",
        10.0,
        "koos.nu",
    ),
)

NPRS_ITEM = Item(
    "pain",
    _w(
        "On average over the last week, how bad was your knee pain? 0 = no pain, "
        "10 = worst pain imaginable.",
        "I gjennomsnitt den siste uken, hvor vondt har kneet gjort? 0 = ingen smerte, "
        "10 = verst tenkelige smerte.",
    ),
    tuple(Option(n, _w(str(n), str(n))) for n in range(11)),
)
PGIC_ITEM = Item(
    "change",
    _w(
        "Since beginning treatment, how would you describe the overall change in your knee "
        "(pain, function and quality of life)?",
        "Siden du startet behandlingen, hvordan vil du beskrive endringen i kneet alt i alt "
        "(smerte, funksjon og livskvalitet)?",
    ),
    (
        Option("very_much_improved", _w("Very much improved", "Svært mye bedre")),
        Option("much_improved", _w("Much improved", "Mye bedre")),
        Option("minimally_improved", _w("Minimally improved", "Litt bedre")),
        Option("no_change", _w("No change", "Uendret")),
        Option("minimally_worse", _w("Minimally worse", "Litt verre")),
        Option("much_worse", _w("Much worse", "Mye verre")),
        Option("very_much_worse", _w("Very much worse", "Svært mye verre")),
    ),
)

KOOS_INTRO = _w(
    "About your knee over the last week. Tick one answer per line; skip a line you cannot "
    "answer. The clinic's official wording is shown when it has loaded it.",
    "Om kneet ditt den siste uken. Kryss av ett svar per linje; hopp over en linje du ikke kan "
    "svare på. Klinikkens offisielle ordlyd vises når den er lastet inn.",
)
QUESTIONNAIRES: dict[QuestionnaireId, Questionnaire] = {
    "koos": Questionnaire(
        id="koos",
        title=_w("KOOS: knee injury and osteoarthritis outcome score", "KOOS: knescore"),
        intro=KOOS_INTRO,
        items=tuple(_koos_item(i) for items in outcomes.KOOS_SUBSCALES.values() for i in items),
        scales=KOOS_SCALES,
        loinc=KOOS_PANEL_LOINC,
        item_text_shipped=False,
    ),
    "koos12": Questionnaire(
        id="koos12",
        title=_w("KOOS-12: knee score, short form", "KOOS-12: knescore, kortversjon"),
        intro=KOOS_INTRO,
        items=tuple(_koos_item(i) for items in outcomes.KOOS12_SCALES.values() for i in items),
        scales=KOOS12_SCALES,
        loinc=None,
        item_text_shipped=False,
    ),
    "nprs": Questionnaire(
        id="nprs",
        title=_w("Knee pain, 0-10", "Knesmerte, 0-10"),
        intro=_w("One question about the last week.", "Ett spørsmål om den siste uken."),
        items=(NPRS_ITEM,),
        scales=(
            _scale(
                "pain",
                "Pain (0-10)",
                "Smerte (0-10)",
                float(outcomes.NPRS_MCID_POINTS),
                "Farrar et al., Pain 2001",
                high=10,
                higher_is_better=False,
                loinc="72514-3",
            ),
        ),
        loinc=None,
        item_text_shipped=True,
    ),
    "pgic": Questionnaire(
        id="pgic",
        title=_w("Global rating of change (PGIC)", "Global vurdering av endring (PGIC)"),
        intro=_w("One question about your knee since you started.", "Ett spørsmål om kneet."),
        items=(PGIC_ITEM,),
        scales=(
            _scale(
                "pgic",
                "PGIC (1 = very much improved)",
                "PGIC (1 = svært mye bedre)",
                None,
                "Farrar et al., Pain 2001",
                low=1,
                high=7,
                higher_is_better=False,
            ),
        ),
        loinc=None,
        item_text_shipped=True,
    ),
}


def questionnaire(qid: str) -> Questionnaire:
    if qid not in QUESTIONNAIRES:
        raise InvalidInput(
            f"unknown questionnaire {qid!r}; use one of {', '.join(QUESTIONNAIRE_IDS)}",
            field="questionnaire",
        )
    return QUESTIONNAIRES[qid]


# --- answers and scores ---------------------------------------------------------------------------


def validate_answers(qid: str, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers as stored: every item of the form, None where skipped; unknown items and
    values off the item's scale are refused, naming the item."""
    form = questionnaire(qid)
    for item_id in answers:
        if form.item(item_id) is None:
            raise InvalidInput(f"{form.id} has no item {item_id!r}", field=item_id)
    clean: dict[str, AnswerValue] = {}
    for item in form.items:
        value = answers.get(item.id)
        allowed = [option.value for option in item.options]
        if value is not None and (isinstance(value, bool) or value not in allowed):
            choices = ", ".join(str(v) for v in allowed)
            raise InvalidInput(f"answer one of {choices}, got {value!r}", field=item.id)
        clean[item.id] = value
    if qid in ("nprs", "pgic") and all(v is None for v in clean.values()):
        raise InvalidInput("answer the question", field=form.items[0].id)
    return clean


TOO_FEW_TO_SCORE: dict[QuestionnaireId, str] = {
    "koos": "too few answers for any score: answer at least half the questions of one part "
    "(e.g. 2 of the 4 about quality of life)",
    "koos12": f"too few answers for any score: answer at least {outcomes.KOOS12_MIN_ANSWERED} "
    "of the 4 questions of one part (pain, function or quality of life)",
    "nprs": "answer the question",
    "pgic": "answer the question",
}


def scorable_answers(qid: str, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers as stored (``validate_answers``), refused (field ``answers``) when no score
    at all can be computed from them: each guide's missing-answer rule leaves every scale
    unscored (KOOS Scoring 2012: at least 50 % of a subscale's items; koos.nu KOOS-12: at least 2
    of a scale's 4 items; NPRS and PGIC: their one question; docs/evidence.md#koos and
    #koos-12). Saved, such a response would count as the
    questionnaire done while it measures nothing. A partly answered response that scores at least
    one scale is kept: the guides score what they can."""
    clean = validate_answers(qid, answers)
    if all(score is None for score in score_answers(qid, clean).values()):
        raise InvalidInput(TOO_FEW_TO_SCORE[questionnaire(qid).id], field="answers")
    return clean


def _koos_items(answers: Mapping[str, AnswerValue]) -> dict[str, int | None]:
    return {k: v if isinstance(v, int) else None for k, v in answers.items()}


def score_answers(qid: str, answers: Mapping[str, AnswerValue]) -> dict[str, float | None]:
    """Every scale of the questionnaire, None where its guide's missing-answer rule says the
    score cannot be calculated. KOOS: KOOS Scoring 2012 (``outcomes.koos_scores``), KOOS4, and
    KOOS-PS from the same answers (``outcomes.koos_ps_score``); KOOS-12: the koos.nu KOOS-12
    rules (``outcomes.koos12_scores``); NPRS: the rating; PGIC: its ordinal 1-7."""
    clean = validate_answers(qid, answers)
    if qid == "koos":
        koos = outcomes.koos_scores(_koos_items(clean))
        ps = outcomes.koos_ps_score(_koos_items(clean))
        return {
            "pain": koos.pain,
            "symptoms": koos.symptoms,
            "adl": koos.adl,
            "sport_rec": koos.sport_rec,
            "qol": koos.qol,
            "koos4": koos.koos4,
            "koos_ps": ps.score if ps is not None else None,
        }
    if qid == "koos12":
        short = outcomes.koos12_scores(_koos_items(clean))
        return {
            "pain": short.pain,
            "function": short.function,
            "qol": short.qol,
            "summary": short.summary,
        }
    if qid == "nprs":
        value = clean["pain"]
        return {"pain": float(value) if isinstance(value, int) else None}
    answer = clean["change"]
    if not isinstance(answer, str):
        return {"pgic": None}
    return {"pgic": float(outcomes.PGIC_ANSWERS.index(answer) + 1)}


@dataclass(frozen=True, slots=True)
class Change:
    """A scale's change from the first score to the latest, and whether it reaches the MIC in
    the better direction (``important``) or the worse one (``important_worsening``)."""

    scale: str
    first: float
    latest: float
    points: float
    important: bool
    important_worsening: bool


def change_from_baseline(scale: Scale, first: float, latest: float) -> Change:
    """``latest - first``; important when it reaches the scale's MIC in the better direction
    (KOOS: up; NPRS: down by 2 points or 30 %, ``outcomes.nprs_clinically_important_change``)."""
    points = round(latest - first, 1)
    if scale.key == "pain" and not scale.higher_is_better:
        pain = outcomes.nprs_clinically_important_change(round(first), round(latest))
        return Change(
            scale.key, first, latest, points, pain.important_improvement, pain.important_worsening
        )
    if scale.mic is None:
        return Change(scale.key, first, latest, points, False, False)
    better = points if scale.higher_is_better else -points
    return Change(scale.key, first, latest, points, better >= scale.mic, -better >= scale.mic)


# --- schedule -------------------------------------------------------------------------------------

DEFAULT_WEEKS: tuple[int, ...] = (0, 4, 8, 12)
"""Baseline and every 4 weeks to week 12 (issue 16; the usual trial schedule is baseline, 6 and
12 weeks, docs/evidence.md#measurement-schedule: a clinician can set any weeks)."""
MAX_WEEK = 104


@dataclass(frozen=True, slots=True)
class DueForm:
    week: int
    due_on: date
    questionnaires: tuple[QuestionnaireId, ...]
    done: tuple[QuestionnaireId, ...]

    @property
    def missing(self) -> tuple[QuestionnaireId, ...]:
        return tuple(q for q in self.questionnaires if q not in self.done)


def validate_weeks(weeks: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(weeks)))
    if not chosen:
        raise InvalidInput("choose at least one week", field="weeks")
    for week in chosen:
        if isinstance(week, bool) or not 0 <= week <= MAX_WEEK:
            raise InvalidInput(f"weeks run from 0 to {MAX_WEEK}, got {week!r}", field="weeks")
    return chosen


def forms_for_week(week: int, knee_form: QuestionnaireId = "koos12") -> tuple[QuestionnaireId, ...]:
    """At baseline the knee score and pain; later also the global rating of change (PGIC asks
    about change since the start, so it has nothing to rate at baseline)."""
    return (knee_form, "nprs") if week == 0 else (knee_form, "nprs", "pgic")


def outcome_schedule(
    start: date,
    weeks: Iterable[int],
    filled: Iterable[tuple[QuestionnaireId, date]],
    knee_form: QuestionnaireId = "koos12",
) -> tuple[DueForm, ...]:
    """Each scheduled week's forms and which of them are done. A form counts for the week whose
    window it was filled in: from that week's day (``start + 7 x week``) until the next
    scheduled week's day (a baseline filled a few days before the start counts as baseline)."""
    chosen = validate_weeks(weeks)
    days = [start + timedelta(weeks=w) for w in chosen]
    done: dict[int, set[QuestionnaireId]] = {w: set() for w in chosen}
    for qid, day in filled:
        index = max((i for i, due in enumerate(days) if due <= day), default=0)
        done[chosen[index]].add(qid)
    result = []
    for week, due in zip(chosen, days, strict=True):
        wanted = forms_for_week(week, knee_form)
        finished = tuple(q for q in wanted if q in done[week] or _koos_covers(q, done[week]))
        result.append(DueForm(week, due, wanted, finished))
    return tuple(result)


def _koos_covers(qid: QuestionnaireId, done: set[QuestionnaireId]) -> bool:
    """The full KOOS holds every KOOS-12 item, so it stands in for a KOOS-12 that is due."""
    return qid == "koos12" and "koos" in done


def due_now(schedule: Iterable[DueForm], today: date) -> DueForm | None:
    """The latest scheduled week that has come, if any of its forms is still missing."""
    current = None
    for form in schedule:
        if form.due_on <= today:
            current = form
    return current if current is not None and current.missing else None
