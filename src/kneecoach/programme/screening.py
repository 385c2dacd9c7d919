"""Red-flag screening and the in-session stop rule.

The questionnaire (docs/evidence.md#screening) is built from Gloucestershire NHS G-Care "Red flags
for knee conditions", the Cornwall NHS knee referral criteria, the NHS knee-pain page, the Ottawa
knee rule (Stiell et al., Ann Emerg Med 1995; JAMA 1996;275:611) and NHS DVT/PE advice. Each
question carries its own source below.

Asked before the first session, then weekly, and at once when a check-in reports something new.
"Not sure" counts as "yes". Any emergency item locks the programme with emergency advice; any
urgent item locks it with same-day advice; a recent operation the surgical team has not cleared
locks it with advice to ask the surgical team; any soon item pauses progression and advises a GP
or physiotherapy review within about 1-2 weeks.

Two kinds of question: red flags (yes / not sure flags at the question's level) and context
questions (age, a recent injury, the surgical team's clearance) that only count together with
another answer (the Ottawa rule; a recent operation). Questions added in version 2 of the
questionnaire (``Question.version``) are "not asked" in a record that answers none of them, so
questionnaires stored before they existed keep the verdict they had.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kneecoach.errors import InvalidInput
from kneecoach.programme.pain import FLARE_PAIN, pain_during_is_flare
from kneecoach.programme.reasons import LEVEL_WORDS, Reason, Words
from kneecoach.programme.values import (
    ANSWERS,
    SURGERY_ANSWERS,
    Decision,
    ScreeningLevel,
    ScreeningResult,
    StopEvent,
)

LEVEL_ORDER: dict[ScreeningLevel, int] = {
    "clear": 0,
    "soon": 1,
    "surgical": 2,
    "urgent": 3,
    "emergency": 4,
}
RECENT_SURGERY = ("within_6_months", "not_sure", "yes")
"""S5 answers that mean an operation in the last 6 months ("yes" is the answer of the version-1
question, "in the last 6 months?"; "not sure" counts as recent). Devon referral guidance
(docs/evidence.md#recent-surgery)."""
OTTAWA_AGE = 55
"""After an acute knee injury (under 7 days), age 55 or over alone calls for an X-ray (Ottawa knee
rule, Stiell et al. 1995/1996; docs/evidence.md#ottawa)."""


@dataclass(frozen=True, slots=True)
class Question:
    """One screening question in patient wording, English and Norwegian Bokmål.

    ``kind``: "flag" (a yes or not sure answer flags ``level``) or "context" (counts only with
    another answer, ``screen_red_flags``). ``choices``: the answers it takes, with their labels in
    both languages. ``required``: must be answered on the page and the API (S5C is asked only
    after a recent operation). ``version``: the questionnaire version that added it."""

    id: str
    en: str
    nb: str
    level: ScreeningLevel
    concern: str
    source: str
    kind: str = "flag"
    choices: tuple[str, ...] = ANSWERS
    required: bool = True
    version: int = 1

    def choice_label(self, answer: str, language: str = "en") -> str:
        en, nb = CHOICE_LABELS[answer]
        return nb if language == "nb" else en


CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "yes": ("Yes", "Ja"),
    "no": ("No", "Nei"),
    "not_sure": ("Not sure", "Usikker"),
    "over_6_months": ("More than 6 months ago", "For mer enn 6 måneder siden"),
    "within_6_months": ("In the last 6 months", "I løpet av de siste 6 månedene"),
}
"""Labels of the answers; S5's "no" reads as "no operation on this knee" in its question."""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "E1",
        "Are you suddenly short of breath, or do you have chest pain that gets worse when you "
        "breathe in, or are you coughing up blood?",
        "Har du plutselig blitt tung i pusten, har du brystsmerter som blir verre når du puster "
        "inn, eller hoster du opp blod?",
        "emergency",
        "possible blood clot in the lung",
        "NHS deep vein thrombosis / pulmonary embolism advice; docs/evidence.md#screening",
    ),
    Question(
        "AGE55",
        "Are you 55 or older?",
        "Er du 55 år eller eldre?",
        "clear",
        "age for the Ottawa knee rule",
        "Ottawa knee rule (Stiell et al. Ann Emerg Med 1995; JAMA 1996;275:611): age 55 or over "
        "after an acute injury; docs/evidence.md#ottawa",
        kind="context",
        version=2,
    ),
    Question(
        "INJURY7",
        "Have you hurt this knee in a fall, a twist or a knock in the last 7 days?",
        "Har du skadet dette kneet i et fall, en vridning eller et slag de siste 7 dagene?",
        "clear",
        "recent knee injury",
        "Ottawa knee rule (applies to injuries under 7 days old); docs/evidence.md#ottawa",
        kind="context",
        version=2,
    ),
    Question(
        "U1",
        "Is your knee hot, red and swollen, and do you also have a fever, chills or shivering, or "
        "feel generally unwell?",
        "Er kneet varmt, rødt og hovent, og har du samtidig feber, frysninger eller skjelving, "
        "eller føler du deg generelt syk?",
        "urgent",
        "possible joint infection",
        "G-Care red flags; Cornwall NHS referral criteria; NHS knee pain; "
        "docs/evidence.md#joint-infection",
    ),
    Question(
        "U2",
        "Since a fall, twist or knock in the last 7 days, is any of these true: 4 steps on the "
        "leg are too much, even limping; the knee stops before it bends to a right angle; it "
        "hurts to press on the kneecap or on the bony bump on the outer side just below the knee?",
        "Etter et fall, en vridning eller et slag de siste 7 dagene, stemmer noe av dette: 4 "
        "skritt på beinet er for mye, selv haltende; kneet stopper før det er bøyd til en rett "
        "vinkel; det gjør vondt å trykke på kneskålen eller på beinknuten på utsiden rett under "
        "kneet?",
        "urgent",
        "possible fracture",
        "Ottawa knee rule, Stiell et al. Ann Emerg Med 1995; JAMA 1996;275:611 (age is asked "
        "on its own, AGE55); docs/evidence.md#ottawa",
    ),
    Question(
        "U3",
        "Is your knee locked, stuck so that you cannot straighten it fully?",
        "Har kneet låst seg, slik at det sitter fast og du ikke får strukket det helt ut?",
        "urgent",
        "locked knee",
        "G-Care red flags [V]; NHS knee pain [V2]",
    ),
    Question(
        "U4",
        "Does your knee look deformed or out of place, or did your kneecap pop out?",
        "Ser kneet feilstilt eller deformert ut, eller har kneskålen hoppet ut av stilling?",
        "urgent",
        "possible dislocation",
        "G-Care red flags; Cornwall NHS referral criteria",
    ),
    Question(
        "U5",
        "Did the knee swell up a lot within hours of an injury?",
        "Hovnet kneet kraftig opp i løpet av noen timer etter en skade?",
        "urgent",
        "possible bleeding into the joint",
        "G-Care red flags; Cornwall NHS referral criteria (haemarthrosis)",
    ),
    Question(
        "U6",
        "Since an injury, is it impossible to lift your leg straight off the bed or floor?",
        "Er det etter en skade umulig å løfte beinet strakt opp fra sengen eller gulvet?",
        "urgent",
        "possible tendon rupture",
        "G-Care red flags; Cornwall NHS referral criteria (extensor mechanism); wording [S]",
    ),
    Question(
        "U7",
        "Is one calf or thigh swollen, warm, red or darker than usual, or painful with throbbing "
        "or cramping, especially after surgery, a long journey, a plaster cast, pregnancy or bed "
        "rest?",
        "Er den ene leggen eller låret hovent, varmt, rødt eller mørkere enn vanlig, eller vondt "
        "med dunking eller kramper, særlig etter en operasjon, en lang reise, gips, graviditet "
        "eller sengeleie?",
        "urgent",
        "possible blood clot in the leg",
        "NHS deep vein thrombosis advice [V2]",
    ),
    Question(
        "U8",
        "Is your foot or lower leg numb, tingling, weak, cold, or pale or bluish?",
        "Er foten eller leggen nummen, prikker det, er den svak, kald, eller blek eller blålig?",
        "urgent",
        "possible nerve or blood-supply problem",
        "G-Care red flags (neurovascular compromise)",
    ),
    Question(
        "U9",
        "Are you unable to stand on this leg or take a few steps on it, even if you have not "
        "hurt it?",
        "Klarer du ikke å stå på dette beinet eller gå noen skritt på det, selv om du ikke har "
        "skadet det?",
        "urgent",
        "cannot bear weight",
        "Cornwall NHS referral criteria ('unable to weight bear'); G-Care red flags ('unable to "
        "walk or move the knee'); NHS knee pain ('cannot bear weight'); "
        "docs/evidence.md#weight-bearing",
        version=2,
    ),
    Question(
        "U10",
        "Is your knee hot and swollen, and do you have a weakened immune system (for example "
        "from chemotherapy, steroid tablets, medicines after a transplant, or diabetes that is "
        "hard to control), or have you had an injection into the knee in the last month?",
        "Er kneet varmt og hovent, og har du nedsatt immunforsvar (for eksempel på grunn av "
        "cellegift, kortisontabletter, medisiner etter en transplantasjon eller diabetes som er "
        "vanskelig å regulere), eller har du fått en sprøyte i kneet den siste måneden?",
        "urgent",
        "possible joint infection (risk factors)",
        "G-Care red flags and Cornwall NHS (suspected infection: emergency department); risk "
        "factors for septic arthritis; docs/evidence.md#joint-infection",
        version=2,
    ),
    Question(
        "S1",
        "Has the knee given way (buckled under you) since an injury, even once, or does it give "
        "way again and again?",
        "Har kneet sviktet (knekket sammen under deg) etter en skade, selv bare én gang, eller "
        "svikter det gang på gang?",
        "soon",
        "knee instability: needs examining",
        "NHS knee pain ('locks, gives way'); G-Care red flags (recent ligament injury); "
        "docs/evidence.md#giving-way",
    ),
    Question(
        "S2",
        "Do you have constant pain that does not ease with rest or a change of position, or pain "
        "that wakes you at night on most nights?",
        "Har du konstante smerter som ikke gir seg med hvile eller når du endrer stilling, eller "
        "smerter som vekker deg om natten de fleste netter?",
        "soon",
        "constant or night pain",
        "G-Care red flags; Cornwall NHS referral criteria",
    ),
    Question(
        "S3",
        "Have you lost weight without trying, have you had cancer, or can you feel a hard lump "
        "near the knee?",
        "Har du gått ned i vekt uten å prøve, har du hatt kreft, eller kjenner du en hard kul ved "
        "kneet?",
        "soon",
        "needs checking for a serious cause",
        "Cornwall NHS referral criteria (2-week-wait pathway)",
    ),
    Question(
        "S4",
        "Is the knee stiff for more than 30 minutes in the morning, or are other joints swollen, "
        "or do you have psoriasis or inflammatory bowel disease?",
        "Er kneet stivt i mer enn 30 minutter om morgenen, er andre ledd hovne, eller har du "
        "psoriasis eller inflammatorisk tarmsykdom?",
        "soon",
        "possible inflammatory arthritis",
        "Cornwall NHS referral criteria [V]; NICE clinical diagnosis of knee OA [V2]",
    ),
    Question(
        "S5",
        "When was this knee last operated on (including a new knee joint)? Answer no if it "
        "never has been.",
        "Når ble dette kneet sist operert (også nytt kneledd)? Svar nei hvis det aldri har "
        "vært operert.",
        "surgical",
        "recent surgery: the surgical team guides the exercise",
        "Devon referral guidance; docs/evidence.md#recent-surgery",
        choices=SURGERY_ANSWERS,
    ),
    Question(
        "S5C",
        "If the knee was operated on in the last 6 months: has your surgical team told you that "
        "you may do home exercises for it now, and is any wound dry and healed?",
        "Hvis kneet ble operert de siste 6 månedene: har operasjonsteamet sagt at du kan gjøre "
        "hjemmeøvelser for kneet nå, og er et eventuelt sår tørt og grodd?",
        "clear",
        "cleared by the surgical team",
        "Devon referral guidance; docs/evidence.md#recent-surgery",
        kind="context",
        required=False,
        version=2,
    ),
    Question(
        "S6",
        "Has the knee got steadily worse over the last 2-3 weeks, or has the pain lasted about 6 "
        "weeks without easing?",
        "Har kneet blitt stadig verre de siste 2-3 ukene, eller har smertene vart i omtrent 6 "
        "uker uten å gi seg?",
        "soon",
        "not improving",
        "NHS knee pain 'not improved after a few weeks' [V2]; G-Care 'rapidly worsening' [V]",
    ),
    Question(
        "S7",
        "Are you under 16 and have knee pain, a limp, or pain in the hip or thigh?",
        "Er du under 16 år og har vondt i kneet, halter, eller har vondt i hoften eller låret?",
        "soon",
        "hip problems in young people can show up as knee pain",
        "BNSSG Remedy 'hip problems may present as knee pain'; docs/evidence.md#screening",
    ),
    Question(
        "S8",
        "Does the knee now and then catch or lock, so that it is stuck until you wiggle it free?",
        "Hender det at kneet hekter seg eller låser seg, slik at det sitter fast til du får "
        "vrikket det løs?",
        "soon",
        "locking that comes and goes",
        "NHS knee pain ('locks'); G-Care red flags (locked knee); docs/evidence.md#locking",
        version=2,
    ),
)
QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}

ADVICE: dict[ScreeningLevel, tuple[str, str]] = {
    "clear": (
        "No red flags. You can go ahead with the programme; answer these questions again each "
        "week, or at once if something new happens to your knee.",
        "Ingen faresignaler. Du kan følge programmet; svar på spørsmålene igjen hver uke, eller "
        "med en gang hvis noe nytt skjer med kneet.",
    ),
    "soon": (
        "Please see your GP or a physiotherapist within 1-2 weeks. Until a clinician has "
        "reviewed you, no dose will be increased; ask them whether to carry on with the "
        "exercises at a low dose.",
        "Bestill time hos fastlegen eller en fysioterapeut innen 1-2 uker. Inntil du har blitt "
        "undersøkt, økes ingen doser; spør behandleren om du bør fortsette øvelsene med lav dose.",
    ),
    "surgical": (
        "Your knee was operated on recently. Before you start this programme, ask your surgical "
        "team (the ward or clinic that did the operation) whether home exercise is right for you "
        "now and which exercises they want you to do. The programme stays locked until you "
        "answer these questions again and say that they have cleared you. If the wound leaks, "
        "turns red or hot, or you feel unwell, contact them today.",
        "Kneet ditt er nylig operert. Før du begynner med programmet, spør operasjonsteamet "
        "(avdelingen eller klinikken som opererte deg) om hjemmetrening passer for deg nå, og "
        "hvilke øvelser de vil at du skal gjøre. Programmet er låst til du svarer på spørsmålene "
        "igjen og oppgir at de har sagt ja. Hvis såret væsker, blir rødt eller varmt, eller du "
        "føler deg syk, kontakt dem i dag.",
    ),
    "urgent": (
        "Get help today: contact your GP or the out-of-hours service (in Norway legevakten, "
        "116 117; in the UK NHS 111) or an emergency department. Do not do the exercises; the "
        "programme is locked until a clinician has seen you.",
        "Få hjelp i dag: kontakt fastlegen eller legevakten (116 117) eller en akuttmottak. Ikke "
        "gjør øvelsene; programmet er låst til en behandler har undersøkt deg.",
    ),
    "emergency": (
        "Call the emergency number now (113 in Norway, 112 in Europe, 999 in the UK, 911 in "
        "the US). Do not exercise; the programme is locked.",
        "Ring nødnummeret nå (113). Ikke tren; programmet er låst.",
    ),
}


def answer_counts_as_yes(answer: str) -> bool:
    """ "Not sure" counts as "yes" (docs/evidence.md#screening): when in doubt, a clinician
    decides."""
    return answer != "no"


def given_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """The answers actually given: a question left blank is not answered, so it is left out
    rather than refused as an answer it does not take. A form posts every question, and S5C
    ("If the knee was operated on in the last 6 months: ...") does not apply, and is left blank,
    when it was not (``Question.required``; Devon referral guidance,
    docs/evidence.md#recent-surgery). A required question left blank is then "unanswered" to
    ``validate_answers(require_all=True)``, which names it."""
    return {question_id: answer for question_id, answer in answers.items() if answer != ""}


def validate_answers(answers: Mapping[str, str], *, require_all: bool = False) -> None:
    """Refuse unknown question ids and answers a question does not take (and, with
    ``require_all``, unanswered required questions), naming the question as the field. S5 also
    takes "yes", the answer of its version-1 wording ("in the last 6 months?")."""
    for question_id, answer in answers.items():
        question = QUESTIONS_BY_ID.get(question_id)
        if question is None:
            raise InvalidInput(f"unknown screening question {question_id!r}", field=question_id)
        allowed = (*question.choices, "yes") if question_id == "S5" else question.choices
        if answer not in allowed:
            raise InvalidInput(
                f"answer must be one of {', '.join(question.choices)}, got {answer!r}",
                field=question_id,
            )
    missing = [q.id for q in QUESTIONS if q.required and q.id not in answers]
    if require_all and missing:
        raise InvalidInput(f"unanswered: {', '.join(missing)}", field=missing[0])


def asked_questions(answers: Mapping[str, str]) -> tuple[Question, ...]:
    """The questions a record asked: all of them, except that a record answering none of the
    version-2 questions was taken before they existed, and is graded as it was then."""
    newer = any(q.id in answers for q in QUESTIONS if q.version > 1)
    return QUESTIONS if newer else tuple(q for q in QUESTIONS if q.version == 1)


def recent_surgery_rule(answers: Mapping[str, str], asked: tuple[Question, ...]) -> str | None:
    """A recent operation (S5: in the last 6 months, or not sure) that the surgical team has not
    cleared for home exercise (S5C not "yes") locks the programme with advice to ask the surgical
    team, not a GP (Devon referral guidance; docs/evidence.md#recent-surgery). Returns "locked",
    "cleared" or None. An operation longer ago is no flag. A version-1 record (no S5C) keeps its
    old grading: S5 yes = soon."""
    if answers.get("S5", "not_sure") not in RECENT_SURGERY:
        return None
    if QUESTIONS_BY_ID["S5C"] not in asked:
        return "legacy"
    return "cleared" if answers.get("S5C") == "yes" else "locked"


def ottawa_age_rule(answers: Mapping[str, str], asked: tuple[Question, ...]) -> bool:
    """Age 55 or over after a knee injury in the last 7 days needs an X-ray, even when the other
    Ottawa signs are absent (Stiell et al. 1995/1996; docs/evidence.md#ottawa). Unanswered or
    "not sure" counts as yes."""
    if QUESTIONS_BY_ID["AGE55"] not in asked:
        return False
    injured = answer_counts_as_yes(answers.get("INJURY7", "not_sure"))
    older = answer_counts_as_yes(answers.get("AGE55", "not_sure"))
    return injured and older


def screen_red_flags(answers: Mapping[str, str]) -> ScreeningResult:
    """Grade a completed red-flag questionnaire (docs/evidence.md#screening).

    The most serious positive item sets the level. S2 (constant or night pain) together with
    S3 (weight loss, cancer history or a lump) is urgent, not soon (G-Care: "constant unrelenting
    night pain with cancer" needs urgent specialist review). Age 55+ after an injury in the last
    7 days is urgent (Ottawa). A recent operation not cleared by the surgical team locks the
    programme ("surgical"). Unanswered questions count as "not sure", which counts as yes
    (questions a stored record predates are not asked, ``asked_questions``).
    """
    validate_answers(answers)
    asked = asked_questions(answers)
    flags = [q for q in asked if q.kind == "flag" and q.id != "S5"]
    positive = [q.id for q in flags if answer_counts_as_yes(answers.get(q.id, "not_sure"))]
    level: ScreeningLevel = "clear"
    reasons: list[Reason] = []
    for question_id in positive:
        question = QUESTIONS_BY_ID[question_id]
        level = _worse(level, question.level)
        reasons.append(_answer_reason(question, answers.get(question_id, "not_sure")))
    surgery = recent_surgery_rule(answers, asked)
    if surgery in ("locked", "legacy"):
        positive.append("S5")
        level = _worse(level, "surgical" if surgery == "locked" else "soon")
        reasons.append(
            Reason("screening_surgery_not_cleared")
            if surgery == "locked"
            else _answer_reason(QUESTIONS_BY_ID["S5"], answers.get("S5", "not_sure"), "soon")
        )
    elif surgery == "cleared":
        reasons.append(Reason("screening_surgery_cleared"))
    if ottawa_age_rule(answers, asked):
        positive.extend(("AGE55", "INJURY7"))
        level = _worse(level, "urgent")
        reasons.append(Reason("screening_ottawa_age", age=OTTAWA_AGE))
    if "S2" in positive and "S3" in positive and LEVEL_ORDER[level] < LEVEL_ORDER["urgent"]:
        level = "urgent"
        reasons.append(Reason("screening_s2_s3"))
    advice_en, advice_nb = ADVICE[level]
    order = {q.id: i for i, q in enumerate(QUESTIONS)}
    return ScreeningResult(
        level=level,
        positive=tuple(sorted(positive, key=order.__getitem__)),
        reasons=tuple(reasons) or (Reason("screening_all_no"),),
        advice=advice_en,
        advice_nb=advice_nb,
    )


def _worse(level: ScreeningLevel, other: ScreeningLevel) -> ScreeningLevel:
    return other if LEVEL_ORDER[other] > LEVEL_ORDER[level] else level


def _answer_reason(
    question: Question, answered: str, level: ScreeningLevel | None = None
) -> Reason:
    return Reason(
        "screening_answer",
        question=question.id,
        answer=Reason("answer_not_sure" if answered == "not_sure" else "answer_yes"),
        # the concern is worded for clinicians in English; Bokmål repeats the question
        concern=Words(question.concern, question.nb),
        level=LEVEL_WORDS[level or question.level],
    )


def in_session_stop_rule(
    pain: int, events: frozenset[StopEvent] = frozenset()
) -> tuple[Reason, ...]:
    """Stop the session at once on sharp sudden pain or a "pop", new swelling, giving way, or
    pain of 8/10 or more (docs/evidence.md#stop-rule [S]).

    Returns the reasons to stop; empty means carry on. After a stop: relief with its comfort
    measures (the reason ``flare_advice``, ``relief.relief_decision``) and a fresh screening the
    next day. The pain line is ``pain.pain_during_is_flare``'s.
    """
    reasons: list[Reason] = []
    if pain_during_is_flare(pain):
        reasons.append(Reason("stop_pain", pain=pain, stop=FLARE_PAIN))
    reasons.extend(Reason(f"stop_{event}") for event in sorted(events))
    return tuple(reasons)


def screening_advice(result: ScreeningResult) -> Reason:
    """The screening's advice as a reason, in both languages (``ADVICE``)."""
    return Reason(
        "screening_advice", advice=Words(result.advice, result.advice_nb or result.advice)
    )


def referral_rule(day: date, result: ScreeningResult) -> Decision | None:
    """Red flags stop and refer first (docs/evidence.md#screening, docs/evidence.md
    #decision-order): a locking result (surgical, urgent, emergency) or a "soon" one is a
    decision to see a clinician, with the questions that flagged and the advice."""
    if not result.locked and result.level != "soon":
        return None
    return Decision(day, None, "refer", (*result.reasons, screening_advice(result)))


def progression_pause_rule(day: date, result: ScreeningResult) -> Reason | None:
    """A "soon" result pauses progression until a clinician has seen the person
    (docs/evidence.md#screening: GP or physiotherapy review within 1-2 weeks; no dose rises
    meanwhile); a clear result lifts the pause. (A locking result stops everything; the replay
    keeps the pause as it was until a later screening unlocks.)"""
    if result.level != "soon":
        return None
    return Reason("progression_paused", date=day, questions=", ".join(result.positive))


RESCREEN_DAYS = 7
"""The safety questions are asked again weekly (this module's docstring)."""


def rescreen_due_rule(answered_on: date | None, today: date) -> bool:
    """Whether the weekly safety questions are due again: the last answers are a week
    (``RESCREEN_DAYS``) old or more (docs/evidence.md#screening: asked before the first
    session, then weekly). Never answered (None): not due here; onboarding asks them first."""
    return answered_on is not None and (today - answered_on).days >= RESCREEN_DAYS
