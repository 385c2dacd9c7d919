"""The camera coach's messages: one key, worded in English or Bokmål from the same numbers.

These need no camera extra: the messages are plain pydantic models.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from kneecoach.motion.messages import TEMPLATES, Message, say, worded_or_stored

MOTION = Path(__file__).resolve().parents[2] / "src" / "kneecoach" / "motion"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_word_the_same_keys_with_the_same_placeholders() -> None:
    assert TEMPLATES["en"].keys() == TEMPLATES["nb"].keys()
    for key, english in TEMPLATES["en"].items():
        assert placeholders(english) == placeholders(TEMPLATES["nb"][key]), key


def test_every_key_the_coach_says_is_in_the_tables() -> None:
    said = set()
    for source in MOTION.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "say"
            ):
                key = node.args[0]
                assert isinstance(key, ast.Constant) and isinstance(key.value, str), (
                    f"{source.name}: say() needs a literal key"
                )
                said.add(key.value)
                given = {kw.arg for kw in node.keywords}
                assert given == placeholders(TEMPLATES["en"][key.value]), (source.name, key.value)
    assert len(said) >= 25  # the scan found the analysers' and the refusals' messages
    assert said == TEMPLATES["en"].keys(), "a table has a message no code says"


def test_numbers_are_worded_in_the_readers_language() -> None:
    narrow = say("feet-narrow", width=0.5)
    assert narrow.worded("en").startswith("the feet were 0.5 shoulder widths apart")
    assert narrow.worded("nb").startswith("føttene var 0,5 skulderbredder fra hverandre")
    assert (
        say("side-mismatch", given="left", found="right")
        .worded("nb")
        .startswith("du oppga venstre bein, men det var høyre bein")
    )
    assert narrow.worded("de") == narrow.text  # any other language gets English


def test_a_message_survives_json_and_carries_its_english_text() -> None:
    message = say("too-deep", angle=104)
    dumped = message.model_dump(mode="json")
    assert dumped == {
        "key": "too-deep",
        "params": {"angle": 104},
        "text": "knees bent to 104°; stop at about 90° or less",
    }
    assert Message.model_validate(dumped) == message


def test_stored_text_from_before_keys_and_unknown_keys_fall_back_to_the_stored_words() -> None:
    assert worded_or_stored("knee bent 20 deg", "nb") == "knee bent 20 deg"
    newer = {"key": "from-a-newer-version", "params": {}, "text": "words"}
    assert worded_or_stored(newer, "nb") == "words"
    assert worded_or_stored(say("nobody").model_dump(mode="json"), "nb").startswith(
        "ingen person ble funnet"
    )


def test_a_typo_in_a_key_fails_where_the_message_is_made() -> None:
    with pytest.raises(KeyError):
        say("too-deeep", angle=1)
