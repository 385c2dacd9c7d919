"""A questionnaire as the person reads it: the clinic's licensed item wording where a file in
the data dir provides it, otherwise the shipped text; and the start-up check of those files."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from django.conf import settings

from kneecoach.errors import InvalidInput
from kneecoach.programme import questionnaires as q
from kneecoach.web.outcomes.schemas import FormView, ItemView, OptionView

WORDING_DIR = "questionnaires"
"""``$KNEECOACH_DATA_DIR/questionnaires/<form>.<language>.toml``: a clinic's licensed item text."""
WORDING_KEYS = frozenset({"items"})
"""The tables a wording file may hold; anything else is a typo that would silently be ignored."""


@cache
def load_wording_file(path: Path) -> dict[str, str]:
    """One wording file, checked: ``[items]`` maps item ids of the form its name gives to
    non-empty texts (docs/outcomes.md, Licences and the KOOS wording)."""
    qid = path.name.split(".", 1)[0]
    form = q.questionnaire(qid)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{path.name} is not valid TOML: {error}", field=str(path)) from None
    unknown = sorted(set(data) - WORDING_KEYS)
    if unknown:
        raise InvalidInput(f"{path.name}: unknown table {unknown[0]!r}", field=str(path))
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise InvalidInput(f"{path.name}: [items] must map item ids to texts", field=str(path))
    for item_id, text in items.items():
        if form.item(item_id) is None:
            raise InvalidInput(f"{path.name}: {form.id} has no item {item_id!r}", field=item_id)
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(f"{path.name}: item {item_id} needs its text", field=item_id)
    return {item_id: text.strip() for item_id, text in items.items()}


def clinic_wording(qid: str, language: str) -> dict[str, str]:
    """The licensed item texts a clinic has put in ``<data dir>/questionnaires/``, if any."""
    path = Path(settings.CONFIG.data_dir) / WORDING_DIR / f"{qid}.{language}.toml"
    if not path.is_file():
        return {}
    return load_wording_file(path)


def wording_problems() -> list[str]:
    """Every wording file in the data dir that would be refused, with why; the app's system
    check (``checks.py``) reports them at start-up, before a patient opens the form."""
    folder = Path(settings.CONFIG.data_dir) / WORDING_DIR
    problems = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        qid, _, rest = path.name.partition(".")
        if qid not in q.QUESTIONNAIRE_IDS or rest.count(".") != 1:
            names = ", ".join(q.QUESTIONNAIRE_IDS)
            problems.append(f"{path}: name it <form>.<language>.toml, the form one of {names}")
            continue
        try:
            load_wording_file(path)
        except InvalidInput as error:
            problems.append(f"{path}: {error}")
    return problems


def questionnaire_form(qid: str, language: str = "en") -> FormView:
    """The form in ``language``: the clinic's official item wording where loaded, otherwise the
    shipped text (NPRS, PGIC) or the item summaries (KOOS: see ``programme.questionnaires``)."""
    form = q.questionnaire(qid)
    wording = clinic_wording(form.id, language)
    return FormView(
        id=form.id,
        title=form.title.get(language),
        intro=form.intro.get(language),
        official_wording=form.item_text_shipped or bool(wording),
        items=tuple(
            ItemView(
                id=item.id,
                text=wording.get(item.id, item.text.get(language)),
                section=item.section,
                options=tuple(OptionView(o.value, o.label.get(language)) for o in item.options),
            )
            for item in form.items
        ),
    )


def list_questionnaires(language: str = "en") -> tuple[FormView, ...]:
    return tuple(questionnaire_form(qid, language) for qid in q.QUESTIONNAIRE_IDS)
