"""Red-flag screening and the in-session stop rule.

Source of the questionnaire: clinical-rules.md section 3.2 (design [S] built from the verified
sources in 3.1: Gloucestershire NHS G-Care "Red flags for knee conditions", Cornwall NHS knee
referral criteria, the NHS knee-pain page, the Ottawa knee rule (Stiell 1995/1996), NHS DVT/PE
advice). Each question carries its own source below.

Asked before the first session, then weekly, and at once when a check-in reports something new.
"Not sure" counts as "yes". Any emergency item locks the programme with emergency advice; any
urgent item locks it with same-day advice; any soon item pauses progression and advises a GP or
physiotherapy review within about 1-2 weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kneecoach.errors import InvalidInput
from kneecoach.programme.reasons import LEVEL_WORDS, Reason, Words
from kneecoach.programme.values import (
    ANSWERS,
    Answer,
    ScreeningLevel,
    ScreeningResult,
    StopEvent,
)

LEVEL_ORDER: dict[ScreeningLevel, int] = {"clear": 0, "soon": 1, "urgent": 2, "emergency": 3}
STOP_PAIN = 8
"""NRS at or above which a session stops at once (clinical-rules.md 1.4 step 2 and 3.2)."""


@dataclass(frozen=True, slots=True)
class Question:
    """One red-flag question in patient wording, English and Norwegian Bokmål."""

    id: str
    en: str
    nb: str
    level: ScreeningLevel
    concern: str
    source: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "E1",
        "Are you suddenly short of breath, or do you have chest pain that gets worse when you "
        "breathe in, or are you coughing up blood?",
        "Har du plutselig blitt tung i pusten, har du brystsmerter som blir verre når du puster "
        "inn, eller hoster du opp blod?",
        "emergency",
        "possible blood clot in the lung",
        "NHS deep vein thrombosis / pulmonary embolism advice (clinical-rules.md 3.1) [V2]",
    ),
    Question(
        "U1",
        "Is your knee hot, red and swollen, and do you also have a fever, chills or shivering, or "
        "feel generally unwell?",
        "Er kneet varmt, rødt og hovent, og har du samtidig feber, frysninger eller skjelving, "
        "eller føler du deg generelt syk?",
        "urgent",
        "possible joint infection",
        "G-Care red flags; Cornwall NHS referral criteria; NHS knee pain (clinical-rules.md 3.1)",
    ),
    Question(
        "U2",
        "Since a fall, twist or knock in the last 7 days, have you been unable to take 4 steps on "
        "the leg (even limping), or can you not bend the knee to a right angle, or does it hurt "
        "to press on the kneecap or on the bony bump on the outer side just below the knee? "
        "(If you are 55 or older and have hurt the knee, answer yes.)",
        "Har du etter et fall, en vridning eller et slag de siste 7 dagene ikke klart å gå 4 "
        "skritt på beinet (selv haltende), eller klarer du ikke å bøye kneet til en rett vinkel, "
        "eller gjør det vondt å trykke på kneskålen eller på beinknuten på utsiden rett under "
        "kneet? (Er du 55 år eller eldre og har skadet kneet, svar ja.)",
        "urgent",
        "possible fracture",
        "Ottawa knee rule, Stiell et al. Ann Emerg Med 1995; JAMA 1996;275:611",
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
        "After an injury, can you no longer lift your leg straight off the bed or floor?",
        "Klarer du etter en skade ikke lenger å løfte beinet strakt opp fra sengen eller gulvet?",
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
        "S1",
        "Does the knee give way again and again, especially after an injury?",
        "Svikter kneet gang på gang, særlig etter en skade?",
        "soon",
        "knee instability",
        "NHS knee pain [V2]; G-Care red flags [V]",
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
        "Have you had surgery or a joint replacement on this knee in the last 6 months, or is "
        "there a wound that is leaking?",
        "Er du operert i dette kneet eller har fått nytt kneledd de siste 6 månedene, eller har "
        "du et sår som væsker?",
        "soon",
        "recent surgery: your surgical team should guide the exercise",
        "Devon referral guidance [V2]; clinical-rules.md 3.2 [S]",
    ),
    Question(
        "S6",
        "Is the knee getting steadily worse despite 2-3 weeks of the programme, or not better "
        "after about 6 weeks?",
        "Blir kneet stadig verre selv om du har fulgt programmet i 2-3 uker, eller er det ikke "
        "bedre etter omtrent 6 uker?",
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
        "BNSSG Remedy 'hip problems may present as knee pain' [V2]; clinical-rules.md 3.2 [K]",
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

FLARE_ADVICE = (
    "Comfort measures while the knee settles: keep it gently moving and rest from the "
    "exercises. A knee compression sleeve may feel more comfortable for a short while. For "
    "swelling, a cold pack for up to 15 minutes with a cloth between the pack and the skin; "
    "check the skin after 5 minutes and stop if it is very red, white or numb, and do not use "
    "cold where the skin has reduced feeling. These ease symptoms; they do not heal the knee."
)
"""Relief advice (the seed: rest, knee compression support, cold packs for swelling), with the
NHS safeguards (clinical-rules.md 2.4: ice up to 15 min, cloth layer, check at 5 min; supports
"may help" short term; NICE NG226 does not routinely recommend supports, so comfort measures)."""


def answer_counts_as_yes(answer: Answer) -> bool:
    """ "Not sure" counts as "yes" (clinical-rules.md 3.2): when in doubt, a clinician decides."""
    return answer != "no"


def validate_answers(answers: Mapping[str, str], *, require_all: bool = False) -> None:
    """Refuse unknown question ids and unknown answers (and, with ``require_all``, unanswered
    questions), naming the question as the field."""
    for question_id, answer in answers.items():
        if question_id not in QUESTIONS_BY_ID:
            raise InvalidInput(f"unknown screening question {question_id!r}", field=question_id)
        if answer not in ANSWERS:
            raise InvalidInput(
                f"answer must be one of {', '.join(ANSWERS)}, got {answer!r}", field=question_id
            )
    missing = [q.id for q in QUESTIONS if q.id not in answers]
    if require_all and missing:
        raise InvalidInput(f"unanswered: {', '.join(missing)}", field=missing[0])


def screen_red_flags(answers: Mapping[str, Answer]) -> ScreeningResult:
    """Grade a completed red-flag questionnaire (clinical-rules.md 3.2).

    The most serious positive item sets the level. S2 (constant or night pain) together with
    S3 (weight loss, cancer history or a lump) is urgent, not soon (G-Care: "constant unrelenting
    night pain with cancer" needs urgent specialist review). Unanswered questions count as
    "not sure", which counts as yes.
    """
    validate_answers(answers)
    positive = tuple(q.id for q in QUESTIONS if answer_counts_as_yes(answers.get(q.id, "not_sure")))
    level: ScreeningLevel = "clear"
    reasons: list[Reason] = []
    for question_id in positive:
        question = QUESTIONS_BY_ID[question_id]
        if LEVEL_ORDER[question.level] > LEVEL_ORDER[level]:
            level = question.level
        answered = answers.get(question_id, "not_sure")
        reasons.append(
            Reason(
                "screening_answer",
                question=question_id,
                answer=Reason("answer_not_sure" if answered == "not_sure" else "answer_yes"),
                # the concern is worded for clinicians in English; Bokmål repeats the question
                concern=Words(question.concern, question.nb),
                level=LEVEL_WORDS[question.level],
            )
        )
    if "S2" in positive and "S3" in positive and LEVEL_ORDER[level] < LEVEL_ORDER["urgent"]:
        level = "urgent"
        reasons.append(Reason("screening_s2_s3"))
    advice_en, advice_nb = ADVICE[level]
    return ScreeningResult(
        level=level,
        positive=positive,
        reasons=tuple(reasons) or (Reason("screening_all_no"),),
        advice=advice_en,
        advice_nb=advice_nb,
    )


def in_session_stop_rule(
    pain: int, events: frozenset[StopEvent] = frozenset()
) -> tuple[Reason, ...]:
    """Stop the session at once on sharp sudden pain or a "pop", new swelling, giving way, or
    pain of 8/10 or more (clinical-rules.md 3.2, in-session stop rule [S]; 1.4 step 2).

    Returns the reasons to stop; empty means carry on. After a stop: flare advice
    (``FLARE_ADVICE``) and a fresh screening the next day.
    """
    reasons: list[Reason] = []
    if pain >= STOP_PAIN:
        reasons.append(Reason("stop_pain", pain=pain, stop=STOP_PAIN))
    reasons.extend(Reason(f"stop_{event}") for event in sorted(events))
    return tuple(reasons)
