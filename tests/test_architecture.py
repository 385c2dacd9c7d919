"""The layering rules of docs/architecture.md, checked on the source text (AST, no imports)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kneecoach"

# What the pure layers may import besides the standard library.
PURE_ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions"}
FORBIDDEN_IN_PURE = {
    "django",
    "ninja",
    "typer",
    "rich",
    "sqlite3",
    "psycopg",
    "requests",
    "httpx",
    "socket",
    "urllib",
    "subprocess",
    "cv2",
    "mediapipe",
    "numpy",
}
FORBIDDEN_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("datetime", "today"),
}


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module)
    return roots


def _python_files(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


@pytest.mark.parametrize("path", _python_files("programme"), ids=lambda p: p.name)
def test_programme_domain_imports_no_framework_and_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for module in _imported_roots(tree):
        top = module.split(".")[0]
        assert top not in FORBIDDEN_IN_PURE, f"{path.name} imports {module}"
        if top == "kneecoach":
            assert module.startswith(
                ("kneecoach.programme", "kneecoach.errors", "kneecoach.catalog.schema")
            ), (
                f"{path.name} imports {module}: the domain may use only programme, errors and "
                "the catalogue schema"
            )


@pytest.mark.parametrize("path", _python_files("programme"), ids=lambda p: p.name)
def test_programme_domain_never_reads_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id, node.func.attr) in FORBIDDEN_CALLS
        ):
            pytest.fail(f"{path.name}:{node.lineno} reads the clock; take today as a parameter")


@pytest.mark.parametrize("path", _python_files("programme"), ids=lambda p: p.name)
def test_programme_domain_does_no_file_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"{path.name}:{node.lineno} opens a file"


# Imports inside a function hide what a module depends on (and the cycles among modules). The
# only ones allowed are the documented lazy imports of optional extras, which would make a plain
# install fail at import time.
LAZY_OPTIONAL_EXTRAS = {"numpy", "scipy", "cv2", "mediapipe", "weasyprint"}
NO_FUNCTION_LEVEL_IMPORTS_UNDER = [""]
"""Packages (under src/kneecoach) held to it: all of them."""
LATE_IMPORTS_ALLOWED = {
    # Django's own order: models and the app registry exist only after django.setup().
    "web/__init__.py": "setup() imports Django when called: `kneecoach --help` starts without it",
    "web/manage.py": "manage.py imports Django's command runner after configuring settings",
    "web/clinic/apps.py": "AppConfig.ready() registers the observers: Django's documented place",
    "web/outcomes/apps.py": "AppConfig.ready() registers the system check (Django's place for it)",
    "web/throttle/limits.py": "the settings import this module, before the app registry exists",
    "cli/loader.py": "the one place the CLI imports Django's command modules, after setup",
    # The camera extra (numpy, OpenCV, mediapipe): modules that load it are imported when used.
    "web/camera/tasks.py": "the job imports motion.analysis (numpy, OpenCV) when it runs",
    "motion/command.py": "the camera command loads the camera extra and Rich only when it runs",
    # Heavy format libraries that one export needs, in modules every start imports.
    "exports/fhir.py": "fhir.resources (~0.12 s of models at import) only for the FHIR export",
}
"""The documented late imports (docs/architecture.md): each file, and why it must import late."""


def _function_level_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of each import inside a function body, lazy optional extras aside."""
    found: list[tuple[int, str]] = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = ["." * node.level + (node.module or "")]
            else:
                continue
            found.extend(
                (node.lineno, module)
                for module in modules
                if module.split(".")[0] not in LAZY_OPTIONAL_EXTRAS
            )
    return sorted(set(found))


@pytest.mark.parametrize(
    "path",
    [path for package in NO_FUNCTION_LEVEL_IMPORTS_UNDER for path in _python_files(package)],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_import_inside_a_function(path: Path) -> None:
    if str(path.relative_to(SRC)) in LATE_IMPORTS_ALLOWED:
        return
    imports = _function_level_imports(ast.parse(path.read_text(encoding="utf-8")))
    assert not imports, (
        f"{path.relative_to(SRC)} imports inside a function at {imports}: import at the top, "
        "and break a cycle by moving the shared piece down"
    )


def test_each_allowed_late_import_is_still_there() -> None:
    stale = [
        name
        for name in LATE_IMPORTS_ALLOWED
        if not _function_level_imports(ast.parse((SRC / name).read_text()))
    ]
    assert not stale, f"no late import left in {stale}: take them off LATE_IMPORTS_ALLOWED"


def test_the_function_level_import_check_sees_nested_and_lazy_imports() -> None:
    tree = ast.parse(
        "import json\n"
        "def f():\n    import numpy\n    from kneecoach import errors\n"
        "class C:\n    def m(self):\n        def inner():\n            import cv2, os\n"
    )
    assert _function_level_imports(tree) == [(4, "kneecoach"), (8, "os")]


def _programme_imports(path: Path) -> set[str]:
    """The ``kneecoach.programme`` modules ``path`` imports anywhere, typing-only ones too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "kneecoach.programme":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.removeprefix("kneecoach.programme."))
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("kneecoach.programme.") for alias in node.names)
    modules = {p.stem for p in _python_files("programme")}
    return {name.split(".")[0] for name in found} & modules - {path.stem}


def test_the_programme_modules_import_each_other_without_a_cycle() -> None:
    graph = {path.stem: _programme_imports(path) for path in _python_files("programme")}
    assert graph["engine"] and graph["values"] <= {"dose", "limits", "reasons"}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join((*trail[trail.index(module) :], module))
        if module not in done:
            for imported in sorted(graph[module]):
                visit(imported, (*trail, module))
            done.add(module)

    for module in sorted(graph):
        visit(module, ())
