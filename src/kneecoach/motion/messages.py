"""The camera coach's own words (notes, fault measurements, refusals) in English and Bokmål.

The analysers build a ``Message`` (a key and its numbers) and the reader's language words it,
as the engine's reasons do (``programme.reasons``): the analysis is stored once and shown in
the language of whoever opens it. A ``Message`` serialises as ``{"key", "params", "text"}``
(``text`` is the English wording, for a reader of the CLI's JSON). The wording lives in one
table per language; a test checks that both tables have the same keys and placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, computed_field

from kneecoach.programme.reasons import decimal

Param = int | float | str

TEMPLATES: Final[dict[str, dict[str, str]]] = {
    "en": {
        # notes
        "side-mismatch": "you said the {given} leg, but the {found} leg did the work; the "
        "reps shown are the {found} leg's",
        "squat-side-view": "filmed from the side: depth is measured; knee caving needs a front "
        "view",
        "squat-front-view": "filmed from the front: knee caving is checked; depth needs a side "
        "view",
        "walk-side-view": "filmed from the side: narrow feet are not checked (the stance needs the "
        "camera in front or at a front corner), and the steps are counted less "
        "reliably",
        "better-view": "this exercise is best filmed from the {wanted}; this video looks like a "
        "{seen} view, so its angles are less reliable",
        # fault measurements
        "too-deep": "knees bent to {angle}°; stop at about 90° or less",
        "knee-inside": "knee moved inside the line from hip to ankle; keep the knees over the toes",
        "hips-short": "hips stopped at {angle}°; lift until shoulder, hip and knee line up",
        "back-arching": "hips pushed {angle}° past the line; stop at a straight line",
        "extension-lag": "knee bent {angle}° during the lift; keep it straight",
        "low-lift": "leg lifted {angle}°; lift to about the height of the other knee",
        "partial-range": "knee bent only {angle}°; curl the heel up to 90° or more",
        "heels-apart": "feet came apart; keep the heels together and open only the knee",
        "pelvis-rolls-back": "pelvis rolled backwards; keep the hips stacked",
        "band-slack": "the feet came to {width} shoulder widths apart; keep tension on the band",
        "feet-narrow": "the feet were {width} shoulder widths apart; step wide to keep the band "
        "taut",
        # refusals
        "no-file": "no such file: {name}",
        "too-large": "the video is {size} MB; the limit is {limit} MB",
        "empty": "the file is empty",
        "not-video": "{name} is not a video OpenCV can read",
        "no-frame": "{name} is not a readable video (no frame could be decoded)",
        "too-long": "the video is {seconds} s long; the limit is {limit} s (film one set)",
        "corrupt": "{name} is corrupt: only {decoded} of {frames} frames decoded",
        "nobody": "no person was found in the video; film the whole body in good light",
        "person-sometimes": "a person was found in only {percent}% of the video; keep the "
        "whole body in the picture",
        "several-people": "{people} people were seen at once; film one person at a time",
        "unknown-exercise": "unknown exercise {exercise}; one of {known}",
        "bad-side": "side must be left or right, not {side}",
        "lying-not-standing": "this exercise is done standing, but the person in the video is "
        "lying down",
        "standing-not-lying": "this exercise is done lying down, but the person in the video is "
        "upright",
        "lying-wrong-view": "{exercise} is filmed from the {wanted}, but this video shows a "
        "lying person seen from the {seen}: a different exercise, or the "
        "camera is in the wrong place",
        "no-reps": "no repetitions were seen: the movement does not match the exercise (or the "
        "camera is not where it should be: film from the {wanted})",
    },
    "nb": {
        "side-mismatch": "du oppga {given} bein, men det var {found} bein som jobbet; "
        "repetisjonene som vises er for {found} bein",
        "squat-side-view": "filmet fra siden: dybden måles; innoverfall av knærne krever "
        "video forfra",
        "squat-front-view": "filmet forfra: innoverfall av knærne sjekkes; dybden krever "
        "video fra siden",
        "walk-side-view": "filmet fra siden: smale steg sjekkes ikke (bredden krever kameraet "
        "forfra eller skrått forfra), og stegene telles mindre sikkert",
        "better-view": "denne øvelsen filmes best {wanted}; denne videoen ser ut til å være "
        "tatt {seen}, så vinklene er mindre pålitelige",
        "too-deep": "knærne bøyd til {angle}°; stopp ved omtrent 90° eller mindre",
        "knee-inside": "kneet gikk innenfor linjen fra hofte til ankel; hold knærne over tærne",
        "hips-short": "hoftene stoppet ved {angle}°; løft til skulder, hofte og kne er på linje",
        "back-arching": "hoftene presset {angle}° forbi linjen; stopp ved en rett linje",
        "extension-lag": "kneet bøyd {angle}° under løftet; hold det strakt",
        "low-lift": "beinet løftet {angle}°; løft til omtrent samme høyde som det andre kneet",
        "partial-range": "kneet bøyd bare {angle}°; trekk hælen opp til 90° eller mer",
        "heels-apart": "føttene gikk fra hverandre; hold hælene samlet og åpne bare kneet",
        "pelvis-rolls-back": "bekkenet rullet bakover; hold hoftene stablet over hverandre",
        "band-slack": "føttene kom {width} skulderbredder fra hverandre; hold strikken stram",
        "feet-narrow": "føttene var {width} skulderbredder fra hverandre; ta brede steg så "
        "strikken holdes stram",
        "no-file": "filen finnes ikke: {name}",
        "too-large": "videoen er {size} MB; grensen er {limit} MB",
        "empty": "filen er tom",
        "not-video": "{name} er ikke en video OpenCV kan lese",
        "no-frame": "{name} er ikke en lesbar video (ingen bilder kunne dekodes)",
        "too-long": "videoen er {seconds} s lang; grensen er {limit} s (film ett sett)",
        "corrupt": "{name} er skadet: bare {decoded} av {frames} bilder ble dekodet",
        "nobody": "ingen person ble funnet i videoen; film hele kroppen i godt lys",
        "person-sometimes": "en person ble funnet i bare {percent} % av videoen; hold hele "
        "kroppen i bildet",
        "several-people": "{people} personer ble sett samtidig; film én person om gangen",
        "unknown-exercise": "ukjent øvelse {exercise}; en av {known}",
        "bad-side": "siden må være venstre eller høyre, ikke {side}",
        "lying-not-standing": "denne øvelsen gjøres stående, men personen i videoen ligger",
        "standing-not-lying": "denne øvelsen gjøres liggende, men personen i videoen står",
        "lying-wrong-view": "{exercise} filmes {wanted}, men videoen viser en liggende "
        "person sett {seen}: en annen øvelse, eller kameraet står feil",
        "no-reps": "ingen repetisjoner ble sett: bevegelsen passer ikke med øvelsen (eller "
        "kameraet står feil: film {wanted})",
    },
}

# Words a parameter or a measure can be; anything else (a file name, a number) is shown as is.
WORDS: Final[dict[str, dict[str, str]]] = {
    "nb": {
        "left": "venstre",
        "right": "høyre",
        "both": "begge",
        "side": "fra siden",
        "front": "forfra",
        "front or above": "forfra eller ovenfra",
        "knee flexion": "kneets bøyning",
        "hip drop": "hoftesenkning",
        "% thigh": "% av lårlengden",
        "shoulder-hip-knee angle": "vinkel skulder-hofte-kne",
        "leg lift": "beinløft",
        "knee opening": "kneets åpning",
        "stance width": "avstand mellom føttene",
        "shoulder widths": "skulderbredder",
        "swinging foot's top speed": "toppfart for foten som svinger",
        "leg lengths/s": "beinlengder/s",
        "deg": "°",
    },
}


# Units whose values run into the tens or hundreds, shown as whole numbers (as precise as the
# camera is); the others (shoulder widths, leg lengths per second) are around 1.
WHOLE_UNITS: Final = frozenset({"deg", "% thigh"})


def digits_for(unit: str | None) -> int:
    """Decimals a measure in ``unit`` is shown with: 0 for angles and percentages, else 1."""
    return 0 if unit is None or unit in WHOLE_UNITS else 1


def shows_phases(reps: Iterable[Any]) -> bool:
    """Whether a rep table needs its hold and way-down columns: some rep has one (a step, or a
    rep without a hold, has a column of zeros otherwise). ``reps`` have ``hold_s``, ``down_s``."""
    return any(rep.hold_s or rep.down_s for rep in reps)


def word(text: str, language: str) -> str:
    """``text`` (a side, a view, a measure or its unit) in ``language``."""
    return WORDS.get(language, {}).get(text, text)


def render(value: Param, language: str) -> str:
    """One parameter: Bokmål writes a decimal comma; known words are translated."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return decimal(value, language)
    return word(value, language)


class Message(BaseModel):
    """One thing the coach says: ``Message(key="too-deep", params={"angle": 104})``."""

    model_config = ConfigDict(frozen=True)

    key: str
    params: dict[str, Param] = Field(default_factory=dict)

    def worded(self, language: str = "en") -> str:
        """The message in ``language`` ("en" or "nb"; anything else gets English)."""
        table = TEMPLATES["nb" if language == "nb" else "en"]
        values = {name: render(value, language) for name, value in self.params.items()}
        return table[self.key].format_map(values)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        return self.worded("en")

    def __str__(self) -> str:
        return self.text


def say(key: str, **params: Param) -> Message:
    """``say("too-deep", angle=104)``: a message, checked against the English table now so a
    typo fails where it is made."""
    message = Message(key=key, params=params)
    message.worded("en")
    return message


def worded_or_stored(item: Any, language: str) -> str:
    """A stored message (a ``Message`` dump, or plain text from before messages had keys) in
    ``language``; a key this version does not know falls back to the stored English text."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        try:
            return Message.model_validate(item).worded(language)
        except (KeyError, ValueError):
            return str(item.get("text", ""))
    return str(item)
