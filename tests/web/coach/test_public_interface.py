"""``coach.services`` is the coach app's public interface: it re-exports, it defines nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kneecoach.web.coach import services

SRC = Path(services.__file__).parents[3]
PRIVATE = re.compile(
    r"kneecoach\.web\.coach\.(schemas|repository|replay|usecases|demo)\b"
    r"|from kneecoach\.web\.coach import [^\n]*\b(schemas|repository|replay|usecases|demo)\b"
)


def test_services_only_re_exports_what_its_all_lists() -> None:
    tree = ast.parse(Path(services.__file__).read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            imported += [alias.asname or alias.name for alias in node.names]
        else:  # the docstring and __all__, nothing else
            assert isinstance(node, ast.Expr | ast.Assign), ast.dump(node)
            if isinstance(node, ast.Assign):
                assert [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]
    assert sorted(set(imported) - {"annotations"}) == sorted(services.__all__)
    assert all(hasattr(services, name) for name in services.__all__)


def test_other_apps_import_only_the_public_interface() -> None:
    coach = SRC / "kneecoach" / "web" / "coach"
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted((SRC / "kneecoach").rglob("*.py"))
        if coach not in path.parents and PRIVATE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
