"""Every section of the evidence page (``docs/evidence.md`` and an anchor) that the code, the
catalogue, the templates, the tests or the docs cite is a heading of that page, and nothing in
``src/`` cites a file outside the repository (the research notes live outside it)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "docs/evidence.md"
CITATION = re.compile(r"docs/evidence\.md\s*#([\w-]+)")
DOCS_LINK = re.compile(r"\]\((?:\./)?evidence\.md#([\w-]+)\)")
SOURCE_SUFFIXES = (".py", ".toml", ".html", ".md", ".txt", ".js", ".po")
OUTSIDE_THE_REPOSITORY = ("clinical-rules", "../shared", "shared/research")


def github_slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped (letters, digits, ``_`` and ``-``
    kept), each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a page; a repeated heading gets ``-1``, ``-2``."""
    seen: Counter[str] = Counter()
    found: set[str] = set()
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and (heading := re.match(r"#{1,6} (.+)$", line)):
            slug = github_slug(heading.group(1))
            found.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
            seen[slug] += 1
    return found


def source_files() -> list[Path]:
    return sorted(p for p in (ROOT / "src").rglob("*") if p.suffix in SOURCE_SUFFIXES)


def cited() -> dict[str, set[str]]:
    """Anchor -> the files citing it as ``docs/evidence.md#anchor`` (src/, tests/programme/,
    README) or linking to it as ``](evidence.md#anchor)`` (docs/)."""
    found: dict[str, set[str]] = {}
    tests = [p for p in (ROOT / "tests/programme").glob("*.py") if p != Path(__file__).resolve()]
    files = [*source_files(), *tests, ROOT / "README.md"]
    for path in [*files, *(ROOT / "docs").glob("*.md")]:
        # a citation may break across lines inside a docstring: join them first
        text = re.sub(r"\s*\n\s*#", "#", path.read_text(encoding="utf-8"))
        for anchor in [*CITATION.findall(text), *DOCS_LINK.findall(text)]:
            found.setdefault(anchor, set()).add(str(path.relative_to(ROOT)))
    return found


def test_github_slug_matches_githubs_anchors() -> None:
    assert github_slug("Three days on, one day off") == "three-days-on-one-day-off"
    assert github_slug("KOOS-12") == "koos-12"
    assert github_slug("KOOS JR") == "koos-jr"
    assert anchors("## Sources\n```\n# not a heading\n```\n### Sources\n") == {
        "sources",
        "sources-1",
    }


def test_every_cited_evidence_section_exists() -> None:
    known = anchors(EVIDENCE.read_text(encoding="utf-8"))
    citations = cited()
    # the walk must see the citations it is meant to check, or it would pass on nothing
    for expected in ("koos", "every-other-day", "ladders", "camera-form-checks", "stop-rule"):
        assert expected in citations, expected
    missing = {anchor: files for anchor, files in citations.items() if anchor not in known}
    assert not missing, missing


def test_src_cites_docs_never_a_file_outside_the_repository() -> None:
    assert any(p.suffix == ".toml" for p in source_files())
    offending = {
        str(path.relative_to(ROOT)): marker
        for path in source_files()
        for marker in OUTSIDE_THE_REPOSITORY
        if marker in path.read_text(encoding="utf-8", errors="replace")
    }
    assert not offending, offending
