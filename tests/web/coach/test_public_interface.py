"""Every app's ``services.py`` is its public interface: it re-exports, it defines nothing; other
apps, the CLI and the project's wiring import an app's ``services`` and ``models`` only."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from kneecoach.web.coach import services

SRC = Path(services.__file__).parents[3]
WEB = SRC / "kneecoach" / "web"
APPS = sorted(path.parent.name for path in WEB.glob("*/services.py"))
PRIVATE = re.compile(
    r"kneecoach\.web\.coach\.(schemas|repository|replay|usecases|demo)\b"
    r"|from kneecoach\.web\.coach import [^\n]*\b(schemas|repository|replay|usecases|demo)\b"
)
PUBLIC_ROLES = frozenset({"services", "models"})
WIRING = {Path("kneecoach/web/api.py"): frozenset({"api"})}
"""The project's API mounts each app's router; that is wiring, not a call into the app."""
KNOWN_OFFENDERS: frozenset[str] = frozenset()
"""Reaches past a public interface that predate this test (issue 12): none are left, and none
may be added."""


def _imported_modules(tree: ast.Module) -> list[str]:
    """Every module an import names, and ``module.name`` for each name a ``from`` import takes
    (``from kneecoach.web.outcomes import charts`` imports the module ``charts``)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def _reaches_past(path: Path) -> set[str]:
    """``<file> -> <app>.<module>`` for each module of another app this file imports that is
    not that app's public interface."""
    relative = path.relative_to(SRC)
    parts = relative.with_suffix("").parts
    own_app = parts[2] if parts[:2] == ("kneecoach", "web") and len(parts) > 3 else None
    allowed = PUBLIC_ROLES | WIRING.get(relative, frozenset())
    reaches = set()
    for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
        names = module.split(".")
        if len(names) < 4 or names[:2] != ["kneecoach", "web"]:
            continue
        app, role = names[2], names[3]
        if app in APPS and app != own_app and role not in allowed:
            reaches.add(f"{relative.as_posix()} -> {app}.{role}")
    return reaches


def test_every_app_with_use_cases_has_a_public_interface() -> None:
    assert {"coach", "outcomes", "sharing"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_services_only_re_exports_what_its_all_lists(app: str) -> None:
    module = importlib.import_module(f"kneecoach.web.{app}.services")
    tree = ast.parse((WEB / app / "services.py").read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            imported += [alias.asname or alias.name for alias in node.names]
        else:  # the docstring and __all__, nothing else
            assert isinstance(node, ast.Expr | ast.Assign), ast.dump(node)
            if isinstance(node, ast.Assign):
                assert [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]
    assert sorted(set(imported) - {"annotations"}) == sorted(module.__all__)
    assert all(hasattr(module, name) for name in module.__all__)


def test_other_apps_import_only_the_public_interface() -> None:
    coach = WEB / "coach"
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted((SRC / "kneecoach").rglob("*.py"))
        if coach not in path.parents and PRIVATE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_app_reaches_past_another_apps_services_and_models() -> None:
    reaches = set().union(*(_reaches_past(p) for p in sorted((SRC / "kneecoach").rglob("*.py"))))
    assert reaches - KNOWN_OFFENDERS == set()
