"""What to do the moment a set hurts too much, in plain words (English and Norwegian Bokmål).

The thresholds are ``pain``'s (``ACCEPTABLE_MAX``, ``FLARE_PAIN``, ``pain_during_response_rule``);
this module only words the answer. The relief advice is the engine's own (``flare_advice``), so
the page, the API and the terminal say the same thing the relief day says.
"""

from __future__ import annotations

from typing import Final

from kneecoach.programme.pain import (
    ACCEPTABLE_MAX,
    FLARE_PAIN,
    PainResponse,
    pain_during_response_rule,
)
from kneecoach.programme.reasons import Reason, Words

EASE_OFF: Final = Words(
    "Your pain was {pain} out of 10. That is above the limit of {limit}. Ease off now: do fewer "
    "repetitions, make the movement smaller or rest longer. If the next set also hurts more than "
    "{limit}, stop this exercise for today.",
    "Smerten var {pain} av 10. Det er over grensen på {limit}. Ta det roligere nå: gjør færre "
    "repetisjoner, gjør bevegelsen mindre eller hvil lenger. Gjør neste sett også vondere enn "
    "{limit}, så stopp denne øvelsen for i dag.",
)
STOP_SESSION: Final = Words(
    "Your pain was {pain} out of 10. Stop the session now: at {stop} or more the knee needs rest, "
    "not exercise. Your plan switches to relief days until the knee settles.",
    "Smerten var {pain} av 10. Avslutt økta nå: ved {stop} eller mer trenger kneet ro, ikke "
    "trening. Planen går over til avlastningsdager til kneet har roet seg.",
)


def pain_advice(pain: int, language: str = "en") -> tuple[PainResponse, tuple[str, ...]]:
    """The response to a set's pain and what to tell the person, one paragraph per item:
    nothing within the limit; ease off above it; stop, then the relief advice, at the stop
    limit."""
    response = pain_during_response_rule(pain)
    if response == "carry_on":
        return response, ()
    if response == "ease_off":
        return response, (EASE_OFF.get(language).format(pain=pain, limit=ACCEPTABLE_MAX),)
    stop = STOP_SESSION.get(language).format(pain=pain, stop=FLARE_PAIN)
    return response, (stop, Reason("flare_advice").text(language))
