"""A malformed exercise file is rejected with a CatalogError naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneecoach.catalog.loader import load_catalog
from kneecoach.errors import CatalogError

from .helpers import docs_example, load_error, packaged_text, replace_once


def _write_example(folder: Path, old: str = "", new: str = "", name: str = "sit-to-stand") -> Path:
    text = docs_example()
    if old:
        text = replace_once(text, old, new)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_dose_range_low_above_high_names_file_and_field(clinic_dir: Path) -> None:
    text = replace_once(packaged_text("wall-squat"), "reps = [8, 12]", "reps = [12, 8]")
    (clinic_dir / "wall-squat.toml").write_text(text, encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{clinic_dir / 'wall-squat.toml'}: dose.reps"
    assert error.message == "low 12 is above high 8"
    assert str(error).endswith("wall-squat.toml: dose.reps: low 12 is above high 8")


def test_toml_syntax_error_names_file_and_line(clinic_dir: Path) -> None:
    text = docs_example().splitlines()
    text[4] = "unilateral false"  # line 5: no '='
    (clinic_dir / "sit-to-stand.toml").write_text("\n".join(text), encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{clinic_dir / 'sit-to-stand.toml'}: line 5"
    assert "TOML syntax error" in error.message


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ('focus = "knee"', 'focus = "knee"\ndifficulty = 3', "difficulty", "unknown key"),
        (
            "rest_seconds = 60",
            "rest_seconds = 60\nrepetitions = 3",
            "dose.repetitions",
            "unknown key",
        ),
        ('focus = "knee"\n', "", "focus", "missing key"),
        (
            'name = { en = "Sit to stand", nb = "Reis deg fra stol" }',
            'name = { en = "Sit to stand" }',
            "name.nb",
            "missing key",
        ),
        ("reps = [8, 12]", 'reps = ["8", "12"]', "dose.reps[0]", "valid integer"),
        ("unilateral = false", 'unilateral = "no"', "unilateral", "valid boolean"),
        ("order = 8", 'order = "8"', "order", "valid integer"),
        ('focus = "knee"', 'focus = "ankle"', "focus", "'hip' or 'knee'"),
        ('slug = "sit-to-stand"\n', 'slug = "Sit To Stand"\n', "slug", "should match pattern"),
        (
            "reps = [8, 12]",
            "reps = [8, 12]\nseconds = [30, 60]",
            "dose",
            "exactly one of reps or seconds",
        ),
        (
            'nb = ["Knærne over føttene."]',
            'nb = ["Knærne over føttene.", "Rolig ned."]',
            "cues",
            "en has 1 items but nb has 2",
        ),
        ('id = "6f1c2a4e', 'id = "not-a-uuid-6f1c2a4e', "id", "UUID"),
        ("t = 0.5", "t = 0.0", "illustration.keyframes[1].t", "does not follow"),
        (
            'equipment = ["chair"]\nname = { en = "Sit to stand from',
            'equipment = ["chair"]\nsteps_hold = "yes"\nname = { en = "Sit to stand from',
            "regressions[0].steps_hold",
            "valid boolean",
        ),
    ],
)
def test_bad_values_name_file_and_field(
    clinic_dir: Path, old: str, new: str, field: str, message: str
) -> None:
    path = _write_example(clinic_dir, old, new)
    error = load_error(clinic_dir)
    assert error.field == f"{path}: {field}"
    assert message in error.message


def test_keyframe_missing_a_joint_names_the_keyframe(clinic_dir: Path) -> None:
    lines = docs_example().splitlines()
    second_knee = [i for i, line in enumerate(lines) if line.startswith("knee_l =")][1]
    del lines[second_knee]
    path = clinic_dir / "sit-to-stand.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{path}: illustration.keyframes[1].joints"
    assert error.message == "missing joints knee_l"


def test_keyframes_without_a_body_joint_are_rejected(clinic_dir: Path) -> None:
    lines = [line for line in docs_example().splitlines() if not line.startswith("toe_r =")]
    path = clinic_dir / "sit-to-stand.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{path}: illustration.keyframes[0].joints"
    assert "toe_r" in error.message


def test_band_naming_an_unknown_joint_is_rejected(clinic_dir: Path) -> None:
    path = _write_example(
        clinic_dir, 'far_side = "l"', 'far_side = "l"\nband = ["ankle_r", "pulley"]'
    )
    error = load_error(clinic_dir)
    assert error.field == f"{path}: illustration.band"
    assert "'pulley' is not a joint" in error.message


def test_file_name_must_match_slug(clinic_dir: Path) -> None:
    path = _write_example(clinic_dir, name="chair-stand")
    error = load_error(clinic_dir)
    assert error.field == f"{path}: slug"
    assert "name the file sit-to-stand.toml" in error.message


def test_duplicate_slug_names_both_files(clinic_dir: Path) -> None:
    (clinic_dir / "wall-squat.toml").write_text(packaged_text("wall-squat"), encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{clinic_dir / 'wall-squat.toml'}: slug"
    assert "already used by wall-squat.toml" in error.message


def test_duplicate_uuid_names_both_files(clinic_dir: Path) -> None:
    path = _write_example(
        clinic_dir,
        'id = "6f1c2a4e-3b7d-4c11-9e55-2d8a7b90c312"',
        'id = "1552d965-acc6-5322-ba3d-276539732926"',
    )
    error = load_error(clinic_dir)
    assert error.field == f"{path}: id"
    assert "already used by vmo-lift.toml" in error.message


def test_duplicate_order_names_both_files(clinic_dir: Path) -> None:
    path = _write_example(clinic_dir, "order = 8", "order = 3")
    error = load_error(clinic_dir)
    assert error.field == f"{path}: order"
    assert "already used by glute-bridge.toml" in error.message


def test_duplicates_within_a_clinic_folder_name_both_files(clinic_dir: Path) -> None:
    first = _write_example(clinic_dir)
    second_text = replace_once(docs_example(), 'slug = "sit-to-stand"', 'slug = "chair-stand"')
    second_text = replace_once(second_text, "6f1c2a4e", "7f1c2a4e")
    (clinic_dir / "chair-stand.toml").write_text(second_text, encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{first}: order"
    assert str(clinic_dir / "chair-stand.toml") in error.message


def test_unknown_equipment_is_rejected(clinic_dir: Path) -> None:
    path = _write_example(
        clinic_dir, 'equipment = ["chair"]\nsource', 'equipment = ["step-box"]\nsource'
    )
    error = load_error(clinic_dir)
    assert error.field == f"{path}: equipment[0]"
    assert "unknown equipment 'step-box'" in error.message


def test_unknown_equipment_in_a_variant_is_rejected(clinic_dir: Path) -> None:
    text = docs_example().replace(
        'slug = "sit-to-stand-slow"\nequipment = ["chair"]',
        'slug = "sit-to-stand-slow"\nequipment = ["chair", "weight-vest"]',
    )
    path = clinic_dir / "sit-to-stand.toml"
    path.write_text(text, encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{path}: progressions[0].equipment[1]"


def test_a_clinic_equipment_file_adds_equipment(clinic_dir: Path) -> None:
    _write_example(clinic_dir, 'equipment = ["chair"]\nsource', 'equipment = ["step-box"]\nsource')
    (clinic_dir / "equipment.toml").write_text(
        '[[equipment]]\nslug = "step-box"\nname = { en = "Step box", nb = "Stepkasse" }\n',
        encoding="utf-8",
    )
    catalog = load_catalog(clinic_dir)
    assert catalog.equipment_name("step-box", "nb") == "Stepkasse"


def test_a_malformed_equipment_file_names_the_entry(clinic_dir: Path) -> None:
    (clinic_dir / "equipment.toml").write_text(
        '[[equipment]]\nslug = "step-box"\nname = { en = "Step box" }\n', encoding="utf-8"
    )
    error = load_error(clinic_dir)
    assert error.field == f"{clinic_dir / 'equipment.toml'}: equipment[0].name.nb"


def test_substitute_for_equipment_the_exercise_does_not_use(clinic_dir: Path) -> None:
    path = _write_example(
        clinic_dir,
        "[[regressions]]",
        '[[substitutes]]\nwhen_missing = "wall"\nslug = "sit-to-stand-sofa"\n'
        'name = { en = "From a sofa", nb = "Fra sofaen" }\n'
        'how = { en = "Use a firm sofa.", nb = "Bruk en fast sofa." }\n\n[[regressions]]',
    )
    error = load_error(clinic_dir)
    assert error.field == f"{path}: substitutes[0].when_missing"
    assert "'wall' is not in this exercise's equipment (chair)" in error.message


def test_a_version_drawn_without_the_exercises_figure_cannot_say_the_steps_hold(
    clinic_dir: Path,
) -> None:
    """``steps_hold = true`` says the exercise's starting position, steps and faults describe
    the version; a version in another position (drawn without the figure) contradicts it."""
    path = _write_example(
        clinic_dir,
        'equipment = ["chair"]\nname = { en = "Sit to stand from',
        'equipment = ["chair"]\nsteps_hold = true\ndrawn_without = ["figure"]\n'
        'name = { en = "Sit to stand from',
    )
    error = load_error(clinic_dir)
    assert error.field == f"{path}: regressions[0].steps_hold"
    assert "not described by the exercise's steps" in error.message


def test_repeated_fault_ids_are_rejected(clinic_dir: Path) -> None:
    fault = '[[faults]]\nid = "knees-in"\ncamera = true\n'
    text = docs_example()
    block = text[text.index(fault) : text.index("[[regressions]]")]
    path = clinic_dir / "sit-to-stand.toml"
    path.write_text(text.replace(block, block + block), encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field == f"{path}: faults"
    assert "'knees-in' appears twice" in error.message


def test_several_problems_are_listed_together(clinic_dir: Path) -> None:
    text = replace_once(docs_example(), "order = 8", 'order = "8"')
    text = replace_once(text, 'focus = "knee"', 'focus = "ankle"')
    (clinic_dir / "sit-to-stand.toml").write_text(text, encoding="utf-8")
    error = load_error(clinic_dir)
    assert error.field is not None and error.field.endswith(": order")
    assert "also focus:" in error.message


def test_a_missing_extra_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path / "nowhere")
    assert caught.value.field == str(tmp_path / "nowhere")


def test_catalog_error_has_the_one_json_shape(clinic_dir: Path) -> None:
    _write_example(clinic_dir, "order = 8", "order = 0")
    payload = load_error(clinic_dir).as_dict()
    assert payload["error"] == "catalog_invalid"
    assert payload["field"] is not None and payload["field"].endswith("sit-to-stand.toml: order")
