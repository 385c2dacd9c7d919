"""Every section of the evidence page (``docs/evidence.md`` and an anchor) that the code or the
tests cite is a heading of that page, and the programme's rules cite docs/, never a file outside
the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"docs/evidence\.md\s*#([a-z0-9-]+)")


def anchors() -> set[str]:
    headings = re.findall(r"^#+ (.+)$", (ROOT / "docs/evidence.md").read_text(), re.MULTILINE)
    return {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}


def cited() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests/programme").glob("*.py")]:
        # a citation may break across lines inside a docstring: join them first
        text = re.sub(r"\s*\n\s*#", "#", path.read_text())
        for anchor in CITATION.findall(text):
            found.setdefault(anchor, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_cited_evidence_section_exists() -> None:
    known = anchors()
    missing = {anchor: files for anchor, files in cited().items() if anchor not in known}
    assert not missing, missing


def test_programme_rules_cite_docs_not_the_research_notes() -> None:
    rules = ("pain.py", "progression.py", "screening.py", "planning.py", "engine.py", "dosing.py")
    for name in rules:
        text = (ROOT / "src/kneecoach/programme" / name).read_text()
        assert "clinical-rules" not in text, name
