"""The layering rules of docs/architecture.md, checked on the source text (AST, no imports)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kneecoach"

# What the pure layers may import besides the standard library.
PURE_ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions"}
FORBIDDEN_IN_PURE = {
    "django", "ninja", "typer", "rich", "sqlite3", "psycopg", "requests", "httpx", "socket",
    "urllib", "subprocess", "cv2", "mediapipe", "numpy",
}
FORBIDDEN_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"),
                   ("time", "time"), ("datetime", "today")}


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
            assert module.startswith(("kneecoach.programme", "kneecoach.errors",
                                      "kneecoach.catalog.schema")), (
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
