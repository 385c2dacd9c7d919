"""Read the exercise catalogue from TOML files and validate it.

The packaged catalogue is ``catalog/exercises/*.toml`` plus ``catalog/equipment.toml``. A clinic
adds exercises by dropping ``<slug>.toml`` files into a folder of its own (and, if they need new
equipment, an ``equipment.toml`` beside them) and naming that folder in ``KNEECOACH_CATALOG_DIRS``
or putting it at ``$KNEECOACH_DATA_DIR/exercises``.

Every problem becomes a ``CatalogError`` whose ``field`` names the file and the key, e.g.
``wall-squat.toml: dose.reps`` with the message ``low 12 is above high 8``. Files are validated in
pydantic's strict mode, so ``reps = ["8", "10"]`` or ``unilateral = "yes"`` are errors, not guesses.

Only the standard library and pydantic are imported: the CLI's cold start depends on it. For the
same reason each file's parsed TOML is kept in ``<data dir>/cache/catalog-toml.json`` under the
SHA-256 of the file's bytes (``ParsedTomlCache``): parsing the packaged TOML was ~30 ms of every
start, reading and hashing the files is well under 1 ms, and validation still runs every time
on the same data (the cache holds what ``_validate`` is given, never validated models).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kneecoach.catalog.schema import Catalog, EquipmentItem, Exercise
from kneecoach.config import default_data_dir
from kneecoach.errors import CatalogError

PACKAGE_DIR = Path(__file__).resolve().parent
EXERCISES_DIR = PACKAGE_DIR / "exercises"
EQUIPMENT_FILE_NAME = "equipment.toml"
CATALOG_DIRS_ENV = "KNEECOACH_CATALOG_DIRS"
DATA_DIR_ENV = "KNEECOACH_DATA_DIR"
_MAX_LISTED_PROBLEMS = 5
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_catalog(*extra_dirs: Path) -> Catalog:
    """The packaged exercises plus those in ``extra_dirs``, validated, in programme order."""
    folders = _unique_folders([EXERCISES_DIR, *extra_dirs])
    equipment_files = [PACKAGE_DIR / EQUIPMENT_FILE_NAME]
    exercise_files: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            raise CatalogError("is not a folder of exercise files", field=str(folder))
        local_equipment = folder / EQUIPMENT_FILE_NAME
        if folder != EXERCISES_DIR and local_equipment.is_file():
            equipment_files.append(local_equipment)
        exercise_files.extend(
            sorted(path for path in folder.glob("*.toml") if path.name != EQUIPMENT_FILE_NAME)
        )
    with ParsedTomlCache.open(os.environ) as parsed:
        equipment = [item for path in equipment_files for item in _load_equipment(path, parsed)]
        exercises = [(_load_exercise(path, parsed), path) for path in exercise_files]
    _check_unique(exercises)
    _check_known_equipment(exercises, {item.slug for item, _ in equipment})
    return Catalog(
        exercises=tuple(sorted((exercise for exercise, _ in exercises), key=lambda e: e.order)),
        equipment=tuple(item for item, _ in equipment),
    )


@functools.cache
def default_catalog() -> Catalog:
    """The catalogue the app uses: packaged + configured folders, loaded once per process.

    Tests that change the environment call ``clear_default_catalog()`` first.
    """
    return load_catalog(*configured_dirs(os.environ))


def clear_default_catalog() -> None:
    """Forget the cached default catalogue (after the environment or files changed)."""
    default_catalog.cache_clear()


def configured_dirs(environ: Mapping[str, str]) -> tuple[Path, ...]:
    """Extra folders named in ``KNEECOACH_CATALOG_DIRS`` and ``$KNEECOACH_DATA_DIR/exercises``.

    A folder named in ``KNEECOACH_CATALOG_DIRS`` must exist (a typo there should not silently drop
    a clinic's exercises); the data directory's ``exercises/`` is used only when present.
    """
    named = [
        Path(part).expanduser()
        for part in environ.get(CATALOG_DIRS_ENV, "").split(os.pathsep)
        if part.strip()
    ]
    data_dir = environ.get(DATA_DIR_ENV, "").strip()
    if data_dir:
        data_exercises = Path(data_dir).expanduser() / "exercises"
        if data_exercises.is_dir():
            named.append(data_exercises)
    return tuple(named)


def require(catalog: Catalog, slug: str) -> Exercise:
    """The exercise called ``slug``; ``NotFound`` listing the known slugs otherwise."""
    return catalog.require(slug)


def _unique_folders(folders: Sequence[Path]) -> list[Path]:
    """Drop repeats (the same folder named twice would otherwise clash with itself)."""
    seen: dict[Path, Path] = {}
    for folder in folders:
        seen.setdefault(folder.resolve() if folder.exists() else folder, folder)
    return list(seen.values())


def _display(path: Path) -> str:
    """Packaged files by name (``wall-squat.toml``), a clinic's files by their full path."""
    return path.name if path.parent in (EXERCISES_DIR, PACKAGE_DIR) else str(path)


class ParsedTomlCache:
    """Parsed TOML files by the SHA-256 of their bytes, as the JSON ``_validate`` reads (dates as
    strings), kept in one file of the data directory between processes.

    Keyed by content, so an edited file is parsed again whatever its timestamps say. Written
    only when something new was parsed, to a temporary file renamed over the old one (two
    processes starting at once each write a whole file). The cache is an optimisation: a data
    directory that does not exist (it is not created here), an unreadable, corrupt or
    unwritable cache file all mean parsing as if there were none.
    """

    VERSION = 1
    FILE_NAME = "catalog-toml.json"

    def __init__(self, path: Path | None, entries: dict[str, str]) -> None:
        self.path = path
        self.entries = entries
        self.changed = False

    @classmethod
    def open(cls, environ: Mapping[str, str]) -> ParsedTomlCache:
        configured = environ.get(DATA_DIR_ENV, "").strip()
        data_dir = Path(configured).expanduser() if configured else default_data_dir()
        if not data_dir.is_dir():
            return cls(None, {})
        path = data_dir / "cache" / cls.FILE_NAME
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, {})
        valid = isinstance(stored, dict) and stored.get("version") == cls.VERSION
        entries = stored.get("files") if valid else None
        return cls(path, entries if isinstance(entries, dict) else {})

    def __enter__(self) -> ParsedTomlCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.changed and self.path is not None and exc_info[0] is None:
            self._write(self.path)

    def parsed(self, source: bytes, parse: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The data of the TOML file whose bytes are ``source``: from the cache, or ``parse()``."""
        key = hashlib.sha256(source).hexdigest()
        text = self.entries.get(key)
        if not isinstance(text, str):
            text = json.dumps(parse(), default=str)
            self.entries[key] = text
            self.changed = True
        data: dict[str, Any] = json.loads(text)
        return data

    def _write(self, path: Path) -> None:
        document = json.dumps({"version": self.VERSION, "files": self.entries})
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(exist_ok=True)
            temporary.write_text(document, encoding="utf-8")
            temporary.replace(path)
        except OSError:
            temporary.unlink(missing_ok=True)


def _read_toml(path: Path, cache: ParsedTomlCache) -> dict[str, Any]:
    try:
        source = path.read_bytes()
        return cache.parsed(source, lambda: tomllib.loads(source.decode("utf-8")))
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        where = f"line {position.group(1)}" if position else "syntax"
        raise CatalogError(
            f"TOML syntax error: {error}", field=f"{_display(path)}: {where}"
        ) from None
    except OSError as error:
        raise CatalogError(f"cannot be read: {error.strerror}", field=_display(path)) from None


def _validate[M: BaseModel](model: type[M], data: object, path: Path) -> M:
    """Strict validation of TOML data; pydantic's errors become one ``CatalogError``."""
    try:
        return model.model_validate_json(json.dumps(data, default=str), strict=True)
    except ValidationError as error:
        problems = [_describe(detail) for detail in error.errors(include_url=False)]
        field, message = problems[0]
        others = [f"{where}: {what}" for where, what in problems[1:_MAX_LISTED_PROBLEMS]]
        if others:
            more = len(problems) - 1 - len(others)
            message += "; also " + "; ".join(others) + (f"; and {more} more" if more else "")
        raise CatalogError(message, field=f"{_display(path)}: {field}") from None


def _describe(detail: Mapping[str, Any]) -> tuple[str, str]:
    """(dotted path, plain message) for one pydantic error."""
    location = _dotted(detail["loc"])
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind == "invalid_entry":
        sub_path = str(context["path"])
        joined = f"{location}.{sub_path}" if location else sub_path
        return joined.replace(".[", "["), str(context["message"])
    if kind == "missing":
        return location, "missing key"
    if kind == "extra_forbidden":
        return location, "unknown key (see docs/catalog.md for the keys a file may hold)"
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind.endswith(("_type", "_parsing")) or kind in ("literal_error", "string_pattern_mismatch"):
        message += f", got {detail.get('input')!r}"
    return location or "(top level)", message


def _dotted(location: Sequence[int | str]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _load_equipment(path: Path, cache: ParsedTomlCache) -> list[tuple[EquipmentItem, Path]]:
    data = _read_toml(path, cache)
    unknown = sorted(set(data) - {"equipment"})
    if unknown:
        raise CatalogError(
            "unknown key; the file holds [[equipment]] tables",
            field=f"{_display(path)}: {unknown[0]}",
        )
    entries = data.get("equipment", [])
    if not isinstance(entries, list):
        raise CatalogError(
            "must be an array of tables ([[equipment]])", field=f"{_display(path)}: equipment"
        )
    items = []
    for index, entry in enumerate(entries):
        try:
            items.append((_validate(EquipmentItem, entry, path), path))
        except CatalogError as error:
            field = (error.field or "").replace(": ", f": equipment[{index}].", 1)
            raise CatalogError(error.message, field=field) from None
    return items


def _load_exercise(path: Path, cache: ParsedTomlCache) -> Exercise:
    exercise = _validate(Exercise, _read_toml(path, cache), path)
    if path.stem != exercise.slug:
        raise CatalogError(
            f"{exercise.slug!r} does not match the file name; name the file {exercise.slug}.toml",
            field=f"{_display(path)}: slug",
        )
    return exercise


def _check_unique(exercises: Sequence[tuple[Exercise, Path]]) -> None:
    for key in ("slug", "id", "order"):
        first_file: dict[object, Path] = {}
        for exercise, path in exercises:
            value = getattr(exercise, key)
            if value in first_file:
                raise CatalogError(
                    f"{key} {str(value)!r} is already used by {_display(first_file[value])}",
                    field=f"{_display(path)}: {key}",
                )
            first_file[value] = path


def _check_known_equipment(exercises: Sequence[tuple[Exercise, Path]], known: set[str]) -> None:
    for exercise, path in exercises:
        for field, slug in _equipment_fields(exercise):
            if slug not in known:
                raise CatalogError(
                    f"unknown equipment {slug!r}; known equipment: {', '.join(sorted(known))} "
                    f"(add new equipment to an {EQUIPMENT_FILE_NAME})",
                    field=f"{_display(path)}: {field}",
                )


def _equipment_fields(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """(dotted path, slug) for every equipment slug the exercise names."""
    for index, slug in enumerate(exercise.equipment):
        yield f"equipment[{index}]", slug
    for ladder in ("regressions", "progressions", "substitutes"):
        for position, entry in enumerate(getattr(exercise, ladder)):
            for index, slug in enumerate(entry.equipment):
                yield f"{ladder}[{position}].equipment[{index}]", slug
